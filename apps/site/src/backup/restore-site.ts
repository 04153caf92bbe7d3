import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, rmdir, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isErrorCode } from '../ledger/ledger-files.ts';
import { BACKUP_FORMAT, BACKUP_MAGIC, type SiteBackupHeader } from './site-backup.ts';

/** Why a backup cannot be restored: not a backup, damaged, or a target that is not free. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/** The file `airlock site restore` leaves in the data directory: the head it put back (docs/formats.md, "Site backup"). */
const RESTORE_MARKER = 'restore.json';
const MARKER_FORMAT = 'airlock-site-restore';
const MAX_LINE = 64 * 1024;
/** The only paths a backup may hold: nothing can be written outside the data directory. */
const ALLOWED_PATH = /^(site\.json|ledger\/segment-\d{8}\.log|ledger\/checkpoint-\d{16}\.ckpt)$/;
const HEX_HASH = /^[0-9a-f]{64}$/;

export interface RestoredSite {
  readonly siteGuid: string;
  readonly createdAt: string;
  readonly ledger: { readonly sequence: number; readonly head: string };
  readonly files: number;
}

/**
 * Writes a site backup into a data directory that does not exist or is empty (a stopped site's
 * old directory is moved aside first: nothing is overwritten). Every byte is checked against the
 * backup's SHA-256 before the directory appears: the files go to a temporary directory beside
 * it, renamed into place only when whole. Then `restore.json` records the ledger head put back,
 * which the site's next start declares as a restore (the ledger's witness, kept outside the data
 * directory, still remembers how far the ledger once went): see `readRestoreMarker`.
 *
 * @example
 * ```ts
 * const restored = await restoreSiteBackup('/backups/site-2026-12-01.airlock-backup', '/var/lib/airlock/site', new Date());
 * ```
 */
export async function restoreSiteBackup(from: string, dataDir: string, now: Date): Promise<RestoredSite> {
  const target = resolve(dataDir);
  await checkFree(target);
  const staging = `${target}.restoring-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(join(staging, 'ledger'), { recursive: true, mode: 0o700 });
  try {
    const restored = await unpack(from, staging);
    const marker = {
      format: MARKER_FORMAT,
      version: 1,
      siteGuid: restored.siteGuid,
      restoredAt: now.toISOString(),
      backupCreatedAt: restored.createdAt,
      ledger: restored.ledger,
    };
    await writeFile(join(staging, RESTORE_MARKER), `${JSON.stringify(marker)}\n`, { mode: 0o600 });
    await mkdir(dirname(target), { recursive: true });
    await rmdir(target).catch((error: unknown) => {
      if (!isErrorCode(error, 'ENOENT')) throw error;
    });
    await rename(staging, target);
    return restored;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The ledger head `airlock site restore` put back, or null when the data directory holds no
 * restore marker (or one that is not a marker: it is then ignored, and a ledger behind its
 * witness is a plain rollback).
 */
export async function readRestoreMarker(dataDir: string): Promise<{ readonly sequence: number; readonly hash: string } | null> {
  let text: string;
  try {
    text = await readFile(join(dataDir, RESTORE_MARKER), 'utf8');
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return null;
    throw error;
  }
  try {
    const marker = JSON.parse(text) as { format?: unknown; ledger?: { sequence?: unknown; head?: unknown } };
    const { sequence, head } = marker.ledger ?? {};
    if (marker.format !== MARKER_FORMAT || !Number.isSafeInteger(sequence) || typeof head !== 'string' || !HEX_HASH.test(head)) return null;
    return { sequence: sequence as number, hash: head };
  } catch {
    return null;
  }
}

/** Removes the restore marker once the restore is settled (the site re-baselined and its witness past the gap). */
export async function removeRestoreMarker(dataDir: string): Promise<void> {
  await rm(join(dataDir, RESTORE_MARKER), { force: true });
}

async function checkFree(target: string): Promise<void> {
  try {
    const entries = await readdir(target);
    if (entries.length > 0) throw new BackupError(`${target} is not empty: stop the site and move its data directory aside (or choose another), then restore`);
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return;
    if (isErrorCode(error, 'ENOTDIR')) throw new BackupError(`${target} is a file, not a directory`);
    throw error;
  }
}

/** Reads the backup sequentially, writing each file under `staging`; checks the paths, the sizes and the SHA-256. */
async function unpack(from: string, staging: string): Promise<RestoredSite> {
  let handle: FileHandle;
  try {
    handle = await open(from, 'r');
  } catch (error) {
    throw new BackupError(`cannot read the backup ${from}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const reader = new BackupReader(handle);
    if ((await reader.line()) !== BACKUP_MAGIC) throw new BackupError(`${from} is not an Airlock site backup`);
    const header = parseHeader(await reader.line());
    let files = 0;
    for (;;) {
      const before = reader.digest.copy().digest('hex');
      const line = await reader.line();
      const entry = parseJson(line) as { path?: unknown; bytes?: unknown; end?: unknown; files?: unknown; sha256?: unknown };
      if (entry.end === true) {
        if (entry.sha256 !== before || entry.files !== files) throw new BackupError('the backup is damaged: its checksum does not match');
        if (!(await reader.atEnd())) throw new BackupError('the backup is damaged: bytes follow its end');
        return { siteGuid: header.siteGuid, createdAt: header.createdAt, ledger: header.ledger, files };
      }
      if (typeof entry.path !== 'string' || !ALLOWED_PATH.test(entry.path) || !Number.isSafeInteger(entry.bytes) || (entry.bytes as number) < 0) {
        throw new BackupError('the backup is damaged: a file entry is not one a site backup holds');
      }
      await writeFile(join(staging, entry.path), await reader.bytes(entry.bytes as number), { mode: 0o600, flag: 'wx' }).catch((error: unknown) => {
        if (isErrorCode(error, 'EEXIST')) throw new BackupError(`the backup is damaged: ${String(entry.path)} appears twice`);
        throw error;
      });
      files++;
    }
  } finally {
    await handle.close();
  }
}

function parseHeader(line: string): SiteBackupHeader {
  const header = parseJson(line) as Partial<SiteBackupHeader>;
  const ledger = header.ledger;
  if (
    header.format !== BACKUP_FORMAT ||
    header.version !== 1 ||
    typeof header.siteGuid !== 'string' ||
    typeof header.createdAt !== 'string' ||
    !ledger ||
    !Number.isSafeInteger(ledger.sequence) ||
    typeof ledger.head !== 'string' ||
    !HEX_HASH.test(ledger.head)
  ) {
    throw new BackupError('the backup header is not one this version reads');
  }
  return header as SiteBackupHeader;
}

function parseJson(line: string): unknown {
  try {
    const value = JSON.parse(line) as unknown;
    if (typeof value === 'object' && value !== null) return value;
  } catch {
    // said below
  }
  throw new BackupError('the backup is damaged: a line is not JSON');
}

/** Lines and byte runs from a file handle, read in chunks, hashing everything it hands out. */
class BackupReader {
  readonly digest = createHash('sha256');
  private buffer = Buffer.alloc(0);
  private position = 0;
  private ended = false;

  constructor(private readonly handle: FileHandle) {}

  async line(): Promise<string> {
    for (;;) {
      const newline = this.buffer.indexOf(0x0a);
      if (newline >= 0)
        return this.take(newline + 1)
          .subarray(0, newline)
          .toString('utf8');
      if (this.buffer.length > MAX_LINE) throw new BackupError('the backup is damaged: a line is too long');
      if (!(await this.fill())) throw new BackupError('the backup is cut short');
    }
  }

  async bytes(count: number): Promise<Buffer> {
    while (this.buffer.length < count) {
      if (!(await this.fill(count - this.buffer.length))) throw new BackupError('the backup is cut short');
    }
    return this.take(count);
  }

  async atEnd(): Promise<boolean> {
    return this.buffer.length === 0 && !(await this.fill());
  }

  private take(count: number): Buffer {
    const taken = Buffer.from(this.buffer.subarray(0, count));
    this.buffer = this.buffer.subarray(count);
    this.digest.update(taken);
    return taken;
  }

  private async fill(wanted = 0): Promise<boolean> {
    if (this.ended) return false;
    const chunk = Buffer.alloc(Math.max(1 << 20, Math.min(wanted, 64 << 20)));
    const { bytesRead } = await this.handle.read(chunk, 0, chunk.length, this.position);
    if (bytesRead === 0) {
      this.ended = true;
      return false;
    }
    this.position += bytesRead;
    this.buffer = Buffer.concat([this.buffer, chunk.subarray(0, bytesRead)]);
    return true;
  }
}
