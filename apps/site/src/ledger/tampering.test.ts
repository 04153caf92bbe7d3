import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { AirlockError } from '@airlock/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerProblem, OpenedLedger } from './ledger.ts';
import {
  blocksOf,
  copyDirectory,
  editFile,
  events,
  ledgerPlace,
  snapshotFiles,
  writeBlocks,
  type LedgerPlace,
  type TestEvent,
} from './testing/ledger-test-kit.ts';

/**
 * Every change an attacker (or a broken disk) can make to the files, made to the real files,
 * and what the next open says. The base ledger: six commits of three records (1–3, …, 16–18),
 * its witness at 18.
 */
let place: LedgerPlace;
beforeEach(async () => {
  place = await ledgerPlace();
  await writeBlocks(place, 6, 3);
});
afterEach(async () => {
  await place.dispose();
});

const tamperedAt = (sequence: number) => ({ code: 'LEDGER_TAMPERED', detail: { sequence, reason: expect.any(String) as string } });

/**
 * Opens the ledger, expects the problem, and checks the ledger still reads (records before the
 * problem), refuses to append and to checkpoint with the problem's code, reports the same
 * problem on demand, and changed no file.
 */
async function expectProblem(problem: unknown, trusted: number, overrides = {}): Promise<OpenedLedger<TestEvent>> {
  const before = await snapshotFiles(place.directory);
  const opened = await place.open(overrides);
  const { ledger, verification, tail, checkpoint } = opened;
  expect(verification).toEqual({ ok: false, problem });
  const code = (problem as LedgerProblem).code;
  expect(ledger.durableHead().sequence).toBe(trusted);
  expect(tail.at(-1)?.sequence ?? 0).toBe(trusted);
  const from = checkpoint?.head.sequence ?? 0;
  expect(tail.every((record, index) => record.sequence === from + index + 1 && record.event.n === record.sequence)).toBe(true);
  const refusal: unknown = await ledger.append(events(trusted + 1, 1)).catch((error: unknown) => error);
  expect(refusal).toBeInstanceOf(AirlockError);
  expect((refusal as AirlockError).toJSON()).toMatchObject({ code, detail: (problem as LedgerProblem).detail });
  await expect(ledger.checkpoint({})).rejects.toMatchObject({ code });
  expect(await ledger.verify()).toEqual({ ok: false, problem });
  await ledger.close();
  expect(await snapshotFiles(place.directory)).toEqual(before);
  return opened;
}

async function block(index: number) {
  return (await blocksOf(place.segment()))[index]!;
}

describe('a tampered ledger', () => {
  it('is seen when one byte of a record changes', async () => {
    const third = await block(2);
    await editFile(place.segment(), (bytes) => {
      bytes[third.start + 40]! ^= 0x01;
      return bytes;
    });
    await expectProblem(tamperedAt(7), 6);
  });

  it('is seen when a block header says another sequence', async () => {
    const third = await block(2);
    await editFile(place.segment(), (bytes) => {
      bytes[third.start + 11]! ^= 0x01;
      return bytes;
    });
    await expectProblem(tamperedAt(7), 6);
  });

  it('is seen when a block is deleted from the middle', async () => {
    const third = await block(2);
    await editFile(place.segment(), (bytes) => Buffer.concat([bytes.subarray(0, third.start), bytes.subarray(third.end)]));
    await expectProblem(tamperedAt(7), 6);
  });

  it('is seen when two blocks are swapped', async () => {
    const [second, third] = [await block(1), await block(2)];
    await editFile(place.segment(), (bytes) =>
      Buffer.concat([
        bytes.subarray(0, second.start),
        bytes.subarray(third.start, third.end),
        bytes.subarray(second.start, second.end),
        bytes.subarray(third.end),
      ]),
    );
    await expectProblem(tamperedAt(4), 3);
  });

  it('is seen when a block is duplicated', async () => {
    const second = await block(1);
    await editFile(place.segment(), (bytes) =>
      Buffer.concat([bytes.subarray(0, second.end), bytes.subarray(second.start, second.end), bytes.subarray(second.end)]),
    );
    await expectProblem(tamperedAt(7), 6);
  });

  it('is seen when bytes are cut out of the middle of the file', async () => {
    const [third, fourth] = [await block(2), await block(3)];
    await editFile(place.segment(), (bytes) => Buffer.concat([bytes.subarray(0, third.start + 30), bytes.subarray(fourth.start + 30)]));
    await expectProblem(tamperedAt(7), 6);
  });

  it('is seen when its last block is written again at the end', async () => {
    const last = await block(5);
    await editFile(place.segment(), (bytes) => Buffer.concat([bytes, bytes.subarray(last.start, last.end)]));
    await expectProblem(tamperedAt(19), 18);
  });

  it('is seen when the key is not the one it was written with', async () => {
    await expectProblem(tamperedAt(1), 0, { key: new Uint8Array(32).fill(8) });
  });

  it('is seen when a whole segment is removed from the middle', async () => {
    const spread = await ledgerPlace();
    try {
      await writeBlocks(spread, 4, 3, { segmentBytes: 200 });
      expect((await spread.segments()).length).toBe(4);
      await rm(spread.segment(2));
      const { verification, ledger } = await spread.open({ segmentBytes: 200 });
      expect(verification).toEqual({ ok: false, problem: tamperedAt(4) });
      await ledger.close();
    } finally {
      await spread.dispose();
    }
  });

  it('is seen when a segment that others follow ends in a cut block', async () => {
    const spread = await ledgerPlace();
    try {
      await writeBlocks(spread, 4, 3, { segmentBytes: 200 });
      await editFile(spread.segment(2), (bytes) => bytes.subarray(0, bytes.length - 10));
      const { verification, ledger } = await spread.open({ segmentBytes: 200 });
      expect(verification).toEqual({ ok: false, problem: tamperedAt(4) });
      await ledger.close();
    } finally {
      await spread.dispose();
    }
  });
});

describe('a cut ledger', () => {
  it('is seen against the witness when the file is truncated inside an acknowledged block', async () => {
    const [fourth, head] = [await block(3), JSON.parse(await readFile(place.witnessFile, 'utf8')) as { sequence: number; hash: string }];
    await editFile(place.segment(), (bytes) => bytes.subarray(0, fourth.start + 50));
    await expectProblem(
      {
        code: 'LEDGER_ROLLED_BACK',
        detail: { witnessed: { sequence: 18, hash: head.hash }, found: { sequence: 9, hash: expect.stringMatching(/^[0-9a-f]{64}$/) as string } },
      },
      9,
    );
  });

  it('is seen without a witness when a checkpoint lies past its end', async () => {
    const { ledger } = await place.open();
    await ledger.checkpoint({ at: 18 });
    await ledger.close();
    await editFile(place.segment(), (bytes) => bytes.subarray(0, bytes.length - 100));
    await expectProblem(tamperedAt(18), 15, { witnessFile: null });
  });
});

describe('a torn tail', () => {
  /** The first `keep` bytes of the block a commit of record 19 would have written. */
  async function tornBlock(keep: (length: number) => number): Promise<Buffer> {
    const copy = `${place.root}/copy`;
    await copyDirectory(place.directory, copy);
    const { ledger } = await place.open({ directory: copy, witnessFile: null });
    await ledger.append(events(19, 1));
    await ledger.close();
    const next = (await blocksOf(`${copy}/segment-00000001.log`))[6]!;
    const bytes = (await readFile(`${copy}/segment-00000001.log`)).subarray(next.start, next.end);
    return bytes.subarray(0, keep(bytes.length));
  }

  it.each([
    ['a few bytes of its header', () => 5],
    ['its header and part of its body', (length: number) => length - 1],
  ])('is cut off at open when it holds %s, and appending continues', async (_name, keep) => {
    const torn = await tornBlock(keep);
    const intact = (await stat(place.segment())).size;
    await editFile(place.segment(), (bytes) => Buffer.concat([bytes, torn]));
    const { ledger, verification, tail } = await place.open();
    expect([verification.ok, tail.length, (await stat(place.segment())).size]).toEqual([true, 18, intact]);
    await ledger.append(events(19, 1));
    await ledger.close();
    const reopened = await place.open();
    expect([reopened.verification.ok, reopened.tail.at(-1)?.event]).toEqual([true, { n: 19 }]);
    await reopened.ledger.close();
  });

  it('is cut off when it is only zero bytes (a file extended, not written, before a power cut)', async () => {
    await editFile(place.segment(), (bytes) => Buffer.concat([bytes, Buffer.alloc(500)]));
    const { ledger, verification } = await place.open();
    expect(verification.ok).toBe(true);
    await ledger.close();
  });

  it('of a new segment removes the segment', async () => {
    const spread = await ledgerPlace();
    try {
      await writeBlocks(spread, 2, 3, { segmentBytes: 200 });
      await writeFile(spread.segment(3), Buffer.from('AIRLOCK LEDG'));
      const { ledger, verification } = await spread.open({ segmentBytes: 200 });
      expect([verification.ok, (await spread.segments()).length]).toEqual([true, 2]);
      await ledger.append(events(7, 3));
      await ledger.close();
      const reopened = await spread.open({ segmentBytes: 200 });
      expect([reopened.verification.ok, reopened.tail.length, (await spread.segments()).length]).toEqual([true, 9, 3]);
      await reopened.ledger.close();
    } finally {
      await spread.dispose();
    }
  });
});

describe('a tampered checkpoint', () => {
  async function checkpointsAt(...rounds: number[]): Promise<Map<number, Buffer>> {
    const { ledger } = await place.open();
    const files = new Map<number, Buffer>();
    for (const round of rounds) {
      await ledger.append(events(ledger.head().sequence + 1, 1));
      const { sequence } = await ledger.checkpoint({ round });
      files.set(sequence, await readFile(`${place.directory}/checkpoint-${String(sequence).padStart(16, '0')}.ckpt`));
    }
    await ledger.close();
    return files;
  }

  it('is seen when an older checkpoint replaces the newest', async () => {
    const files = await checkpointsAt(1, 2, 3);
    expect((await place.checkpoints()).length).toBe(2);
    await writeFile(`${place.directory}/checkpoint-0000000000000021.ckpt`, files.get(19)!);
    await expectProblem(tamperedAt(21), 21);
  });

  it('is seen when a checkpoint of another history takes its name', async () => {
    await checkpointsAt(1);
    const other = await ledgerPlace();
    try {
      const { ledger } = await other.open();
      await ledger.append(Array.from({ length: 19 }, (_, index) => ({ n: 100 + index })));
      await ledger.checkpoint({ forged: true });
      await ledger.close();
      await writeFile(`${place.directory}/checkpoint-0000000000000019.ckpt`, await readFile(`${other.directory}/checkpoint-0000000000000019.ckpt`));
      await expectProblem(tamperedAt(19), 19);
    } finally {
      await other.dispose();
    }
  });

  it('is seen when a byte of it changes', async () => {
    await checkpointsAt(1);
    await editFile(`${place.directory}/checkpoint-0000000000000019.ckpt`, (bytes) => {
      bytes[bytes.length - 20]! ^= 0x80;
      return bytes;
    });
    await expectProblem(tamperedAt(19), 19);
  });
});

describe('a tampered witness', () => {
  it('is seen when its MAC does not match', async () => {
    const witness = JSON.parse(await readFile(place.witnessFile, 'utf8')) as Record<string, unknown>;
    await writeFile(place.witnessFile, JSON.stringify({ ...witness, sequence: 5 }));
    await expectProblem({ code: 'LEDGER_TAMPERED', detail: { sequence: 5, reason: expect.stringContaining('MAC') as string } }, 18);
  });

  it('is seen when it is not a witness at all', async () => {
    await writeFile(place.witnessFile, 'not a witness');
    await expectProblem(tamperedAt(0), 18);
  });
});
