import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliFailure, UsageError, type Io } from './command.ts';

/** Reads a document the user names: a missing file is a usage error. */
export async function readDocument(io: Io, path: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Writes a document (token, license file, key); returns the absolute path written. */
export async function writeDocument(io: Io, path: string, text: string): Promise<string> {
  const absolute = resolve(io.cwd, path);
  try {
    await writeFile(absolute, text, 'utf8');
  } catch (error) {
    throw new CliFailure(`cannot write ${absolute}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return absolute;
}

/** A downloaded document's metadata, without its text (which went to a file). */
export function withoutText<T extends { readonly text: string }>(document: T): Omit<T, 'text'> {
  return Object.fromEntries(Object.entries(document).filter(([key]) => key !== 'text')) as Omit<T, 'text'>;
}
