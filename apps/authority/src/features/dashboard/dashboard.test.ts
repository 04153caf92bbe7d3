import { createTestParty } from '@airlock/core/testing';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { ensureFirstAdmin } from '../accounts/admins.ts';
import { sessionHeaders, sessionSecretOf, testHeaderOrRealAuthenticator } from '../accounts/testing/account-fixtures.ts';
import { makeLfr, seedCustomer, seedEnabledSite } from '../offline-licenses/testing/offline-licensing-fixtures.ts';
import { orderTables } from '../orders/order-tables.ts';
import type { VendorDashboard } from './dashboard.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const plant = createTestParty('dashboard/acme-plant');
const depot = createTestParty('dashboard/globex-depot');

/**
 * The vendor's dashboard (`GET /v1/dashboard`, the console's "Today"): each list holds what it
 * must and nothing else, most urgent first, and the page links each row to where it is done.
 */
describeEachStore(
  'the vendor dashboard',
  (context) => {
    const dashboard = async () => {
      const answer = await context().request({ method: 'GET', url: '/v1/dashboard' });
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json<VendorDashboard>();
    };

    beforeAll(async () => {
      const { database, authority, clock, deps, request } = context();
      const now = clock.now();
      // acme: its account ends in 10 days; an LFR from each of two tenants is awaited.
      await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2026-12-03', purchased: { 'bot-runner': 10 } }, now);
      // globex: its account ends in two years; it asked for offline licensing; one LFR answered.
      await seedCustomer(database.db, { id: 'globex', accountEndsOn: '2028-12-31', purchased: { 'bot-runner': 5 } }, now);
      await database.db.updateTable('customers').set({ offline_approval: 'pending' }).where('id', '=', 'globex').execute();
      await database.db
        .insertInto('offline_requests')
        .values({
          id: 'req-1',
          customer_id: 'globex',
          reason: 'air-gapped',
          details: 'plant 9',
          minimum_site_version: null,
          status: 'pending',
          requested_by: 'customer:globex',
          decided_by: null,
          decision_note: null,
          created_at: now,
          decided_at: null,
        })
        .execute();

      const acmeToken = await seedEnabledSite(database.db, authority, { customerId: 'acme', site: plant, now, random: deps.random });
      const globexToken = await seedEnabledSite(database.db, authority, { customerId: 'globex', site: depot, now, random: deps.random });
      const upload = async (customer: string, text: string) =>
        expect((await request({ method: 'POST', url: `/v1/customers/${customer}/lfrs`, payload: { text } })).statusCode).toBe(201);
      // The lab's cycle opened 6 days ago: its window from the first LFR ends in a day.
      const lab = await makeLfr(authority, {
        token: acmeToken,
        site: plant,
        tenant: 'lab',
        now,
        cycleOpenedAt: new Date(now.getTime() - 6 * DAY),
        random: deps.random,
      });
      await upload('acme', lab.text);
      const office = await makeLfr(authority, { token: acmeToken, site: plant, tenant: 'office', now, random: deps.random });
      await upload('acme', office.text);
      const answered = await makeLfr(authority, { token: globexToken, site: depot, now, random: deps.random });
      await upload('globex', answered.text);
      expect(
        (
          await request({
            method: 'POST',
            url: `/v1/customers/globex/lfrs/${answered.claims.jti}/olf`,
            payload: { start: '2026-11-23', end: '2026-12-20', entitlements: [{ type: 'bot-runner', quantity: 5 }] },
          })
        ).statusCode,
      ).toBe(201);

      const letter = {
        order_id: null,
        recipient: 'it@acme.test',
        text_body: 'x',
        html_body: 'x',
        attempts: 5,
        next_attempt_at: now,
        claimed_until: null,
        message_id: null,
        queued_at: now,
        queued_by: 'admin:test',
        sent_at: null,
      };
      await orderTables(database.db)
        .insertInto('mail_outbox')
        .values([
          { ...letter, id: 'letter-failed', subject: 'Your license letter: LRN-1', status: 'failed', last_error: 'connection refused' },
          { ...letter, id: 'letter-sent', subject: 'Your license letter: LRN-2', status: 'sent', last_error: null },
        ])
        .execute();
    });

    it('lists the offline-licensing requests waiting for a decision', async () => {
      const { offlineRequests } = await dashboard();
      expect(offlineRequests).toEqual({
        count: 1,
        items: [{ id: 'req-1', customerId: 'globex', customerName: 'globex', reason: 'air-gapped', requestedAt: '2026-11-23T10:00:00.000Z' }],
      });
    });

    it('lists the LFRs no OLF answers, by when their site locks, the one ending within 48 hours first', async () => {
      const { lfrsAwaitingOlf } = await dashboard();
      expect(lfrsAwaitingOlf.count).toBe(2);
      expect(lfrsAwaitingOlf.items.map(({ tenant, locksAt, urgency }) => ({ tenant, locksAt, urgency }))).toEqual([
        { tenant: 'lab', locksAt: '2026-11-24T10:00:00.000Z', urgency: 'soon' },
        { tenant: 'office', locksAt: '2026-11-25T10:00:00.000Z', urgency: 'soon' },
      ]);
      // A day later than the window from the first LFR: the lab's is overdue.
      context().clock.advance(DAY + 1);
      expect((await dashboard()).lfrsAwaitingOlf.items.map((lfr) => lfr.urgency)).toEqual(['overdue', 'soon']);
      context().clock.advance(-(DAY + 1));
    });

    it('lists the accounts and the site licenses ending within 30 days, and not those ending later', async () => {
      const today = await dashboard();
      expect(today.accountsEnding).toEqual({ count: 1, items: [{ customerId: 'acme', customerName: 'acme', accountEndsOn: '2026-12-03' }] });
      expect(today.siteLicensesEnding).toEqual({
        count: 1,
        items: [{ customerId: 'globex', customerName: 'globex', siteGuid: depot.guid.toLowerCase(), tenant: 'default', endsOn: '2026-12-20' }],
      });
      context().clock.advance(28 * DAY);
      expect((await dashboard()).siteLicensesEnding.count).toBe(0);
      context().clock.advance(-28 * DAY);
    });

    it('lists the letters that failed, not those sent', async () => {
      const { failedLetters } = await dashboard();
      expect(failedLetters).toEqual({
        count: 1,
        items: [
          {
            id: 'letter-failed',
            orderId: null,
            recipient: 'it@acme.test',
            subject: 'Your license letter: LRN-1',
            attempts: 5,
            lastError: 'connection refused',
          },
        ],
      });
    });

    it('is the console’s first page, each row linking to where it is done', async () => {
      const { app, database, clock, deps } = context();
      const first = await ensureFirstAdmin(database.db, { clock, random: deps.random });
      if (!first) throw new Error('a fresh database has no administrator yet');
      const session = sessionSecretOf(await app.inject({ method: 'POST', url: '/v1/auth/sign-in', payload: first }));
      expect(
        (
          await app.inject({
            method: 'POST',
            url: '/v1/auth/password',
            headers: sessionHeaders(session),
            payload: { currentPassword: first.password, newPassword: 'a long and private passphrase' },
          })
        ).statusCode,
      ).toBe(204);
      const headers = sessionHeaders(session);
      expect((await app.inject({ method: 'GET', url: '/console', headers })).headers.location).toBe('/console/dashboard');
      const page = await app.inject({ method: 'GET', url: '/console/dashboard', headers });
      expect(page.statusCode, page.body.slice(0, 400)).toBe(200);
      expect(page.body).toContain('Offline licensing to decide (1)');
      expect(page.body).toContain('LFRs awaiting their OLF (2)');
      expect(page.body).toContain('2 sites lock');
      expect(page.body).toContain('href="/console/approvals"');
      expect(page.body).toMatch(/href="\/console\/customers\/acme\/lfrs\/[^"]+">Configure the OLF/);
      expect(page.body).toContain('connection refused');
      expect(page.body).toContain('Every connected site exchanged in time.');
    });
  },
  ({ db, clock }) => ({ authenticate: testHeaderOrRealAuthenticator(db, clock) }),
);
