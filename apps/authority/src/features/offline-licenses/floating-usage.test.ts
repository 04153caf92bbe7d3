import type { EnablementToken, FloatingUsageInput } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { firstSignIn, sessionHeaders, testHeaderOrRealAuthenticator } from '../accounts/testing/account-fixtures.ts';
import { makeLfr, seedCustomer, seedEnabledSite, type LfrInput } from './testing/offline-licensing-fixtures.ts';

const plant = createTestParty('floating-usage/plant');
const HOUR = 3_600_000;

/**
 * What the vendor sees of floating seats (docs/floating.md): the `usage.floating` each LFR
 * carries comes back from the usage API as the site sent it, and the usage page charts each
 * type's daily peak across the tenant's LFRs, with the leases and borrows in a table.
 */
describeEachStore(
  'floating seats in the usage a customer sees',
  (context) => {
    let token: EnablementToken;
    let session = '';
    const first: FloatingUsageInput[] = [
      {
        type: 'designer',
        leases: 3,
        borrows: 1,
        days: [
          { day: '2026-11-21', peak: 2, borrowed: 0 },
          { day: '2026-11-22', peak: 4, borrowed: 1 },
        ],
      },
    ];
    // The next LFR reports 22 November again, with more seats in use later that day, and a second type.
    const second: FloatingUsageInput[] = [
      {
        type: 'designer',
        leases: 2,
        borrows: 2,
        days: [
          { day: '2026-11-22', peak: 6, borrowed: 1 },
          { day: '2026-11-23', peak: 3, borrowed: 2 },
        ],
      },
      { type: 'viewer', leases: 7, borrows: 0, days: [{ day: '2026-11-23', peak: 9, borrowed: 0 }] },
    ];

    async function send(input: Partial<LfrInput>): Promise<void> {
      const { authority, clock, deps, request } = context();
      const { text } = await makeLfr(authority, { token, site: plant, now: clock.now(), random: deps.random, ...input });
      expect((await request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text } })).statusCode).toBe(201);
    }

    beforeAll(async () => {
      const { database, authority, clock, deps, request, app } = context();
      await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased: { 'bot-runner': 10 } }, clock.now());
      token = await seedEnabledSite(database.db, authority, { customerId: 'acme', site: plant, now: clock.now(), random: deps.random });
      const cycleOpenedAt = clock.now();
      await send({ seats: { 'bot-runner': ['ada'] }, floating: first });
      clock.advance(HOUR);
      await send({ sequence: 2, cycleOpenedAt, seats: { 'bot-runner': ['ada'] }, floating: second });
      // A tenant whose site lends no floating seat: its LFRs carry no `floating`.
      await send({ tenant: 'plain', seats: { 'bot-runner': ['linus'] } });
      expect(
        (await request({ method: 'POST', url: '/v1/customers/acme/users', payload: { email: 'buyer@acme.example', password: 'acme portal password' } }))
          .statusCode,
      ).toBe(201);
      session = await firstSignIn(app, 'buyer@acme.example', 'acme portal password', 'chosen by the buyer');
    });

    it('gives back the floating usage of every LFR as the site reported it, and none for LFRs without it', async () => {
      const { request } = context();
      const usage = (await request({ method: 'GET', url: '/v1/customers/acme/usage' })).json<{
        sites: { tenant: string; history: { usage: Record<string, unknown> }[] }[];
      }>();
      const byTenant = Object.fromEntries(usage.sites.map((site) => [site.tenant, site.history.map((report) => report.usage.floating)]));
      expect(byTenant).toEqual({ default: [first, second], plain: [undefined] });
    });

    it('charts the daily peak per type across the tenant’s LFRs, the larger count of a day reported twice, with the borrows in a table', async () => {
      const { app } = context();
      const page = await app.inject({ method: 'GET', url: '/portal/usage', headers: sessionHeaders(session) });
      expect(page.statusCode).toBe(200);
      const chart = /<figure class="chart" id="floating-1">[\s\S]*?<\/figure>/.exec(page.body)?.[0] ?? '';
      expect(chart).toContain('Daily peak of seats in use');
      const cells = (row: string) => [...row.matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((match) => match[1]);
      const rows = [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(chart)?.[1] ?? '').matchAll(/<tr>[\s\S]*?<\/tr>/g)].map((row) => cells(row[0]).slice(1));
      // Columns: designer, viewer; one row per day.
      expect(rows).toEqual([
        ['2', '–'],
        ['6', '–'],
        ['3', '9'],
      ]);
      const table = /<table[^>]*>\s*<caption>Floating seats and borrows<\/caption>[\s\S]*?<\/table>/.exec(page.body)?.[0] ?? '';
      const tableRows = [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '').matchAll(/<tr>[\s\S]*?<\/tr>/g)].map((row) => cells(row[0]));
      // Type, leased and borrowed per the latest LFR, borrows made over the days, highest daily peak.
      expect(tableRows).toEqual([
        ['designer', '2', '2', '3', '6'],
        ['viewer', '7', '0', '0', '9'],
      ]);
      // The tenant whose LFRs carry no floating usage shows no floating chart.
      expect(page.body).not.toContain('id="floating-2"');
      expect(page.body).toContain('id="seats-2"');
    });
  },
  ({ db, clock }) => ({ authenticate: testHeaderOrRealAuthenticator(db, clock) }),
);
