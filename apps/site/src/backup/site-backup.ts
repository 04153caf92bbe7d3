import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { siteFileOf, ledgerDirectoryOf } from '../identity/site-identity.ts';
import type { DurableExtent } from '../ledger/ledger.ts';
import { isErrorCode, listLedgerDirectory } from '../ledger/ledger-files.ts';
import { checkpointName, segmentName } from '../ledger/ledger-format.ts';

/**
 * A site backup (docs/formats.md, "Site backup"): one file, written as a stream.
 *
 *     AIRLOCK SITE BACKUP 1\n
 *     {"format":"airlock-site-backup","version":1,"siteGuid":…,"createdAt":…,"ledger":{"sequence":n,"head":…}}\n
 *     then per file: {"path":"ledger/segment-00000001.log","bytes":n}\n and its n bytes
 *     {"end":true,"files":k,"sha256":"<SHA-256 of every byte before this line>"}\n
 *
 * It holds `site.json` (the identity, its keys sealed under the passphrase) and the ledger
 * (encrypted) up to one head: nothing in it is of use without the passphrase, and nothing in it
 * is a session or the operator token (those are never kept on disk, or stay on the machine).
 */
export const BACKUP_MAGIC = 'AIRLOCK SITE BACKUP 1';
export const BACKUP_FORMAT = 'airlock-site-backup';

export interface SiteBackupHeader {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: 1;
  readonly siteGuid: string;
  readonly createdAt: string;
  /** The ledger head the backup holds: every record up to it, none after. */
  readonly ledger: { readonly sequence: number; readonly head: string };
}

/**
 * The backup of a site's data directory cut at a durable extent of its ledger, as chunks: the
 * identity file, the segments up to the extent (the last one cut at its length), and the
 * checkpoints at or before its head (one pruned meanwhile is left out: the restored site then
 * replays a little more). Segments below the extent never change, so a running site is copied
 * without stopping its writes.
 *
 * @example
 * ```ts
 * for await (const chunk of siteBackupChunks(dataDir, ledger.durableExtent(), { siteGuid, createdAt })) out.write(chunk);
 * ```
 */
export async function* siteBackupChunks(
  dataDir: string,
  extent: DurableExtent,
  meta: { readonly siteGuid: string; readonly createdAt: Date },
): AsyncGenerator<Buffer> {
  const digest = createHash('sha256');
  const emit = (bytes: Buffer) => {
    digest.update(bytes);
    return bytes;
  };
  const header: SiteBackupHeader = {
    format: BACKUP_FORMAT,
    version: 1,
    siteGuid: meta.siteGuid,
    createdAt: meta.createdAt.toISOString(),
    ledger: { sequence: extent.head.sequence, head: extent.head.hash },
  };
  yield emit(Buffer.from(`${BACKUP_MAGIC}\n${JSON.stringify(header)}\n`, 'utf8'));
  let files = 0;
  const entry = (path: string, bytes: Buffer) => {
    files++;
    return emit(Buffer.concat([Buffer.from(`${JSON.stringify({ path, bytes: bytes.length })}\n`, 'utf8'), bytes]));
  };
  yield entry('site.json', await readFile(siteFileOf(dataDir)));
  const directory = ledgerDirectoryOf(dataDir);
  const listed = await listLedgerDirectory(directory);
  for (const number of listed.segments.filter((segment) => segment <= extent.segment)) {
    const limit = number === extent.segment ? extent.length : Number.POSITIVE_INFINITY;
    yield entry(`ledger/${segmentName(number)}`, await readPrefix(join(directory, segmentName(number)), limit));
  }
  for (const sequence of listed.checkpoints.filter((checkpoint) => checkpoint <= extent.head.sequence)) {
    const bytes = await readFile(join(directory, checkpointName(sequence))).catch((error: unknown) => {
      if (isErrorCode(error, 'ENOENT')) return null;
      throw error;
    });
    if (bytes !== null) yield entry(`ledger/${checkpointName(sequence)}`, bytes);
  }
  yield Buffer.from(`${JSON.stringify({ end: true, files, sha256: digest.digest('hex') })}\n`, 'utf8');
}

/** The first `limit` bytes of a file (all of it when shorter than that is impossible: the extent says they are durable). */
async function readPrefix(path: string, limit: number): Promise<Buffer> {
  if (limit === Number.POSITIVE_INFINITY) return readFile(path);
  const handle = await open(path, 'r');
  try {
    const bytes = Buffer.alloc(limit);
    const { bytesRead } = await handle.read(bytes, 0, limit, 0);
    if (bytesRead !== limit) throw new Error(`${path} is shorter (${bytesRead} bytes) than the durable ledger (${limit})`);
    return bytes;
  } finally {
    await handle.close();
  }
}
