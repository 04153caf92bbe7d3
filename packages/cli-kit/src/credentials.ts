import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliFailure } from './command.ts';

/** What `airlock login` keeps: the authority and the API token it made for this user's CLI. */
export interface StoredCredentials {
  readonly url: string;
  readonly token: string;
  /** The token's id, so that `airlock logout` can revoke it. */
  readonly tokenId: string;
  readonly email: string;
  readonly createdAt: string;
}

/**
 * Where the user's credentials live: `$XDG_CONFIG_HOME/airlock/credentials.json`, else
 * `~/.config/airlock/credentials.json` (HOME from the environment the CLI was given).
 */
export function credentialsPath(env: Readonly<Record<string, string | undefined>>): string {
  const config = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME ?? homedir(), '.config');
  return join(config, 'airlock', 'credentials.json');
}

/** The stored credentials, or null when there are none; a file that is not ours is a failure (exit 3). */
export async function readCredentials(env: Readonly<Record<string, string | undefined>>): Promise<StoredCredentials | null> {
  const path = credentialsPath(env);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliFailure(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const parsed = parseCredentials(text);
  if (!parsed) throw new CliFailure(`${path} is not an airlock credentials file: run airlock login again (or delete it)`);
  return parsed;
}

function parseCredentials(text: string): StoredCredentials | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const fields = ['url', 'token', 'tokenId', 'email', 'createdAt'] as const;
  if (!fields.every((field) => typeof record[field] === 'string')) return null;
  return {
    url: record.url as string,
    token: record.token as string,
    tokenId: record.tokenId as string,
    email: record.email as string,
    createdAt: record.createdAt as string,
  };
}

/**
 * Writes the credentials readable by the user alone: the directory 0700, the file 0600, written
 * beside it and renamed into place so a reader never sees half a file. Returns the path.
 */
export async function writeCredentials(env: Readonly<Record<string, string | undefined>>, credentials: StoredCredentials): Promise<string> {
  const path = credentialsPath(env);
  const partial = `${path}.partial`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await chmod(dirname(path), 0o700);
    await writeFile(partial, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'w' });
    await chmod(partial, 0o600);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw new CliFailure(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return path;
}

/** Deletes the credentials file; true when there was one. */
export async function removeCredentials(env: Readonly<Record<string, string | undefined>>): Promise<boolean> {
  const path = credentialsPath(env);
  try {
    await rm(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CliFailure(`cannot delete ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
