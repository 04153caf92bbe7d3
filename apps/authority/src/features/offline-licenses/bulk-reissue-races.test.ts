import type { EnablementToken } from '@airlock/core';
import { createTestParty, type TestParty } from '@airlock/core/testing';
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Db } from '../../db/database.ts';
import { bulkReissueOfflineLicenses } from './bulk-reissue.ts';
import { countWrites, makeLfr, seedCustomer, seedEnabledSite } from './testing/offline-licensing-fixtures.ts';

const oneYear = { start: '2026-11-23', end: '2027-11-22' };
const twoRunners = [{ type: 'bot-runner', quantity: 2 }];

interface BulkAnswer {
  readonly issued: { lfrId: string }[];
  readonly refused: { lfrId: string; code: string }[];
  readonly next: string | null;
}

/**
 * Makes two racing calls overlap for certain on PostgreSQL: the first call to reach signing (its
 * facts read, its decisions made) waits there until the other call is blocked on a lock, or has
 * reached signing too, which only happens if nothing serialized the two. PGlite runs one
 * transaction at a time by construction, so there the gate stays open.
 */
class RaceGate {
  private arrived = 0;
  private armed = false;

  arm(): void {
    this.armed = true;
    this.arrived = 0;
  }

  disarm(): void {
    this.armed = false;
  }

  async pass(db: Db): Promise<void> {
    if (!this.armed || ++this.arrived > 1) return;
    while (this.arrived < 2 && !(await someoneWaitsOnALock(db))) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function someoneWaitsOnALock(db: Db): Promise<boolean> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
  return (rows[0]?.n ?? 0) > 0;
}

const gate = new RaceGate();

describeEachStore(
  'bulk re-issue under concurrency and failure',
  (context) => {
    const sites = new Map<string, { site: TestParty; token: EnablementToken }>();

    /** A customer with one enabled site that bought `runners` Bot Runner seats, and an open LFR for each tenant named. */
    async function customerWithOpenLfrs(customerId: string, runners: number, tenants: readonly string[]): Promise<string[]> {
      const { database, authority, clock, deps, request } = context();
      await seedCustomer(database.db, { id: customerId, accountEndsOn: '2027-12-31', purchased: { 'bot-runner': runners } }, clock.now());
      const site = createTestParty(`bulk-reissue-races/${customerId}`);
      const token = await seedEnabledSite(database.db, authority, { customerId, site, now: clock.now(), random: deps.random });
      sites.set(customerId, { site, token });
      const lfrIds: string[] = [];
      for (const tenant of tenants) {
        const { text, claims } = await makeLfr(authority, { token, site, now: clock.now(), random: deps.random, tenant });
        expect((await request({ method: 'POST', url: `/v1/customers/${customerId}/lfrs`, payload: { text } })).statusCode).toBe(201);
        lfrIds.push(claims.jti);
      }
      return lfrIds;
    }
    const bulk = (customerId: string, payload: object, as?: Parameters<ReturnType<typeof context>['request']>[0]['as']) =>
      context().request({ method: 'POST', url: `/v1/customers/${customerId}/offline-licenses/bulk-reissue`, payload, ...(as ? { as } : {}) });
    const listed = (lfrIds: readonly string[]) => ({ lfrs: lfrIds.map((lfrId) => ({ lfrId, ...oneYear, entitlements: twoRunners })) });
    const held = async (customerId: string) => {
      const rows = await context().database.db.selectFrom('held_entitlements').select('quantity').where('customer_id', '=', customerId).execute();
      return rows.reduce((sum, row) => sum + row.quantity, 0);
    };
    const olfsOf = async (customerId: string) =>
      (await context().database.db.selectFrom('offline_license_files').select('lfr_id').where('customer_id', '=', customerId).execute())
        .map((row) => row.lfr_id)
        .sort();

    beforeAll(async () => {
      await seedCustomer(context().database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: {} }, context().clock.now());
    });

    it('never gives out more than was bought when two bulk calls race for the last seats', async () => {
      const lfrIds = await customerWithOpenLfrs('race', 10, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
      if (context().database.store === 'postgres') gate.arm();
      const answers = await Promise.all([bulk('race', listed(lfrIds.slice(0, 4))), bulk('race', listed(lfrIds.slice(4)))]).finally(() => gate.disarm());
      expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200]);
      const [first, second] = answers.map((answer) => answer.json<BulkAnswer>());
      const issued = [...first!.issued, ...second!.issued];
      const refused = [...first!.refused, ...second!.refused];
      expect(issued).toHaveLength(5);
      expect(refused.map((refusal) => refusal.code)).toEqual(['ALLOCATION_EXCEEDS_PURCHASE', 'ALLOCATION_EXCEEDS_PURCHASE', 'ALLOCATION_EXCEEDS_PURCHASE']);
      expect(await held('race')).toBe(10);
      expect(await olfsOf('race')).toEqual(issued.map((olf) => olf.lfrId).sort());
    });

    it('never gives out more than was bought when racing calls interleave their transactions', async () => {
      const lfrIds = await customerWithOpenLfrs('interleaved', 10, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
      const { deps, clock } = context();
      const by = { actor: 'admin:test-admin', now: clock.now() };
      const call = (ids: readonly string[]) => bulkReissueOfflineLicenses(deps, 'interleaved', listed(ids), by, { batchSize: 1 });
      const [first, second] = await Promise.all([call(lfrIds.filter((_, index) => index % 2 === 0)), call(lfrIds.filter((_, index) => index % 2 === 1))]);
      expect(first.issued.length + second.issued.length).toBe(5);
      expect([...first.refused, ...second.refused].map((refusal) => refusal.code)).toEqual(Array(3).fill('ALLOCATION_EXCEEDS_PURCHASE'));
      expect(await held('interleaved')).toBe(10);
    });

    it('keeps none of the OLFs of a transaction whose writing fails, and keeps the transactions before it', async () => {
      const { database, deps, clock, request } = context();
      const lfrIds = await customerWithOpenLfrs('atomic', 100, ['a', 'b', 'poison', 'd']);
      // The audit event of the OLF for tenant `poison` cannot be written: its whole transaction must roll back.
      await sql`create or replace function refuse_poisoned_audit() returns trigger language plpgsql as $$
      begin if new.after->>'tenant' = 'poison' then raise exception 'poisoned audit event'; end if; return new; end $$`.execute(database.db);
      await sql`create trigger refuse_poisoned_audit before insert on audit_events for each row execute function refuse_poisoned_audit()`.execute(database.db);
      try {
        const before = await countWrites(database.db);
        const failed = await request({ method: 'POST', url: '/v1/customers/atomic/offline-licenses/bulk-reissue', payload: listed(lfrIds) });
        expect(failed.json()).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
        expect(await countWrites(database.db)).toEqual(before);

        const by = { actor: 'admin:test-admin', now: clock.now() };
        await expect(bulkReissueOfflineLicenses(deps, 'atomic', listed(lfrIds), by, { batchSize: 2 })).rejects.toThrow('poisoned audit event');
        expect(await olfsOf('atomic')).toEqual(lfrIds.slice(0, 2).sort());
        expect(await held('atomic')).toBe(4);
      } finally {
        await sql`drop trigger refuse_poisoned_audit on audit_events`.execute(database.db);
      }
      const again = (await bulk('atomic', listed(lfrIds))).json<BulkAnswer>();
      expect(again.refused).toMatchObject([
        { lfrId: lfrIds[0], code: 'LFR_ALREADY_USED' },
        { lfrId: lfrIds[1], code: 'LFR_ALREADY_USED' },
      ]);
      expect(again.issued.map((olf) => olf.lfrId)).toEqual(lfrIds.slice(2));
      expect(await olfsOf('atomic')).toEqual([...lfrIds].sort());
    });

    it("is for the vendor's staff only, and refuses a bad request whole, writing nothing", async () => {
      const { database } = context();
      const [lfrId] = await customerWithOpenLfrs('strict', 10, ['a']);
      const before = await countWrites(database.db);
      const item = { lfrId: lfrId!, ...oneYear, entitlements: twoRunners };
      const customerUser = { kind: 'customer-user', id: 'u-strict', customerId: 'strict' } as const;
      const readOnlyToken = { kind: 'token', id: 'reader', scopes: ['licenses:read'] } as const;
      expect((await bulk('strict', { lfrs: [item] }, customerUser)).json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect((await bulk('strict', { lfrs: [item] }, readOnlyToken)).json()).toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
        errors: { needs: 'licenses:write' },
      });
      expect((await bulk('nobody', { lfrs: [item] })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND', errors: { customer: 'nobody' } });
      expect((await bulk('nobody', { open: { ...oneYear, entitlements: twoRunners } })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      for (const payload of [
        {},
        { lfrs: [] },
        { lfrs: Array(1_001).fill(item) },
        { lfrs: [item], open: { ...oneYear, entitlements: twoRunners } },
        { lfrs: [{ ...item, quantity: 1 }] },
        { open: { ...oneYear, entitlements: twoRunners }, limit: 0 },
        { open: { ...oneYear, entitlements: [{ type: 'bot-runner', quantity: -1 }] } },
      ]) {
        expect((await bulk('strict', payload)).json(), JSON.stringify(payload).slice(0, 80)).toMatchObject({ status: 400, code: 'REQUEST_INVALID' });
      }
      expect(await countWrites(database.db)).toEqual(before);
    });

    it('answers any malformed body with REQUEST_INVALID or an empty answer, never a failure, and writes nothing', async () => {
      const { database } = context();
      await seedCustomer(database.db, { id: 'fuzz', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10 } }, context().clock.now());
      const before = await countWrites(database.db);
      const terms = fc.record(
        { start: fc.oneof(fc.string(), fc.constant('2026-11-23')), end: fc.anything(), entitlements: fc.anything(), acceptBelowUse: fc.anything() },
        { requiredKeys: [] },
      );
      const body = fc.oneof(
        fc.anything(),
        fc.record({
          lfrs: fc.array(fc.oneof(fc.anything(), fc.record({ lfrId: fc.string(), start: fc.string(), end: fc.string(), entitlements: fc.anything() }))),
        }),
        fc.record({ open: fc.oneof(fc.anything(), terms), after: fc.anything(), limit: fc.anything() }, { requiredKeys: ['open'] }),
      );
      await fc.assert(
        fc.asyncProperty(body, async (payload) => {
          const response = await context().request({
            method: 'POST',
            url: '/v1/customers/fuzz/offline-licenses/bulk-reissue',
            payload: JSON.stringify(payload) ?? 'null',
            headers: { 'content-type': 'application/json' },
          });
          const answer = response.json<{ code?: string; issued?: unknown[] }>();
          if (response.statusCode === 200) expect(answer.issued).toEqual([]);
          else expect({ status: response.statusCode, code: answer.code }).toEqual({ status: 400, code: 'REQUEST_INVALID' });
        }),
        { numRuns: 150 },
      );
      expect(await countWrites(database.db)).toEqual(before);
    });
  },
  (defaults) => ({
    keys: {
      ...defaults.keys,
      signer: async () => {
        await gate.pass(defaults.db);
        return defaults.keys.signer();
      },
    },
  }),
);
