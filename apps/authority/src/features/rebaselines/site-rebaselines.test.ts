import { openOfflineLicenseFile, type EnablementToken, type LedgerRestore } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import type { Principal } from '../../http/permissions.ts';
import { countWrites, makeLfr, seedCustomer, seedEnabledSite, type LfrInput } from '../offline-licenses/testing/offline-licensing-fixtures.ts';

const plant = createTestParty('rebaselines/plant');
const head = (digit: string) => digit.repeat(64);
const oneYear = { start: '2026-11-23', end: '2027-11-22', entitlements: [{ type: 'bot-runner', quantity: 3 }] };
const readOnly: Principal = { kind: 'token', id: 'reader', scopes: ['licenses:read'] };
const acmeUser: Principal = { kind: 'customer-user', id: 'u-acme', customerId: 'acme' };

describeEachStore('a site restored from a backup, at the authority', (context) => {
  let token: EnablementToken;
  const lfr = (input: Partial<LfrInput>) => {
    const { authority, clock, deps } = context();
    return makeLfr(authority, { token, site: plant, now: clock.now(), random: deps.random, ...input });
  };
  const upload = (text: string) => context().request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text } });
  const configure = (lfrId: string) => context().request({ method: 'POST', url: `/v1/customers/acme/lfrs/${lfrId}/olf`, payload: oneYear });
  const rebaselines = (as?: Principal) => context().request({ method: 'GET', url: `/v1/sites/${plant.guid}/rebaselines`, ...(as ? { as } : {}) });
  const decide = (lfrId: string, decision: 'accept' | 'refuse', as?: Principal) =>
    context().request({
      method: 'POST',
      url: `/v1/sites/${plant.guid}/rebaselines/${lfrId}/${decision}`,
      payload: { note: 'restored after the disk failed' },
      ...(as ? { as } : {}),
    });
  const position = async () =>
    context()
      .database.db.withTables<{ ledger_positions: { site_guid: string; tenant: string; sequence: number; head: string; lfr_id: string } }>()
      .selectFrom('ledger_positions')
      .select(['sequence', 'head', 'lfr_id'])
      .where('tenant', '=', 'default')
      .executeTakeFirst()
      .then((row) => (row ? { sequence: Number(row.sequence), head: row.head, lfrId: row.lfr_id } : undefined));

  /** The ledger went to 40 on the site, the authority saw 30; the backup put it back to 20. */
  const restore: LedgerRestore = { reached: { sequence: 40, head: head('4') }, restored: { sequence: 20, head: head('2') } };
  let seen: Awaited<ReturnType<typeof lfr>>;
  let restored: Awaited<ReturnType<typeof lfr>>;

  beforeAll(async () => {
    const { database, authority, clock, deps } = context();
    await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10 } }, clock.now());
    token = await seedEnabledSite(database.db, authority, { customerId: 'acme', site: plant, now: clock.now(), random: deps.random });
    seen = await lfr({ cycle: 1, sequence: 1, ledger: { sequence: 30, head: head('3') } });
    expect((await upload(seen.text)).statusCode).toBe(201);
    expect((await configure(seen.claims.jti)).statusCode).toBe(201);
  });

  it('refuses an LFR that goes back without stating a restore: LEDGER_ROLLED_BACK, as before', async () => {
    const silent = await lfr({ cycle: 2, sequence: 1, ledger: { sequence: 21, head: head('b') } });
    const response = await upload(silent.text);
    expect(response.json()).toMatchObject({ status: 422, code: 'LEDGER_ROLLED_BACK', errors: { sequence: 21, highestSequence: 30 } });
  });

  it('takes an LFR that states the restore, records it as pending, and moves no ledger position', async () => {
    restored = await lfr({ cycle: 2, sequence: 2, ledger: { sequence: 22, head: head('c') }, ledgerRestore: restore });
    expect((await upload(restored.text)).statusCode).toBe(201);
    expect(await position()).toEqual({ sequence: 30, head: head('3'), lfrId: seen.claims.jti });
    const listed = await rebaselines(readOnly);
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual([
      {
        lfrId: restored.claims.jti,
        siteGuid: plant.guid,
        tenant: 'default',
        status: 'pending',
        reached: restore.reached,
        restored: restore.restored,
        lost: 20,
        reported: { sequence: 22, head: head('c') },
        recorded: { sequence: 30, head: head('3') },
        receivedAt: context().clock.now().toISOString(),
        decidedAt: null,
        decidedBy: null,
        note: null,
      },
    ]);
  });

  it('answers no OLF for it while the vendor has not accepted the gap: REBASELINE_PENDING, nothing written', async () => {
    const before = await countWrites(context().database.db);
    const response = await configure(restored.claims.jti);
    expect(response.json()).toEqual(
      expect.objectContaining({
        status: 422,
        code: 'REBASELINE_PENDING',
        errors: { lfrId: restored.claims.jti, siteGuid: plant.guid, tenant: 'default', reached: restore.reached, restored: restore.restored },
      }),
    );
    expect(await countWrites(context().database.db)).toEqual(before);
  });

  it('lets only vendor staff with licenses:write decide', async () => {
    expect((await decide(restored.claims.jti, 'accept', readOnly)).statusCode).toBe(403);
    expect([401, 403, 404]).toContain((await decide(restored.claims.jti, 'accept', acmeUser)).statusCode);
    expect((await decide('lfr-unknown', 'accept')).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('on acceptance resets the position to the LFR, audits who and what was lost, and issues an OLF carrying the re-baseline', async () => {
    const { authority, clock, database, request } = context();
    const accepted = await decide(restored.claims.jti, 'accept');
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', decidedBy: 'admin:test-admin', note: 'restored after the disk failed', lost: 20 });
    expect(await position()).toEqual({ sequence: 22, head: head('c'), lfrId: restored.claims.jti });
    const audit = await database.db.selectFrom('audit_events').select(['actor', 'before', 'after']).where('action', '=', 'site.rebaseline-accept').execute();
    expect(audit.map((event) => ({ ...event, before: parse(event.before), after: parse(event.after) }))).toEqual([
      {
        actor: 'admin:test-admin',
        before: { ledgerPosition: { sequence: 30, head: head('3'), lfrId: seen.claims.jti } },
        after: {
          lfrId: restored.claims.jti,
          tenant: 'default',
          reached: restore.reached,
          restored: restore.restored,
          lost: 20,
          note: 'restored after the disk failed',
          ledgerPosition: { sequence: 22, head: head('c'), lfrId: restored.claims.jti },
        },
      },
    ]);
    expect((await decide(restored.claims.jti, 'refuse')).json()).toMatchObject({ status: 409, code: 'CONFLICT' });

    const issued = await configure(restored.claims.jti);
    expect(issued.statusCode).toBe(201);
    const download = await request({ method: 'GET', url: `/v1/customers/acme/olfs/${issued.json().id}` });
    const olf = await openOfflineLicenseFile(download.json().text, {
      now: clock.now(),
      trust: authority.trust,
      siteEncryptionKey: plant.encryptionKey,
      siteGuid: plant.guid,
      tenant: 'default',
    });
    expect(olf.claims.rebaseline).toEqual(restore);
  });

  it("takes the site's later LFRs from the restored position on, and still refuses one behind it", async () => {
    const next = await lfr({ cycle: 3, sequence: 1, ledger: { sequence: 25, head: head('d') } });
    expect((await upload(next.text)).statusCode).toBe(201);
    const behind = await lfr({ cycle: 3, sequence: 2, ledger: { sequence: 23, head: head('e') } });
    expect((await upload(behind.text)).json()).toMatchObject({ code: 'LEDGER_ROLLED_BACK', errors: { highestSequence: 25 } });
  });

  it('leaves a refused re-baseline unanswerable: LEDGER_ROLLED_BACK', async () => {
    const again = await lfr({
      cycle: 4,
      sequence: 1,
      ledger: { sequence: 12, head: head('f') },
      ledgerRestore: { reached: { sequence: 30, head: head('9') }, restored: { sequence: 10, head: head('1') } },
    });
    expect((await upload(again.text)).statusCode).toBe(201);
    expect((await decide(again.claims.jti, 'refuse')).json()).toMatchObject({ status: 'refused' });
    expect(await position()).toMatchObject({ sequence: 25 });
    expect((await configure(again.claims.jti)).json()).toMatchObject({ status: 422, code: 'LEDGER_ROLLED_BACK' });
  });

  it('accepts an LFR whose ledger is ahead of its record, as after the authority itself was restored from an older backup', async () => {
    const ahead = await lfr({ cycle: 5, sequence: 1, ledger: { sequence: 500, head: head('a') } });
    expect((await upload(ahead.text)).statusCode).toBe(201);
    expect(await position()).toEqual({ sequence: 500, head: head('a'), lfrId: ahead.claims.jti });
    expect((await configure(ahead.claims.jti)).statusCode).toBe(201);
  });
});

function parse(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}
