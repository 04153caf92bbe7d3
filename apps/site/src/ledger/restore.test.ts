import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerHead } from './ledger.ts';
import { copyDirectory, events, ledgerPlace, type LedgerPlace } from './testing/ledger-test-kit.ts';

/**
 * A restore declared by the operator (`airlock site restore` names the head it put back): the
 * ledger behind its witness opens as sound with the gap, the witness keeps the head it
 * remembers until the next commit, and only a ledger descending from the declared head counts.
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

async function appendAndClose(count: number): Promise<LedgerHead> {
  const { ledger } = await place.open();
  await ledger.append(events(ledger.head().sequence + 1, count));
  const head = ledger.head();
  await ledger.close();
  return head;
}

describe('a declared restore', () => {
  it('opens as sound with the gap, keeps the witness until the next commit, then moves it on', async () => {
    const backedUp = await appendAndClose(5);
    await copyDirectory(place.directory, aside);
    const reached = await appendAndClose(4);
    await copyDirectory(aside, place.directory);
    const witnessBefore = await readFile(place.witnessFile, 'utf8');

    const { ledger, verification, restore } = await place.open({ restoredHead: backedUp });
    expect(verification).toEqual({ ok: true, head: backedUp, records: 5, latestAt: expect.any(Number) as number });
    expect(restore).toEqual({ reached, restored: backedUp });
    expect(await readFile(place.witnessFile, 'utf8')).toBe(witnessBefore);
    expect(await ledger.verify()).toMatchObject({ ok: true });
    await ledger.append(events(6, 1));
    const after = ledger.head();
    await ledger.close();

    const reopened = await place.open();
    expect(reopened.verification).toMatchObject({ ok: true, head: after });
    expect(reopened.restore).toBeNull();
    await reopened.ledger.close();
  });

  it('still opens as a restore after records were appended but the witness was not yet rewritten', async () => {
    const backedUp = await appendAndClose(5);
    await copyDirectory(place.directory, aside);
    const reached = await appendAndClose(4);
    const witness = await readFile(place.witnessFile, 'utf8');
    await copyDirectory(aside, place.directory);
    const first = await place.open({ restoredHead: backedUp });
    await first.ledger.append(events(6, 2));
    await first.ledger.close();
    // A crash before the witness write is the same as putting the old witness back.
    await writeFile(place.witnessFile, witness);

    const { ledger, verification, restore } = await place.open({ restoredHead: backedUp });
    expect(verification).toMatchObject({ ok: true, head: { sequence: 7 } });
    expect(restore).toEqual({ reached, restored: backedUp });
    await ledger.close();
  });

  it('is a rollback when the ledger does not descend from the declared head', async () => {
    await appendAndClose(3);
    await copyDirectory(place.directory, aside);
    const declared = await appendAndClose(2);
    const reached = await appendAndClose(4);
    await copyDirectory(aside, place.directory);

    const { ledger, verification, restore } = await place.open({ restoredHead: declared });
    expect(verification).toMatchObject({ ok: false, problem: { code: 'LEDGER_ROLLED_BACK', detail: { witnessed: reached, found: { sequence: 3 } } } });
    expect(restore).toBeNull();
    await ledger.close();
  });

  it('changes nothing for a ledger its witness agrees with', async () => {
    const head = await appendAndClose(3);
    const { ledger, verification, restore } = await place.open({ restoredHead: head });
    expect(verification).toMatchObject({ ok: true, head });
    expect(restore).toBeNull();
    await ledger.close();
  });
});
