import type { EnablementToken } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { up as backfillLedgerPositions } from '../../db/migrations/0006-ledger-positions.ts';
import { checkLedgerPosition } from './ledger-positions.ts';
import { countWrites, makeLfr, seedCustomer, seedEnabledSite, type LfrInput } from './testing/offline-licensing-fixtures.ts';

const plant = createTestParty('ledger-rollback/plant');
const head = (digit: string) => digit.repeat(64);

describe('checkLedgerPosition', () => {
  it('accepts the first position a site tenant reports', () => {
    expect(checkLedgerPosition({ sequence: 0, head: head('0') }, undefined)).toEqual({ ok: true, value: undefined });
  });

  it('refuses fewer records than reported before, or another head at the same count, and accepts the rest', () => {
    const position = fc.record({ sequence: fc.integer({ min: 0, max: 1_000 }), head: fc.constantFrom(head('a'), head('b')) });
    fc.assert(
      fc.property(position, position, (reported, highest) => {
        const outcome = checkLedgerPosition(reported, { ...highest, lfrId: 'lfr-earlier' });
        const rolledBack = reported.sequence < highest.sequence || (reported.sequence === highest.sequence && reported.head !== highest.head);
        expect(outcome).toEqual(
          rolledBack
            ? {
                ok: false,
                code: 'LEDGER_ROLLED_BACK',
                detail: {
                  sequence: reported.sequence,
                  head: reported.head,
                  highestSequence: highest.sequence,
                  highestHead: highest.head,
                  reportedByLfrId: 'lfr-earlier',
                },
              }
            : { ok: true, value: undefined },
        );
      }),
    );
  });
});

describeEachStore('a rolled-back site ledger seen by the authority', (context) => {
  let token: EnablementToken;
  let sequence = 0;
  /** The site's next LFR of cycle 1 for a tenant, reporting this ledger position. */
  const lfr = (ledger: { sequence: number; head: string }, input: Partial<LfrInput> = {}) => {
    const { authority, clock, deps } = context();
    sequence += 1;
    return makeLfr(authority, { token, site: plant, now: clock.now(), random: deps.random, sequence, ledger, ...input });
  };
  const upload = (text: string) => context().request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text } });
  const positions = () =>
    context()
      .database.db.withTables<{ ledger_positions: { site_guid: string; tenant: string; sequence: number; head: string; lfr_id: string; reported_at: Date } }>()
      .selectFrom('ledger_positions')
      .select(['site_guid', 'tenant', 'sequence', 'head', 'lfr_id'])
      .orderBy('tenant')
      .execute();

  /** Uploads and expects LEDGER_ROLLED_BACK with these facts, and nothing written at all. */
  async function expectRolledBack(text: string, errors: Record<string, unknown>): Promise<void> {
    const { database } = context();
    const [before, positionsBefore] = [await countWrites(database.db), await positions()];
    const response = await upload(text);
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 422, code: 'LEDGER_ROLLED_BACK', errors });
    expect(await countWrites(database.db)).toEqual(before);
    expect(await positions()).toEqual(positionsBefore);
  }

  let first: Awaited<ReturnType<typeof lfr>>;
  let longer: Awaited<ReturnType<typeof lfr>>;

  beforeAll(async () => {
    const { database, authority, clock, deps } = context();
    await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10 } }, clock.now());
    token = await seedEnabledSite(database.db, authority, { customerId: 'acme', site: plant, now: clock.now(), random: deps.random });
  });

  it("remembers the ledger position of a site tenant's first LFR", async () => {
    first = await lfr({ sequence: 5, head: head('5') });
    expect((await upload(first.text)).statusCode).toBe(201);
    expect(await positions()).toEqual([{ site_guid: plant.guid, tenant: 'default', sequence: 5, head: head('5'), lfr_id: first.claims.jti }]);
  });

  it('refuses an LFR whose ledger has fewer records than an earlier LFR of the site tenant reported', async () => {
    const older = await lfr({ sequence: 3, head: head('3') });
    await expectRolledBack(older.text, {
      lfrId: older.claims.jti,
      siteGuid: plant.guid,
      tenant: 'default',
      sequence: 3,
      head: head('3'),
      highestSequence: 5,
      highestHead: head('5'),
      reportedByLfrId: first.claims.jti,
    });
  });

  it('refuses an LFR reporting another head at a ledger position already reported', async () => {
    const forked = await lfr({ sequence: 5, head: head('f') });
    await expectRolledBack(forked.text, { sequence: 5, head: head('f'), highestSequence: 5, highestHead: head('5') });
  });

  it('takes a regenerated LFR reporting the same position and head, and keeps the LFR that reported it first', async () => {
    const regenerated = await lfr({ sequence: 5, head: head('5') });
    expect((await upload(regenerated.text)).statusCode).toBe(201);
    expect(await positions()).toEqual([{ site_guid: plant.guid, tenant: 'default', sequence: 5, head: head('5'), lfr_id: first.claims.jti }]);
  });

  it('moves the position forward with a longer ledger, which a new cycle cannot then go behind', async () => {
    longer = await lfr({ sequence: 9, head: head('9') });
    expect((await upload(longer.text)).statusCode).toBe(201);
    expect((await positions())[0]).toMatchObject({ sequence: 9, head: head('9'), lfr_id: longer.claims.jti });
    const nextCycle = await lfr({ sequence: 8, head: head('8') }, { cycle: 2, sequence: 1 });
    await expectRolledBack(nextCycle.text, { sequence: 8, highestSequence: 9 });
  });

  it('names the LFR of an older copy of the site, made at the cycle and sequence of one already received, a rollback', async () => {
    // The copy put back numbers its next LFR as the original did: the ledger, not the clash, says why.
    const fromCopy = await lfr({ sequence: 7, head: head('7') }, { cycle: longer.claims.cycle, sequence: longer.claims.sequence });
    await expectRolledBack(fromCopy.text, { lfrId: fromCopy.claims.jti, sequence: 7, highestSequence: 9, reportedByLfrId: longer.claims.jti });
  });

  it("keeps each tenant's ledger apart: another tenant of the same site starts from its own position", async () => {
    const second = await lfr({ sequence: 1, head: head('1') }, { tenant: 'second', sequence: 1 });
    expect((await upload(second.text)).statusCode).toBe(201);
    expect(await positions()).toEqual([
      { site_guid: plant.guid, tenant: 'default', sequence: 9, head: head('9'), lfr_id: expect.any(String) },
      { site_guid: plant.guid, tenant: 'second', sequence: 1, head: head('1'), lfr_id: second.claims.jti },
    ]);
    const secondOlder = await lfr({ sequence: 0, head: head('0') }, { tenant: 'second', sequence: 2 });
    await expectRolledBack(secondOlder.text, { tenant: 'second', sequence: 0, highestSequence: 1 });
  });

  it('names a superseded LFR as superseded, not as a rollback', async () => {
    const response = await upload(first.text);
    expect(response.json()).toMatchObject({ status: 409, code: 'LFR_SUPERSEDED', errors: { lfrId: first.claims.jti } });
  });

  it('fills the positions of an existing database from its LFRs: the highest sequence per site tenant', async () => {
    const { database } = context();
    const kept = await positions();
    await sql`drop table ledger_positions`.execute(database.db);
    await backfillLedgerPositions(database.db as Kysely<unknown>);
    expect(await positions()).toEqual(kept);
  });
});
