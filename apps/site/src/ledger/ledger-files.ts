import { mkdir, open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseCheckpointName, parseSegmentName } from './ledger-format.ts';

/** How the writer opens files: `fs/promises`'s `open`, or a test's that fails on demand (a full or failing disk). */
export type OpenFile = (path: string, flags: string, mode?: number) => Promise<FileHandle>;

/** What the ledger directory holds, by kind; other files are left alone. */
export interface LedgerDirectory {
  /** Segment numbers, ascending. */
  readonly segments: readonly number[];
  /** Checkpoint sequences, ascending. */
  readonly checkpoints: readonly number[];
  /** Names of `*.tmp` files a crash left behind. */
  readonly temporary: readonly string[];
}

/** A directory removed under a running ledger lists as empty: the verification then reports what is missing. */
export async function listLedgerDirectory(directory: string): Promise<LedgerDirectory> {
  const names = await readdir(directory).catch((error: unknown) => {
    if (isErrorCode(error, 'ENOENT')) return [];
    throw error;
  });
  const segments: number[] = [];
  const checkpoints: number[] = [];
  const temporary: string[] = [];
  for (const name of names) {
    const segment = parseSegmentName(name);
    const checkpoint = parseCheckpointName(name);
    if (segment !== null) segments.push(segment);
    else if (checkpoint !== null) checkpoints.push(checkpoint);
    else if (name.endsWith('.tmp')) temporary.push(name);
  }
  const ascending = (a: number, b: number) => a - b;
  return { segments: segments.sort(ascending), checkpoints: checkpoints.sort(ascending), temporary };
}

/**
 * The file's bytes; null when it is gone (a checkpoint pruned while a verification ran);
 * 'too large' past `limit`, unread.
 */
export async function readIfPresent(path: string, limit: number): Promise<Buffer | null | 'too large'> {
  try {
    if ((await stat(path)).size > limit) return 'too large';
    return await readFile(path);
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return null;
    throw error;
  }
}

/**
 * Makes a directory's entries durable (a created, renamed or removed file). Windows cannot
 * open a directory; its file system journals metadata, so there is nothing to do there.
 */
export async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces a file atomically: a temporary file beside it, renamed over it. With `durable`,
 * the data is fdatasync'd before the rename and the directory after it, so a crash leaves
 * the old or the new file, whole; without, a crash of the machine (not of the process) may
 * leave the old file, or an empty one.
 */
export async function replaceFile(path: string, data: Buffer | string, durable: boolean): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(data);
    if (durable) await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  if (durable) await syncDirectory(dirname(path));
}

/** Creates the directory if need be, with every new level made durable in its parent. */
export async function ensureDirectory(directory: string): Promise<void> {
  const first = await mkdir(directory, { recursive: true, mode: 0o700 });
  if (first === undefined) return;
  for (let level = resolve(directory); ; level = dirname(level)) {
    await syncDirectory(dirname(level));
    if (level === resolve(first)) return;
  }
}

export async function removeIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isErrorCode(error, 'ENOENT')) throw error;
  }
}

export const inDirectory = (directory: string, name: string) => join(directory, name);

export function isErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
