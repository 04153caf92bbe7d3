import { mkdir, readFile, rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_HASH } from './ledger-format.ts';
import { events, ledgerPlace, START, type LedgerPlace } from './testing/ledger-test-kit.ts';

let place: LedgerPlace;
beforeEach(async () => {
  place = await ledgerPlace();
});
afterEach(async () => {
  await place.dispose();
});

describe('openLedger', () => {
  it('opens an empty directory as an empty, verified ledger', async () => {
    const { ledger, verification, checkpoint, tail } = await place.open();
    const empty = { sequence: 0, hash: EMPTY_HASH.toString('hex') };
    expect({ verification, checkpoint, tail }).toEqual({ verification: { ok: true, head: empty, records: 0, latestAt: 0 }, checkpoint: null, tail: [] });
    expect([ledger.head(), ledger.durableHead(), ledger.latestAt()]).toEqual([empty, empty, 0]);
    await ledger.close();
  });

  it('returns what was appended, numbered in call order and stamped by the clock', async () => {
    const { ledger } = await place.open();
    const [first, second] = await Promise.all([ledger.append([{ n: 1 }, { n: 2 }]), ledger.append([{ n: 3, note: 'ünïcødé ✓' }])]);
    expect([...first, ...second]).toEqual([
      { sequence: 1, at: START, event: { n: 1 } },
      { sequence: 2, at: START, event: { n: 2 } },
      { sequence: 3, at: START + 1_000, event: { n: 3, note: 'ünïcødé ✓' } },
    ]);
    expect(ledger.latestAt()).toBe(START + 1_000);
    await ledger.close();
  });

  it('reads every record back after a reopen, with the same head', async () => {
    const { ledger } = await place.open();
    const written = [...(await ledger.append(events(1, 3))), ...(await ledger.append(events(4, 2)))];
    const head = ledger.head();
    await ledger.close();

    const reopened = await place.open();
    expect(reopened.verification).toEqual({ ok: true, head, records: 5, latestAt: START + 1_000 });
    expect(reopened.tail).toEqual(written);
    expect([reopened.ledger.head(), reopened.ledger.durableHead(), reopened.ledger.latestAt()]).toEqual([head, head, START + 1_000]);
    await reopened.ledger.append(events(6, 1));
    await reopened.ledger.close();
    const again = await place.open();
    expect(again.tail.map((record) => record.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
    await again.ledger.close();
  });

  it('counts appended records in head() at once and in durableHead() once on disk', async () => {
    const { ledger } = await place.open();
    const appended = ledger.append(events(1, 2));
    const pendingHead = ledger.head();
    expect(pendingHead.sequence).toBe(2);
    expect(ledger.durableHead().sequence).toBe(0);
    await appended;
    expect(ledger.durableHead()).toEqual(pendingHead);
    const verification = await ledger.verify();
    expect(verification).toEqual({ ok: true, head: pendingHead, records: 2, latestAt: START });
    await ledger.close();
  });

  it('keeps the witness at the head it closed on', async () => {
    const { ledger } = await place.open();
    await ledger.append(events(1, 4));
    const head = ledger.head();
    await ledger.close();
    expect(JSON.parse(await readFile(place.witnessFile, 'utf8'))).toMatchObject({ format: 'airlock-ledger-witness', version: 1, ...head });
  });

  it('restarts from the newest checkpoint and replays only what follows', async () => {
    const { ledger } = await place.open();
    await ledger.append(events(1, 5));
    expect(await ledger.checkpoint({ total: 5 })).toEqual(ledger.head());
    const atCheckpoint = ledger.head();
    const after = await ledger.append(events(6, 3));
    await ledger.close();

    const reopened = await place.open();
    expect(reopened.checkpoint).toEqual({ state: { total: 5 }, head: atCheckpoint });
    expect(reopened.tail).toEqual(after);
    expect(reopened.verification.ok).toBe(true);
    await reopened.ledger.close();
  });

  it('binds a checkpoint to every record appended before it, waiting for them to be durable', async () => {
    const { ledger } = await place.open();
    void ledger.append(events(1, 3));
    const bound = await ledger.checkpoint({ total: 3 });
    expect(bound.sequence).toBe(3);
    expect(ledger.durableHead()).toEqual(bound);
    await ledger.close();
    const reopened = await place.open();
    expect([reopened.checkpoint?.head, reopened.tail]).toEqual([bound, []]);
    await reopened.ledger.close();
  });

  it('keeps the two newest checkpoints', async () => {
    const { ledger } = await place.open();
    for (let round = 1; round <= 4; round++) {
      await ledger.append(events(round, 1));
      await ledger.checkpoint({ round });
    }
    await ledger.close();
    expect((await place.checkpoints()).map((file) => file.slice(-10))).toEqual(['00003.ckpt', '00004.ckpt']);
  });

  it('spreads the ledger over segment files and verifies across them', async () => {
    const { ledger } = await place.open({ segmentBytes: 200 });
    const written = [];
    for (let n = 1; n <= 12; n++) written.push(...(await ledger.append([{ n, note: 'x'.repeat(40) }])));
    expect((await ledger.verify()).ok).toBe(true);
    await ledger.close();
    expect((await place.segments()).length).toBeGreaterThan(3);
    const reopened = await place.open({ segmentBytes: 200 });
    expect([reopened.verification.ok, reopened.tail]).toEqual([true, written]);
    await reopened.ledger.close();
  });

  it('splits a commit larger than one block into several blocks', async () => {
    const { ledger } = await place.open();
    const big = 'x'.repeat(3 * 1024 * 1024);
    await Promise.all([1, 2, 3].map((n) => ledger.append([{ n, note: big }])));
    await ledger.close();
    const reopened = await place.open();
    expect(reopened.tail.map((record) => [record.sequence, (record.event.note ?? '').length])).toEqual([
      [1, big.length],
      [2, big.length],
      [3, big.length],
    ]);
    await reopened.ledger.close();
  });

  it('refuses an event that is not JSON, or too large, without numbering anything', async () => {
    const { ledger } = await place.open();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(ledger.append([{ n: 1 }, undefined as never])).rejects.toThrow(TypeError);
    await expect(ledger.append([cyclic as never])).rejects.toThrow(TypeError);
    await expect(ledger.append([{ n: 1, note: 'x'.repeat(4 * 1024 * 1024) }])).rejects.toThrow(RangeError);
    expect(await ledger.append([])).toEqual([]);
    expect(ledger.head().sequence).toBe(0);
    expect((await ledger.append(events(1, 1)))[0]?.sequence).toBe(1);
    await ledger.close();
  });

  it('refuses to append after close, and closes once', async () => {
    const { ledger } = await place.open();
    const pending = ledger.append(events(1, 1));
    await Promise.all([ledger.close(), ledger.close()]);
    expect((await pending)[0]?.sequence).toBe(1);
    await expect(ledger.append(events(2, 1))).rejects.toThrow('closed');
    await expect(ledger.checkpoint({})).rejects.toThrow('closed');
  });

  it('verifies on demand while appends run', async () => {
    const { ledger } = await place.open({ segmentBytes: 4096 });
    const appends = Array.from({ length: 200 }, (_, index) => ledger.append([{ n: index + 1, note: 'y'.repeat(50) }]));
    const verifications = await Promise.all([ledger.verify(), ledger.verify(), Promise.all(appends).then(() => ledger.verify())]);
    for (const verification of verifications) expect(verification.ok).toBe(true);
    expect(verifications[2]).toEqual({ ok: true, head: ledger.head(), records: 200, latestAt: START + 199_000 });
    await ledger.close();
  });

  it('rejects the appends of a commit that failed to write, and every append after, until reopened', async () => {
    const { ledger } = await place.open({ segmentBytes: 200 });
    await ledger.append(events(1, 3));
    const durable = ledger.durableHead();
    await mkdir(place.segment(2)); // the next segment cannot be created
    const failure: unknown = await ledger.append([{ n: 4, note: 'x'.repeat(300) }]).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'EEXIST' });
    expect([ledger.head(), ledger.durableHead()]).toEqual([durable, durable]);
    await expect(ledger.append(events(5, 1))).rejects.toBe(failure);
    await ledger.close();
    await rm(place.segment(2), { recursive: true });
    const reopened = await place.open({ segmentBytes: 200 });
    expect([reopened.verification, reopened.tail.length]).toEqual([{ ok: true, head: durable, records: 3, latestAt: START }, 3]);
    await reopened.ledger.close();
  });

  it('refuses a key that is not 32 bytes and bad options', async () => {
    await expect(place.open({ key: new Uint8Array(16) })).rejects.toThrow(RangeError);
    await expect(place.open({ segmentBytes: 10 })).rejects.toThrow(RangeError);
    await expect(place.open({ maxBatchDelayMs: -1 })).rejects.toThrow(RangeError);
  });

  it('runs without a witness', async () => {
    const { ledger } = await place.open({ witnessFile: null });
    await ledger.append(events(1, 2));
    await ledger.close();
    await expect(readFile(place.witnessFile)).rejects.toThrow('ENOENT');
    const reopened = await place.open({ witnessFile: null });
    expect(reopened.verification.ok).toBe(true);
    await reopened.ledger.close();
  });
});
