import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blocksOf, events, ledgerPlace, type LedgerPlace } from './testing/ledger-test-kit.ts';

/** Each commit writes one block and fdatasyncs it: counting blocks on disk counts commits. */
let place: LedgerPlace;
beforeEach(async () => {
  place = await ledgerPlace();
});
afterEach(async () => {
  await place.dispose();
});

describe('group commit', () => {
  it('writes appends made together in one commit, numbered in call order', async () => {
    const { ledger } = await place.open();
    const results = await Promise.all(Array.from({ length: 1_000 }, (_, index) => ledger.append([{ n: index + 1 }])));
    expect(results.map((records) => records[0]?.sequence)).toEqual(Array.from({ length: 1_000 }, (_, index) => index + 1));
    await ledger.close();
    expect((await blocksOf(place.segment())).map((block) => block.firstSequence)).toEqual([1]);
  });

  it('gathers the appends that arrive while a commit runs into the next commit', async () => {
    const { ledger } = await place.open();
    let firstDone = false;
    const first = ledger.append(events(1, 1)).then(() => (firstDone = true));
    const later: Promise<unknown>[] = [];
    // One append per turn of the event loop until the first commit is durable: none can join it.
    while (!firstDone) {
      await new Promise((resolve) => setImmediate(resolve));
      if (!firstDone) later.push(ledger.append(events(later.length + 2, 1)));
    }
    await Promise.all([first, ...later]);
    await ledger.close();
    expect(later.length).toBeGreaterThan(0);
    expect((await blocksOf(place.segment())).map((block) => block.firstSequence)).toEqual([1, 2]);
  });

  it('gives appends made one after another a commit each', async () => {
    const { ledger } = await place.open();
    for (let n = 1; n <= 5; n++) await ledger.append(events(n, 1));
    await ledger.close();
    expect((await blocksOf(place.segment())).map((block) => block.firstSequence)).toEqual([1, 2, 3, 4, 5]);
  });

  it('waits up to maxBatchDelayMs for company before committing', async () => {
    const { ledger } = await place.open({ maxBatchDelayMs: 1_000 });
    const first = ledger.append(events(1, 1));
    await new Promise((resolve) => setImmediate(resolve));
    const second = ledger.append(events(2, 1));
    await Promise.all([first, second]);
    await ledger.close();
    expect((await blocksOf(place.segment())).map((block) => block.firstSequence)).toEqual([1]);
  });

  it('tells its observers what each commit wrote and how long the write and fdatasync took', async () => {
    const { ledger } = await place.open();
    const commits: { records: number; bytes: number; seconds: number }[] = [];
    ledger.observeCommits?.((commit) => commits.push(commit));
    await Promise.all(Array.from({ length: 10 }, (_, index) => ledger.append([{ n: index + 1 }])));
    await ledger.append(events(11, 3));
    await ledger.close();
    expect(commits.map((commit) => commit.records)).toEqual([10, 3]);
    const blocks = await blocksOf(place.segment());
    expect(blocks.map((block) => block.firstSequence)).toEqual([1, 11]);
    for (const commit of commits) {
      expect(commit.bytes).toBeGreaterThan(commit.records * 10);
      expect(commit.seconds).toBeGreaterThan(0);
      expect(commit.seconds).toBeLessThan(60);
    }
  });
});
