import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blocksOf, editFile, ledgerPlace, writeBlocks, type LedgerPlace } from './testing/ledger-test-kit.ts';

/** What a ledger whose chain broke still offers: the newest sealed checkpoint past the break, read only. */
let place: LedgerPlace;
beforeEach(async () => {
  place = await ledgerPlace();
  await writeBlocks(place, 4, 3);
});
afterEach(async () => {
  await place.dispose();
});

async function damageBlock(index: number) {
  const block = (await blocksOf(place.segment()))[index]!;
  await editFile(place.segment(), (bytes) => {
    bytes[block.start + 40]! ^= 0x01;
    return bytes;
  });
}

describe('a ledger whose chain broke', () => {
  it('offers the newest checkpoint past the break, and still refuses to append', async () => {
    const opened = await place.open();
    await opened.ledger.checkpoint({ at: 12 });
    await opened.ledger.close();
    await damageBlock(0);
    const again = await place.open();
    expect(again.verification).toMatchObject({ ok: false, problem: { code: 'LEDGER_TAMPERED', detail: { sequence: 1 } } });
    expect(again.checkpoint).toBeNull();
    expect(again.salvaged).toEqual({ state: { at: 12 }, head: { sequence: 12, hash: expect.stringMatching(/^[0-9a-f]{64}$/) as string } });
    await expect(again.ledger.append([{ n: 13 }])).rejects.toMatchObject({ code: 'LEDGER_TAMPERED' });
    await again.ledger.close();
  });

  it('offers nothing when no checkpoint lies past the break, and nothing when the chain is whole', async () => {
    const opened = await place.open();
    await opened.ledger.checkpoint({ at: 12 });
    await opened.ledger.close();
    const whole = await place.open();
    expect(whole.salvaged).toBeNull();
    expect(whole.checkpoint?.head.sequence).toBe(12);
    await whole.ledger.close();
    await writeBlocks(place, 1, 3);
    await damageBlock(4);
    const broken = await place.open();
    expect(broken.verification).toMatchObject({ ok: false, problem: { detail: { sequence: 13 } } });
    expect(broken.checkpoint?.head.sequence).toBe(12);
    expect(broken.salvaged).toBeNull();
    await broken.ledger.close();
  });
});
