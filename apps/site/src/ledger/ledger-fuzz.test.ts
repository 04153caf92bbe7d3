import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAirlockError } from '@airlock/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedLedger } from './ledger.ts';
import { events, ledgerPlace, type LedgerPlace, type TestEvent } from './testing/ledger-test-kit.ts';

/**
 * The ledger's files are outside input: a broken disk or an attacker can put any bytes there.
 * Fed mutated and random files, opening never throws (nor hangs), reports only a ledger code,
 * and when it accepts, it reads exactly what was written: no change goes unnoticed.
 */
const SEGMENT_BYTES = 600;
let place: LedgerPlace;
let original: Map<string, Buffer>;
let expected: Pick<OpenedLedger<TestEvent>, 'verification' | 'checkpoint' | 'tail'>;
let run = 0;

beforeAll(async () => {
  place = await ledgerPlace();
  const { ledger } = await place.open({ segmentBytes: SEGMENT_BYTES });
  for (let n = 1; n <= 12; n += 2) await ledger.append(events(n, 2));
  await ledger.checkpoint({ total: 12 });
  for (let n = 13; n <= 18; n += 3) await ledger.append(events(n, 3));
  await ledger.close();
  original = new Map();
  for (const name of await readdir(place.directory)) original.set(name, await readFile(join(place.directory, name)));
  original.set('witness', await readFile(place.witnessFile));
  const opened = await place.open({ segmentBytes: SEGMENT_BYTES });
  expected = { verification: opened.verification, checkpoint: opened.checkpoint, tail: opened.tail };
  await opened.ledger.close();
  expect([...original.keys()].filter((name) => name.startsWith('segment')).length).toBeGreaterThan(1);
});

afterAll(async () => {
  await place.dispose();
});

/** Writes the files into a fresh directory and opens them there. */
async function openFiles(files: ReadonlyMap<string, Buffer>) {
  const root = join(place.root, `fuzz-${run++}`);
  const directory = join(root, 'ledger');
  const witnessFile = join(root, 'witness');
  await mkdir(directory, { recursive: true });
  for (const [name, bytes] of files) await writeFile(name === 'witness' ? witnessFile : join(directory, name), bytes);
  try {
    const opened = await place.open({ directory, witnessFile, segmentBytes: SEGMENT_BYTES });
    await opened.ledger.close();
    return opened;
  } catch (error) {
    // openLedger reports the ledger's content in `verification`; a throw is only allowed as a ledger code.
    if (isAirlockError(error) && (error.code === 'LEDGER_TAMPERED' || error.code === 'LEDGER_ROLLED_BACK')) return null;
    throw error;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function expectLedgerProblemOrClean(opened: OpenedLedger<TestEvent> | null) {
  if (opened === null || opened.verification.ok) return;
  expect(['LEDGER_TAMPERED', 'LEDGER_ROLLED_BACK']).toContain(opened.verification.problem.code);
}

type Mutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'remove'; at: number; length: number }
  | { kind: 'replace'; bytes: Uint8Array };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 80 }) }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('replace' as const), bytes: fc.uint8Array({ maxLength: 400 }) }),
);

function mutate(bytes: Buffer, change: Mutation): Buffer {
  const at = bytes.length === 0 ? 0 : 'at' in change ? change.at % (bytes.length + 1) : 0;
  switch (change.kind) {
    case 'flip': {
      const copy = Buffer.from(bytes);
      if (copy.length > 0) copy[at % copy.length]! ^= change.mask;
      return copy;
    }
    case 'truncate':
      return bytes.subarray(0, at);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), change.bytes, bytes.subarray(at)]);
    case 'remove':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + change.length)]);
    case 'replace':
      return Buffer.from(change.bytes);
  }
}

describe('opening ledger files an attacker or a broken disk produced', () => {
  it('reads the genuine files', () => {
    expect(expected.verification.ok).toBe(true);
    expect(expected.tail.length).toBe(6);
  });

  it('accepts a changed file only when it still reads exactly what was written', async () => {
    const names = [...original.keys()].sort();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fraction, mutation), { minLength: 1, maxLength: 3 }), async (changes) => {
        const files = new Map(original);
        for (const [pick, change] of changes) {
          const name = names[Math.floor(pick * names.length)]!;
          files.set(name, mutate(files.get(name)!, change));
        }
        const opened = await openFiles(files);
        expectLedgerProblemOrClean(opened);
        if (opened?.verification.ok) expect({ verification: opened.verification, checkpoint: opened.checkpoint, tail: opened.tail }).toEqual(expected);
      }),
      { numRuns: 250 },
    );
  });

  it('never takes random bytes for records', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 600 }),
        fc.option(fc.uint8Array({ maxLength: 200 })),
        fc.option(fc.uint8Array({ maxLength: 200 })),
        async (segment, checkpoint, witness) => {
          const files = new Map([['segment-00000001.log', Buffer.from(segment)]]);
          if (checkpoint !== null) files.set('checkpoint-0000000000000001.ckpt', Buffer.from(checkpoint));
          if (witness !== null) files.set('witness', Buffer.from(witness));
          const opened = await openFiles(files);
          expectLedgerProblemOrClean(opened);
          if (opened?.verification.ok) expect(opened.verification.records).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never takes a genuine segment header followed by random bytes for records', async () => {
    const header = original.get('segment-00000001.log')!.subarray(0, 32);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (noise) => {
        const opened = await openFiles(new Map([['segment-00000001.log', Buffer.concat([header, noise])]]));
        expectLedgerProblemOrClean(opened);
        if (opened?.verification.ok) expect(opened.verification.records).toBe(0);
      }),
      { numRuns: 60 },
    );
  });
});
