import { open, readFile, readdir, type FileHandle } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerStorage, OpenedLedger } from './ledger.ts';
import type { OpenFile } from './ledger-files.ts';
import { events, ledgerPlace, type LedgerPlace, type TestEvent } from './testing/ledger-test-kit.ts';

/**
 * A disk that fills up or fails under a running ledger, injected below the segment writer: a
 * write that stops half way (ENOSPC), an fdatasync that fails after a whole block was written
 * (EIO), a new segment that cannot be started. Nothing refused is ever on disk afterwards,
 * nothing acknowledged is lost, and the ledger takes writes again by itself once the disk does.
 */
class FailingDisk {
  /** Writes stop after half their bytes with this error, until cleared. */
  full = false;
  /** fdatasync fails with EIO, until cleared. */
  failingSync = false;
  writes = 0;

  readonly open: OpenFile = async (path, flags, mode) => wrap(await open(path, flags, mode), this);
}

function wrap(handle: FileHandle, disk: FailingDisk): FileHandle {
  return new Proxy(handle, {
    get(target, property, receiver) {
      if (property === 'write') {
        return async (buffer: Buffer, offset: number, length: number, position: number) => {
          disk.writes++;
          if (!disk.full) return target.write(buffer, offset, length, position);
          const half = Math.floor(length / 2);
          if (half > 0) await target.write(buffer, offset, half, position);
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
        };
      }
      if (property === 'datasync') {
        return async () => {
          if (disk.failingSync) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO', errno: -5, syscall: 'fdatasync' });
          return target.datasync();
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

let place: LedgerPlace;
let disk: FailingDisk;
let told: LedgerStorage[];
let opened: OpenedLedger<TestEvent> | null;
beforeEach(async () => {
  place = await ledgerPlace();
  disk = new FailingDisk();
  told = [];
  opened = null;
});
afterEach(async () => {
  await opened?.ledger.close();
  await place.dispose();
});

const openFailing = async (overrides = {}) =>
  (opened = await place.open({ openFile: disk.open, storageRetry: { firstMs: 5, maxMs: 20 }, onStorageChange: (storage) => told.push(storage), ...overrides }));

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 10_000) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Reopens with the real file system: what a restart finds on disk. */
async function reopenAndRead() {
  await opened?.ledger.close();
  opened = await place.open();
  const { verification, tail } = opened;
  return { verification, numbers: tail.map((record) => record.event.n), sequences: tail.map((record) => record.sequence) };
}

describe('a ledger whose disk fills up or fails', () => {
  it('refuses what a half-written block held, says why, cuts the torn bytes off and takes writes again once space is freed', async () => {
    const { ledger } = await openFailing();
    await ledger.append(events(1, 3));
    expect(ledger.storage()).toEqual({ writable: true, since: null, cause: null, message: null });
    const durableLength = (await readFile(place.segment())).length;
    disk.full = true;
    const refused = await Promise.allSettled([ledger.append(events(4, 2)), ledger.append(events(6, 1))]);
    expect(refused.map((outcome) => outcome.status === 'rejected' && (outcome.reason as { code: string }).code)).toEqual(['ENOSPC', 'ENOSPC']);
    expect(ledger.storage()).toMatchObject({ writable: false, cause: 'ENOSPC', since: expect.any(String) as string });
    expect(told[0]).toMatchObject({ writable: false, cause: 'ENOSPC' });
    expect(ledger.head().sequence).toBe(3);
    await expect(ledger.append(events(4, 1))).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(ledger.checkpoint({})).rejects.toMatchObject({ code: 'ENOSPC' });
    // It keeps trying while the disk is full, and stays unwritable.
    const attempts = disk.writes;
    await until(() => disk.writes > attempts + 2);
    expect(ledger.storage().writable).toBe(false);
    expect((await readFile(place.segment())).length).toBe(durableLength);

    disk.full = false;
    await until(() => ledger.storage().writable);
    expect(told.at(-1)).toEqual({ writable: true, since: null, cause: null, message: null });
    expect((await ledger.append(events(4, 2))).map((record) => record.sequence)).toEqual([4, 5]);
    expect(await ledger.verify()).toMatchObject({ ok: true, head: { sequence: 5 } });
    expect(await readdir(place.directory)).not.toContain('storage-probe.tmp');
    expect(await reopenAndRead()).toEqual({ verification: expect.objectContaining({ ok: true }), numbers: [1, 2, 3, 4, 5], sequences: [1, 2, 3, 4, 5] });
  });

  it('never keeps a whole block whose fdatasync failed, and writes its successor once in its place', async () => {
    const { ledger } = await openFailing();
    await ledger.append(events(1, 2));
    disk.failingSync = true;
    await expect(ledger.append(events(3, 2))).rejects.toMatchObject({ code: 'EIO' });
    expect(ledger.storage()).toMatchObject({ writable: false, cause: 'EIO' });
    disk.failingSync = false;
    await until(() => ledger.storage().writable);
    await ledger.append([{ n: 30 }]);
    expect(await reopenAndRead()).toEqual({ verification: expect.objectContaining({ ok: true }), numbers: [1, 2, 30], sequences: [1, 2, 3] });
  });

  it('removes a new segment it could not start, and starts it again afterwards', async () => {
    const { ledger } = await openFailing({ segmentBytes: 200 });
    await ledger.append(events(1, 4));
    await ledger.append(events(5, 4));
    const before = await place.segments();
    disk.full = true;
    await expect(ledger.append(events(9, 4))).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await place.segments()).toEqual(before);
    disk.full = false;
    await until(() => ledger.storage().writable);
    await ledger.append(events(9, 4));
    expect(await place.segments()).toHaveLength(before.length + 1);
    expect(await reopenAndRead()).toMatchObject({ verification: { ok: true }, sequences: Array.from({ length: 12 }, (_, index) => index + 1) });
  });

  it('acknowledges nothing it did not write, even when appends keep coming while it fails', async () => {
    const { ledger } = await openFailing();
    const acknowledged: number[] = [];
    let next = 1;
    const load = async () => {
      for (let round = 0; round < 40; round++) {
        const n = next++;
        await ledger.append([{ n }]).then(
          () => acknowledged.push(n),
          () => undefined,
        );
        if (round === 10) disk.full = true;
        if (round === 20) disk.full = false;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    };
    await Promise.all([load(), load()]);
    await until(() => ledger.storage().writable);
    const { verification, numbers, sequences } = await reopenAndRead();
    expect(verification.ok).toBe(true);
    expect(numbers.sort((a, b) => a - b)).toEqual(acknowledged.sort((a, b) => a - b));
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, index) => index + 1));
  });
});
