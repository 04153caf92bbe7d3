import { randomBytes } from 'node:crypto';
import { link, readFile, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrorCode, removeIfPresent } from './ledger-files.ts';
import { LOCK_NAME } from './ledger-format.ts';

/**
 * Thrown when another process (or this one) has the ledger open. Not a registry code: it is
 * an operating condition of the site's start, like a port already in use, never a refusal
 * sent to a client.
 */
export class LedgerLockedError extends Error {
  override readonly name = 'LedgerLockedError';
  readonly code = 'LEDGER_LOCKED';

  constructor(
    readonly lockFile: string,
    readonly pid: number,
  ) {
    super(
      `The ledger is already open in process ${pid} (lock file ${lockFile}). Stop that process first; a lock left by a process that no longer runs is taken over by itself.`,
    );
  }
}

/** Ledger directories this process holds, by real path: a second open in the same process is refused too. */
const heldHere = new Set<string>();

/**
 * Takes the directory's lock: `LOCK` holding the owner's pid, created whole with link(2) so it
 * is never seen half written. A lock whose process is gone (process.kill(pid, 0) says so) is
 * stale and taken over; so is one holding this process's own pid that this process does not
 * hold (a restarted container reuses pids). Returns the release function.
 */
export async function lockDirectory(directory: string): Promise<() => Promise<void>> {
  const key = await realpath(directory);
  const lockFile = join(key, LOCK_NAME);
  if (heldHere.has(key)) throw new LedgerLockedError(lockFile, process.pid);
  heldHere.add(key); // before any await: a concurrent open in this process must see it
  const release = async () => {
    heldHere.delete(key);
    if ((await readHolder(lockFile)) === process.pid) await removeIfPresent(lockFile);
  };
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await tryCreate(lockFile)) return release;
      const holder = await readHolder(lockFile);
      if (holder !== null && holder !== process.pid && isAlive(holder)) throw new LedgerLockedError(lockFile, holder);
      await breakStaleLock(lockFile, holder);
    }
    throw new LedgerLockedError(lockFile, (await readHolder(lockFile)) ?? 0);
  } catch (error) {
    heldHere.delete(key);
    throw error;
  }
}

async function tryCreate(lockFile: string): Promise<boolean> {
  const candidate = `${lockFile}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    // A full disk creates the file and then refuses its bytes: the finally removes it either way.
    await writeFile(candidate, `${process.pid}\n`, { mode: 0o600 });
    await link(candidate, lockFile);
    return true;
  } catch (error) {
    if (isErrorCode(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await removeIfPresent(candidate);
  }
}

/** The pid in a lock file; null when it is gone or holds no pid (no live process wrote it: links are whole). */
async function readHolder(lockFile: string): Promise<number | null> {
  try {
    const match = /^(\d{1,10})\n?$/.exec(await readFile(lockFile, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return null;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrorCode(error, 'EPERM');
  }
}

/**
 * Moves the stale lock aside before removing it, so two processes breaking the same stale
 * lock at once cannot remove each other's fresh one: whoever finds a live pid in what it
 * moved puts it back and yields.
 */
async function breakStaleLock(lockFile: string, stale: number | null): Promise<void> {
  const aside = `${lockFile}.${process.pid}.${randomBytes(6).toString('hex')}.stale.tmp`;
  try {
    await rename(lockFile, aside);
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return;
    throw error;
  }
  const moved = await readHolder(aside);
  if (moved !== stale && moved !== null && moved !== process.pid && isAlive(moved)) {
    await link(aside, lockFile).catch(() => undefined);
    await unlink(aside);
    throw new LedgerLockedError(lockFile, moved);
  }
  await unlink(aside);
}
