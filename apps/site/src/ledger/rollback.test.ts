import { readFile, rm, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LedgerHead } from './ledger.ts';
import { copyDirectory, events, ledgerPlace, snapshotFiles, type LedgerPlace } from './testing/ledger-test-kit.ts';

/**
 * Putting back an older copy of the data directory: the witness, kept elsewhere, remembers the
 * newest head, so the older copy is refused, whether or not it was appended to since.
 */
let place: LedgerPlace;
let aside: string;
beforeEach(async () => {
  place = await ledgerPlace();
  aside = `${place.root}/aside`;
});
afterEach(async () => {
  await place.dispose();
});

async function appendAndClose(count: number, overrides = {}): Promise<LedgerHead> {
  const { ledger, verification } = await place.open(overrides);
  expect(verification.ok).toBe(true);
  await ledger.append(events(ledger.head().sequence + 1, count));
  const head = ledger.head();
  await ledger.close();
  return head;
}

const rolledBack = (witnessed: LedgerHead, found: LedgerHead) => ({ ok: false, problem: { code: 'LEDGER_ROLLED_BACK', detail: { witnessed, found } } });

describe('a rolled-back ledger', () => {
  it('is refused when an older copy of the directory is put back', async () => {
    const older = await appendAndClose(5);
    await copyDirectory(place.directory, aside);
    const newer = await appendAndClose(3);
    await copyDirectory(aside, place.directory);
    const before = await snapshotFiles(place.directory);

    const { ledger, verification, tail } = await place.open();
    expect(verification).toEqual(rolledBack(newer, older));
    expect(tail.length).toBe(5);
    await expect(ledger.append(events(6, 1))).rejects.toMatchObject({ code: 'LEDGER_ROLLED_BACK', detail: { witnessed: newer, found: older } });
    await ledger.close();
    expect(await snapshotFiles(place.directory)).toEqual(before);
  });

  it('is refused when the older copy was appended to up to the same sequence (a fork)', async () => {
    await appendAndClose(5);
    await copyDirectory(place.directory, aside);
    const newer = await appendAndClose(3);
    await copyDirectory(aside, place.directory);
    // Whoever put it back runs the site without its witness for a while, recording other events.
    const fork = await appendAndClose(3, { witnessFile: null });
    expect(fork.sequence).toBe(newer.sequence);
    expect(fork.hash).not.toBe(newer.hash);

    const { ledger, verification } = await place.open();
    expect(verification).toEqual(rolledBack(newer, fork));
    await ledger.close();
  });

  it('is refused when the older copy was appended to past the witnessed sequence', async () => {
    await appendAndClose(5);
    await copyDirectory(place.directory, aside);
    const newer = await appendAndClose(3);
    await copyDirectory(aside, place.directory);
    await appendAndClose(10, { witnessFile: null });

    const { ledger, verification } = await place.open();
    expect(verification).toMatchObject({ ok: false, problem: { code: 'LEDGER_ROLLED_BACK', detail: { witnessed: newer, found: { sequence: 8 } } } });
    const { found } = (verification as { problem: { detail: { found: LedgerHead } } }).problem.detail;
    expect(found.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(found.hash).not.toBe(newer.hash);
    await ledger.close();
  });

  it('is refused when the whole ledger is removed', async () => {
    const newer = await appendAndClose(4);
    await rm(place.directory, { recursive: true });
    const { ledger, verification } = await place.open();
    expect(verification).toMatchObject(rolledBack(newer, { sequence: 0, hash: expect.any(String) as string }));
    await ledger.close();
  });

  it('is seen by verify() when the files are swapped under a running ledger', async () => {
    await appendAndClose(5);
    await copyDirectory(place.directory, aside);
    const { ledger } = await place.open();
    await ledger.append(events(6, 3));
    const running = ledger.durableHead();
    for (const name of ['segment-00000001.log']) await writeFile(`${place.directory}/${name}`, await readFile(`${aside}/${name}`));

    const verification = await ledger.verify();
    expect(verification).toMatchObject({ ok: false, problem: { code: 'LEDGER_ROLLED_BACK', detail: { witnessed: running, found: { sequence: 5 } } } });
    await expect(ledger.append(events(9, 1))).rejects.toMatchObject({ code: 'LEDGER_ROLLED_BACK' });
    expect(ledger.head()).toEqual(running);
    await ledger.close();
  });
  it('is seen by verify() when the directory is removed under a running ledger', async () => {
    const { ledger } = await place.open();
    await ledger.append(events(1, 3));
    const running = ledger.durableHead();
    await rm(place.directory, { recursive: true });
    expect(await ledger.verify()).toMatchObject({ ok: false, problem: { code: 'LEDGER_ROLLED_BACK', detail: { witnessed: running, found: { sequence: 0 } } } });
    await ledger.close();
  });
});

describe('the witness', () => {
  it('is written when missing and the ledger accepted (a first start, or a moved installation)', async () => {
    const head = await appendAndClose(4);
    await rm(place.witnessFile);
    const { ledger, verification } = await place.open();
    expect(verification.ok).toBe(true);
    expect(JSON.parse(await readFile(place.witnessFile, 'utf8'))).toMatchObject(head);
    await ledger.close();
  });

  it('counts as missing when empty (a power cut before it reached the disk)', async () => {
    await appendAndClose(4);
    await writeFile(place.witnessFile, '');
    const { ledger, verification } = await place.open();
    expect(verification.ok).toBe(true);
    await ledger.close();
  });

  it('may lag the ledger: one left behind by a crash is accepted and brought up to the head', async () => {
    await appendAndClose(4);
    const lagging = await readFile(place.witnessFile);
    const head = await appendAndClose(4);
    await writeFile(place.witnessFile, lagging);
    const { ledger, verification } = await place.open();
    expect(verification).toMatchObject({ ok: true, head });
    expect(JSON.parse(await readFile(place.witnessFile, 'utf8'))).toMatchObject(head);
    await ledger.close();
  });

  it('follows the durable head while the ledger runs', async () => {
    const { ledger } = await place.open();
    await ledger.append(events(1, 3));
    const head = ledger.durableHead();
    await vi.waitFor(async () => expect(JSON.parse(await readFile(place.witnessFile, 'utf8'))).toMatchObject(head));
    await ledger.close();
  });
});
