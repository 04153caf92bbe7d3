import { openOfflineLicenseFile, type EnablementToken, type LicenseFileRequest } from '@airlock/core';
import { deriveSealingKey } from '@airlock/core/internal';
import { createTestParty, type TestParty } from '@airlock/core/testing';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { countWrites, makeLfr, seedCustomer, seedEnabledSite, type LfrInput } from './testing/offline-licensing-fixtures.ts';

const plant1 = createTestParty('bulk-reissue/plant-1');
const plant2 = createTestParty('bulk-reissue/plant-2');
const plant3 = createTestParty('bulk-reissue/plant-3');
const renewalPlant = createTestParty('bulk-reissue/renewal-plant');
const seasonPlant = createTestParty('bulk-reissue/season-plant');
const oneYear = { start: '2026-11-23', end: '2027-11-22' };
const runners = (quantity: number) => ({ type: 'bot-runner', quantity });

/** The OLF claims that do not depend on the LFR answered or the site it goes to. */
function sameForEverySite(claims: Record<string, unknown>): Record<string, unknown> {
  const bound = new Set(['jti', 'aud', 'lfrId', 'answers', 'siteGuid', 'siteKeyThumbprint']);
  return Object.fromEntries(Object.entries(claims).filter(([name]) => !bound.has(name)));
}

describeEachStore(
  'bulk re-issue of offline licenses',
  (context) => {
    const tokens = new Map<string, EnablementToken>();
    /** The site makes an LFR now and the vendor uploads it for the customer; answers its claims. */
    async function sendLfr(customerId: string, site: TestParty, input: Partial<LfrInput> = {}): Promise<LicenseFileRequest> {
      const { authority, clock, deps, request } = context();
      const { text, claims } = await makeLfr(authority, { token: tokens.get(site.guid)!, site, now: clock.now(), random: deps.random, ...input });
      expect((await request({ method: 'POST', url: `/v1/customers/${customerId}/lfrs`, payload: { text } })).statusCode).toBe(201);
      return claims;
    }
    const bulk = (customerId: string, payload: object) =>
      context().request({ method: 'POST', url: `/v1/customers/${customerId}/offline-licenses/bulk-reissue`, payload });
    const single = (lfrId: string, payload: object) => context().request({ method: 'POST', url: `/v1/customers/acme/lfrs/${lfrId}/olf`, payload });
    const download = async (olfId: string) =>
      (await context().request({ method: 'GET', url: `/v1/customers/acme/olfs/${olfId}` })).json<{ text: string } & Record<string, unknown>>();
    const auditOf = (olfId: string) =>
      context().database.db.selectFrom('audit_events').select(['actor', 'action', 'object_type', 'before', 'after']).where('object_id', '=', olfId).execute();
    const heldRows = (siteGuid: string) =>
      context()
        .database.db.selectFrom('held_entitlements')
        .select(['tenant', 'license_type_id', 'quantity', 'olf_id'])
        .where('site_guid', '=', siteGuid)
        .orderBy('tenant')
        .orderBy('license_type_id')
        .execute();

    beforeAll(async () => {
      const { database, authority, clock, deps } = context();
      await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10, 'bot-creator': 2 } }, clock.now());
      await seedCustomer(database.db, { id: 'renewal', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 100 } }, clock.now());
      await seedCustomer(database.db, { id: 'season', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 100 } }, clock.now());
      for (const [customerId, site] of [
        ['acme', plant1],
        ['acme', plant2],
        ['acme', plant3],
        ['renewal', renewalPlant],
        ['season', seasonPlant],
      ] as const) {
        tokens.set(site.guid, await seedEnabledSite(database.db, authority, { customerId, site, now: clock.now(), random: deps.random }));
      }
    });

    let firstBulkOlf: string;

    it('issues the same documents, holds and audit events as single issues', async () => {
      const { authority, clock } = context();
      const terms = { ...oneYear, entitlements: [runners(3), { type: 'bot-creator', quantity: 1 }] };
      const alone = await sendLfr('acme', plant1, { seats: { 'bot-runner': ['ada', 'grace'] } });
      const inBulk = await sendLfr('acme', plant2, { seats: { 'bot-runner': ['ada', 'grace'] } });
      const singleOlf = (await single(alone.jti, terms)).json<{ id: string }>();

      const response = await bulk('acme', { lfrs: [{ lfrId: inBulk.jti, ...terms }] });
      expect(response.statusCode).toBe(200);
      const answer = response.json<{ issued: { id: string }[] }>();
      firstBulkOlf = answer.issued[0]!.id;
      const { text, ...stored } = await download(firstBulkOlf);
      expect(answer).toEqual({ issued: [{ ...stored, warnings: [] }], refused: [], next: null });

      const opened = async (olfId: string, site: TestParty) =>
        (
          await openOfflineLicenseFile((await download(olfId)).text, {
            now: clock.now(),
            trust: authority.trust,
            siteEncryptionKey: site.encryptionKey,
            siteGuid: site.guid,
            tenant: 'default',
          })
        ).claims;
      const [fromSingle, fromBulk] = [await opened(singleOlf.id, plant1), await opened(firstBulkOlf, plant2)];
      expect(fromBulk).toMatchObject({ lfrId: inBulk.jti, answers: [inBulk.jti], siteGuid: plant2.guid, siteKeyThumbprint: plant2.signingKey.kid, ...oneYear });
      expect(sameForEverySite(fromBulk)).toEqual(sameForEverySite(fromSingle));
      expect(text).toContain('-----BEGIN AIRLOCK OFFLINE LICENSE FILE-----');

      const [auditSingle, auditBulk] = [await auditOf(singleOlf.id), await auditOf(firstBulkOlf)];
      const after = (lfrId: string, siteGuid: string) => ({
        lfrId,
        siteGuid,
        tenant: 'default',
        ...oneYear,
        warnings: [],
        entitlements: [
          { type: 'bot-runner', category: 'seat', quantity: 3 },
          { type: 'bot-creator', category: 'seat', quantity: 1 },
        ],
      });
      expect(auditSingle).toEqual([
        { actor: 'admin:test-admin', action: 'olf.issue', object_type: 'offline-license-file', before: null, after: after(alone.jti, plant1.guid) },
      ]);
      expect(auditBulk).toEqual([
        { actor: 'admin:test-admin', action: 'olf.issue', object_type: 'offline-license-file', before: null, after: after(inBulk.jti, plant2.guid) },
      ]);
      expect(await heldRows(plant2.guid)).toEqual([
        { tenant: 'default', license_type_id: 'bot-creator', quantity: 1, olf_id: firstBulkOlf },
        { tenant: 'default', license_type_id: 'bot-runner', quantity: 3, olf_id: firstBulkOlf },
      ]);
    });

    it('replaces what a site tenant holds with its re-issued license, and audits what it held before', async () => {
      const renewal = await sendLfr('acme', plant2, { cycle: 2 });
      const answer = (await bulk('acme', { lfrs: [{ lfrId: renewal.jti, ...oneYear, entitlements: [runners(2)] }] })).json<{ issued: { id: string }[] }>();
      const olfId = answer.issued[0]!.id;
      expect(await heldRows(plant2.guid)).toEqual([{ tenant: 'default', license_type_id: 'bot-runner', quantity: 2, olf_id: olfId }]);
      expect((await auditOf(olfId))[0]!.before).toEqual({
        olfId: firstBulkOlf,
        end: '2027-11-22',
        entitlements: [
          { type: 'bot-creator', quantity: 1 },
          { type: 'bot-runner', quantity: 3 },
        ],
      });
    });

    it('refuses each bad request with the code a single issue answers, issues the others, and writes nothing for the refused', async () => {
      const { database } = context();
      // Held now: plant 1 has 3 runners and 1 creator, plant 2 has 2 runners; 10 runners and 2 creators were bought.
      const fresh = await sendLfr('acme', plant3, { tenant: 't1' });
      const superseded = await sendLfr('acme', plant3, { tenant: 't2' });
      await sendLfr('acme', plant3, { tenant: 't2', sequence: 2 });
      const open = await sendLfr('acme', plant3, { tenant: 't3' });
      const inUse = await sendLfr('acme', plant3, { tenant: 't4', seats: { 'bot-runner': ['ada', 'grace'] } });
      const used = (await database.db.selectFrom('offline_license_files').select('lfr_id').where('site_guid', '=', plant1.guid).executeTakeFirstOrThrow())
        .lfr_id;
      const alone = [
        { lfrId: 'no-such-lfr', ...oneYear, entitlements: [runners(1)] },
        { lfrId: superseded.jti, ...oneYear, entitlements: [runners(1)] },
        { lfrId: used, ...oneYear, entitlements: [runners(1)] },
        { lfrId: open.jti, start: '2026-11-22', end: '2027-11-22', entitlements: [runners(1)] },
        { lfrId: open.jti, start: '2026-11-23', end: '2028-01-01', entitlements: [runners(1)] },
        { lfrId: open.jti, ...oneYear, entitlements: [runners(1), runners(2)] },
        { lfrId: open.jti, ...oneYear, entitlements: [{ type: 'bot-flyer', quantity: 1 }] },
        { lfrId: inUse.jti, ...oneYear, entitlements: [runners(1)] },
      ];
      const answeredAlone = [];
      for (const { lfrId, ...terms } of alone)
        answeredAlone.push({ lfrId, ...(await single(lfrId, terms)).json<{ code: string; detail: string; errors: object }>() });
      const before = await countWrites(database.db);

      const items = [
        { lfrId: fresh.jti, ...oneYear, entitlements: [runners(1)] },
        ...alone,
        { lfrId: open.jti, ...oneYear, entitlements: [runners(5)] },
        { lfrId: inUse.jti, ...oneYear, entitlements: [runners(1)], acceptBelowUse: true },
        { lfrId: fresh.jti, ...oneYear, entitlements: [runners(1)] },
      ];
      const answer = (await bulk('acme', { lfrs: items })).json<{
        issued: { lfrId: string; warnings: unknown[] }[];
        refused: { lfrId: string; code: string; detail: string; errors: object }[];
      }>();

      expect(answer.issued.map((olf) => [olf.lfrId, olf.warnings])).toEqual([
        [fresh.jti, []],
        [inUse.jti, [{ type: 'bot-runner', requested: 1, used: 2 }]],
      ]);
      expect(answer.refused.map((refusal) => refusal.code)).toEqual([
        'NOT_FOUND',
        'LFR_SUPERSEDED',
        'LFR_ALREADY_USED',
        'OLF_START_NOT_TODAY',
        'OLF_END_AFTER_ACCOUNT_END',
        'REQUEST_INVALID',
        'NOT_FOUND',
        'BELOW_USE_NOT_ACCEPTED',
        'ALLOCATION_EXCEEDS_PURCHASE',
        'LFR_ALREADY_USED',
      ]);
      expect(answer.refused.slice(0, alone.length)).toEqual(answeredAlone.map(({ lfrId, code, detail, errors }) => ({ lfrId, code, detail, errors })));
      // Decided in order: the runner the first request took counts against the later ones.
      expect(answer.refused[alone.length]).toEqual({
        lfrId: open.jti,
        code: 'ALLOCATION_EXCEEDS_PURCHASE',
        detail: expect.any(String),
        errors: { violations: [{ type: 'bot-runner', requested: 5, heldElsewhere: 6, purchased: 10, available: 4 }] },
      });
      expect(answer.refused.at(-1)).toMatchObject({ lfrId: fresh.jti, code: 'LFR_ALREADY_USED', errors: { lfrId: fresh.jti } });
      expect(await countWrites(database.db)).toEqual({ ...before, olfs: before.olfs + 2, audit: before.audit + 2 });
      expect(await heldRows(plant3.guid)).toEqual([
        { tenant: 't1', license_type_id: 'bot-runner', quantity: 1, olf_id: expect.any(String) },
        { tenant: 't4', license_type_id: 'bot-runner', quantity: 1, olf_id: expect.any(String) },
      ]);
    });

    it('answers every open LFR of the customer with the same terms, page by page', async () => {
      const { database } = context();
      const open: string[] = [];
      for (const tenant of ['r1', 'r2', 'r3', 'r4', 'r5']) open.push((await sendLfr('renewal', renewalPlant, { tenant })).jti);
      const superseded = await sendLfr('renewal', renewalPlant, { tenant: 'r6' });
      open.push((await sendLfr('renewal', renewalPlant, { tenant: 'r6', sequence: 2 })).jti);
      const answered = await sendLfr('renewal', renewalPlant, { tenant: 'r7' });
      expect((await bulk('renewal', { lfrs: [{ lfrId: answered.jti, ...oneYear, entitlements: [runners(1)] }] })).json()).toMatchObject({ refused: [] });
      open.sort();

      const terms = { ...oneYear, entitlements: [runners(2)] };
      const firstPage = (await bulk('renewal', { open: terms, limit: 4 })).json<{
        issued: { lfrId: string; entitlements: unknown }[];
        refused: unknown[];
        next: string | null;
      }>();
      expect(firstPage).toMatchObject({ refused: [], next: open[3] });
      expect(firstPage.issued.map((olf) => olf.lfrId)).toEqual(open.slice(0, 4));
      expect(
        firstPage.issued.every((olf) => JSON.stringify(olf.entitlements) === JSON.stringify([{ type: 'bot-runner', category: 'seat', quantity: 2 }])),
      ).toBe(true);
      const secondPage = (await bulk('renewal', { open: terms, after: firstPage.next })).json<{ issued: { lfrId: string }[]; next: string | null }>();
      expect(secondPage).toMatchObject({ refused: [], next: null });
      expect(secondPage.issued.map((olf) => olf.lfrId)).toEqual(open.slice(4));
      expect((await bulk('renewal', { open: terms })).json()).toEqual({ issued: [], refused: [], next: null });

      const answeredLfrs = await database.db.selectFrom('offline_license_files').select('lfr_id').where('customer_id', '=', 'renewal').execute();
      expect(answeredLfrs.map((row) => row.lfr_id).sort()).toEqual([...open, answered.jti].sort());
      expect(answeredLfrs.map((row) => row.lfr_id)).not.toContain(superseded.jti);
    });

    it('writes a transaction of many OLFs in the order asked: one hold and one audit event each, numbered as the OLFs were asked', async () => {
      const { database } = context();
      const tenants = Array.from({ length: 60 }, (_, index) => `s${String(index).padStart(2, '0')}`);
      const lfrIds: string[] = [];
      for (const tenant of tenants) lfrIds.push((await sendLfr('season', seasonPlant, { tenant })).jti);
      // Listed newest first, so the order asked is not the order the LFRs were stored in.
      const asked = [...lfrIds].reverse();
      const answer = (await bulk('season', { lfrs: asked.map((lfrId) => ({ lfrId, ...oneYear, entitlements: [runners(1)] })) })).json<{
        issued: { id: string; lfrId: string }[];
        refused: unknown[];
      }>();
      expect(answer.refused).toEqual([]);
      expect(answer.issued.map((olf) => olf.lfrId)).toEqual(asked);
      const events = await database.db
        .selectFrom('audit_events')
        .select(['object_id', 'after'])
        .where('action', '=', 'olf.issue')
        .where(
          'object_id',
          'in',
          answer.issued.map((olf) => olf.id),
        )
        .orderBy('id')
        .execute();
      expect(events.map((event) => event.object_id)).toEqual(answer.issued.map((olf) => olf.id));
      expect(events.map((event) => (event.after as { lfrId: string }).lfrId)).toEqual(asked);
      const held = await heldRows(seasonPlant.guid);
      expect(held).toHaveLength(60);
      expect(held.map((row) => row.olf_id).sort()).toEqual(answer.issued.map((olf) => olf.id).sort());
    });

    it('tells the webhook endpoints subscribed to olf.issue of each OLF issued, alone or in bulk, once, with its audit event', async () => {
      const { request, database } = context();
      const hook = (events: string[]) =>
        request({ method: 'POST', url: '/v1/webhooks', payload: { url: 'https://crm.example.com/airlock', description: 'CRM', events } });
      const olfs = (await hook(['olf.issue'])).json<{ endpoint: { id: string } }>().endpoint.id;
      const customers = (await hook(['customer.*'])).json<{ endpoint: { id: string } }>().endpoint.id;
      const tenants = ['w1', 'w2', 'w3'];
      const [alone, ...inBulk] = await Promise.all(tenants.map((tenant) => sendLfr('season', seasonPlant, { tenant })));
      const single = (
        await context().request({ method: 'POST', url: `/v1/customers/season/lfrs/${alone!.jti}/olf`, payload: { ...oneYear, entitlements: [runners(1)] } })
      ).json<{ id: string }>();
      const bulkAnswer = (await bulk('season', { lfrs: inBulk.map((lfr) => ({ lfrId: lfr.jti, ...oneYear, entitlements: [runners(1)] })) })).json<{
        issued: { id: string }[];
      }>();
      const issued = [single.id, ...bulkAnswer.issued.map((olf) => olf.id)];
      const deliveries = await database.db.selectFrom('webhook_deliveries').select(['endpoint_id', 'event_id', 'payload']).orderBy('id').execute();
      const audited = await database.db
        .selectFrom('audit_events')
        .select(['id', 'object_id'])
        .where('action', '=', 'olf.issue')
        .where('object_id', 'in', issued)
        .execute();
      expect(deliveries.filter((row) => row.endpoint_id === customers)).toEqual([]);
      const toOlfs = deliveries.filter((row) => row.endpoint_id === olfs);
      const payloads = toOlfs.map((row) => JSON.parse(row.payload) as { type: string; object: { type: string; id: string } });
      expect(payloads.map(({ type, object }) => ({ type, object }))).toEqual(
        issued.map((id) => ({ type: 'olf.issue', object: { type: 'offline-license-file', id } })),
      );
      expect(toOlfs.map((row) => row.event_id)).toEqual(issued.map((id) => `evt_${audited.find((row) => row.object_id === id)!.id}`));
      expect((JSON.parse(toOlfs[1]!.payload) as { data: { after: { lfrId: string } } }).data.after.lfrId).toBe(inBulk[0]!.jti);
    });
  },
  // Webhook endpoints need a sealing key for their secrets; nothing is sent here.
  { webhooks: { sealing: await deriveSealingKey('bulk re-issue webhook passphrase', new Uint8Array(16).fill(3)), autoSend: false } },
);
