import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLedger } from '../ledger/open-ledger.ts';
import { TEST_KEY } from '../ledger/testing/ledger-test-kit.ts';
import { readRestoreMarker, restoreSiteBackup } from './restore-site.ts';
import { siteBackupChunks } from './site-backup.ts';

/**
 * The backup file of a site and its restore: what is copied (up to the cut, nothing after), and
 * what a restore refuses (a damaged file, a path outside the data directory, a target in use).
 */
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'airlock-site-backup-unit-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const NOW = new Date('2026-11-23T10:00:00Z');

/** A data directory with a site file and a ledger of `count` records; a backup cut at its head, then `after` more records. */
async function backedUpSite(count: number, after: number): Promise<{ file: string; head: { sequence: number; hash: string }; dataDir: string }> {
  const dataDir = join(root, 'site');
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, 'site.json'), '{"sealed":"identity"}');
  await writeFile(join(dataDir, 'operator.token'), 'airlock-site-op_secret');
  const { ledger } = await openLedger<{ n: number }>({
    directory: join(dataDir, 'ledger'),
    key: TEST_KEY,
    witnessFile: null,
    now: () => NOW,
    maxBatchDelayMs: 0,
  });
  await ledger.append(Array.from({ length: count }, (_, n) => ({ n })));
  await ledger.checkpoint({ state: 'at the cut' });
  const extent = ledger.durableExtent?.();
  if (!extent) throw new Error('a file ledger says where its durable records end');
  const chunks: Buffer[] = [];
  const backup = siteBackupChunks(dataDir, extent, { siteGuid: 'guid-1', createdAt: NOW });
  await ledger.append(Array.from({ length: after }, (_, n) => ({ n: count + n })));
  for await (const chunk of backup) chunks.push(chunk);
  await ledger.close();
  const file = join(root, 'site.backup');
  await writeFile(file, Buffer.concat(chunks));
  return { file, head: extent.head, dataDir };
}

describe('a site backup', () => {
  it('restores the identity and the ledger up to the cut, none of the records after it nor the operator token, with the marker', async () => {
    const { file, head } = await backedUpSite(5, 3);
    const target = join(root, 'restored');
    const restored = await restoreSiteBackup(file, target, NOW);
    expect(restored).toEqual({ siteGuid: 'guid-1', createdAt: NOW.toISOString(), ledger: { sequence: 5, head: head.hash }, files: 3 });
    expect((await readdir(target)).sort()).toEqual(['ledger', 'restore.json', 'site.json']);
    expect(await readFile(join(target, 'site.json'), 'utf8')).toBe('{"sealed":"identity"}');
    expect(await readRestoreMarker(target)).toEqual(head);
    const reopened = await openLedger({ directory: join(target, 'ledger'), key: TEST_KEY, witnessFile: null, now: () => NOW });
    expect(reopened.verification).toMatchObject({ ok: true, head });
    expect(reopened.checkpoint).toMatchObject({ head });
    await reopened.ledger.close();
  });

  it('is refused whole when one byte changed, and leaves no directory behind', async () => {
    const { file } = await backedUpSite(4, 0);
    const bytes = await readFile(file);
    bytes[bytes.length - 200] = bytes[bytes.length - 200]! ^ 1;
    await writeFile(file, bytes);
    await expect(restoreSiteBackup(file, join(root, 'restored'), NOW)).rejects.toThrow('the backup is damaged: its checksum does not match');
    expect((await readdir(root)).sort()).toEqual(['site', 'site.backup']);
  });

  it('refuses a path outside what a backup holds, a cut file, and a data directory in use', async () => {
    const { file, dataDir } = await backedUpSite(2, 0);
    const text = (await readFile(file)).toString('latin1').replace('"path":"site.json"', '"path":"../../x.json"');
    await writeFile(join(root, 'evil.backup'), Buffer.from(text, 'latin1'));
    await expect(restoreSiteBackup(join(root, 'evil.backup'), join(root, 'restored'), NOW)).rejects.toThrow('a file entry is not one a site backup holds');
    await writeFile(join(root, 'cut.backup'), (await readFile(file)).subarray(0, 300));
    await expect(restoreSiteBackup(join(root, 'cut.backup'), join(root, 'restored'), NOW)).rejects.toThrow(/cut short|checksum/);
    await expect(restoreSiteBackup(file, dataDir, NOW)).rejects.toThrow('is not empty');
    await writeFile(join(root, 'other.backup'), 'hello\n');
    await expect(restoreSiteBackup(join(root, 'other.backup'), join(root, 'restored'), NOW)).rejects.toThrow('is not an Airlock site backup');
  });
});
