import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChainScanner } from './chain-scanner.ts';
import { deriveLedgerKeys, EMPTY_HASH } from './ledger-format.ts';
import { blocksOf, copyDirectory, events, ledgerPlace, START, TEST_KEY, type LedgerPlace } from './testing/ledger-test-kit.ts';

let places: LedgerPlace[];
beforeEach(() => {
  places = [];
});
afterEach(async () => {
  for (const place of places) await place.dispose();
});

const fixedClock = () => new Date(START);

/** A ledger of these commits; when `from` is given, a copy of that one's directory continued. */
async function ledgerOf(batches: number[][], from?: LedgerPlace): Promise<{ place: LedgerPlace; heads: Map<number, string> }> {
  const place = await ledgerPlace();
  places.push(place);
  if (from) await copyDirectory(from.directory, place.directory);
  const heads = new Map<number, string>();
  const { ledger } = await place.open({ now: fixedClock, witnessFile: null });
  for (const batch of batches) {
    await ledger.append(batch.map((n) => ({ n })));
    heads.set(ledger.head().sequence, ledger.head().hash);
  }
  await ledger.close();
  return { place, heads };
}

describe('the chain hash', () => {
  it('depends on the records alone, not on how they were committed', async () => {
    const together = await ledgerOf([[1, 2, 3]]);
    const apart = await ledgerOf([[1, 2], [3]]);
    expect(together.heads.get(3)).toBe(apart.heads.get(3));
  });

  it('is found at a sequence inside a block as the ledger reported it there', async () => {
    const together = await ledgerOf([[1, 2, 3]]);
    const apart = await ledgerOf([[1, 2], [3]]);
    const scanner = new ChainScanner(deriveLedgerKeys(TEST_KEY), { wanted: new Set([0, 2, 3]), decodeAfter: 1, tornTailAllowed: false });
    expect(scanner.segment(1, await readFile(together.place.segment()), true)).toBe(true);
    expect(Object.fromEntries([...scanner.hashes].map(([sequence, hash]) => [sequence, hash.toString('hex')]))).toEqual({
      0: EMPTY_HASH.toString('hex'),
      2: apart.heads.get(2),
      3: apart.heads.get(3),
    });
    expect(scanner.records).toEqual([
      { sequence: 2, at: START, event: { n: 2 } },
      { sequence: 3, at: START, event: { n: 3 } },
    ]);
    expect(scanner.head()).toEqual({ sequence: 3, hash: apart.heads.get(3) });
  });

  it('binds each block to the history before it: a block of another history does not open in its place', async () => {
    // Two histories of one segment (one key, one salt) that share block 1, then differ: records
    // of the same sizes, so the blocks sit at the same offsets with headers alike.
    const common = await ledgerOf([[1, 2, 3]]);
    const ours = await ledgerOf(
      [
        [4, 5, 6],
        [7, 8, 9],
      ],
      common.place,
    );
    const theirs = await ledgerOf(
      [
        [5, 4, 6],
        [8, 7, 9],
      ],
      common.place,
    );
    const [oursFile, theirsFile] = [await readFile(ours.place.segment()), await readFile(theirs.place.segment())];
    const scan = (bytes: Buffer) => {
      const scanner = new ChainScanner(deriveLedgerKeys(TEST_KEY), { wanted: new Set(), decodeAfter: Infinity, tornTailAllowed: true });
      scanner.segment(1, bytes, true);
      return scanner.problem;
    };
    const third = (await blocksOf(ours.place.segment()))[2]!;
    expect((await blocksOf(theirs.place.segment()))[2]).toEqual(third);
    expect(oursFile.subarray(third.start, third.start + 16)).toEqual(theirsFile.subarray(third.start, third.start + 16));
    expect(scan(Buffer.concat([oursFile.subarray(0, third.start), theirsFile.subarray(third.start)]))).toEqual({
      sequence: 7,
      reason: expect.stringContaining('does not decrypt') as string,
    });
    expect(scan(oursFile)).toBeNull();
  });
});

describe('events', () => {
  it('come back as the JSON they were', async () => {
    const place = await ledgerPlace();
    places.push(place);
    const { ledger } = await place.open();
    const odd = [
      { n: 1, note: '\u0000\u2028"\\' },
      { n: 2, note: '𝄞'.repeat(10) },
    ];
    await ledger.append([...odd, ...events(3, 1)]);
    await ledger.close();
    const reopened = await place.open();
    expect(reopened.tail.map((record) => record.event)).toEqual([...odd, { n: 3 }]);
    await reopened.ledger.close();
  });
});
