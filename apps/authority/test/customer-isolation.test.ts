import { utcDate } from '@airlock/core/internal';
import { createTestParty } from '@airlock/core/testing';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import { countRows, firstSignIn, sessionHeaders, testHeaderOrRealAuthenticator } from '../src/features/accounts/testing/account-fixtures.ts';
import {
  fillPath,
  listRoutes,
  PROBE_HEADER,
  probingAuthenticator,
  sampleOf,
  sampleQuery,
  type RouteSeen,
} from '../src/features/accounts/testing/route-walk.ts';
import { offlineReasons } from '../src/features/offline-approval/offline-approval.ts';
import { makeLfr, seedCustomer, seedEnabledSite } from '../src/features/offline-licenses/testing/offline-licensing-fixtures.ts';
import { describeEachStore } from './harness.ts';

/**
 * A customer's users must see nothing of another customer. This suite finds every route the app
 * has — including routes added after it was written — and calls each, signed in for real as a
 * user of one customer, with another customer's ids.
 */

/** The contract's portal routes: whichever of them exist must be open to customer users. */
const portalRoutes = [
  'GET /v1/customers/:customerId',
  'GET /v1/customers/:customerId/users',
  'POST /v1/customers/:customerId/offline-requests',
  'GET /v1/customers/:customerId/offline-requests',
  'POST /v1/customers/:customerId/sites',
  'GET /v1/customers/:customerId/sites',
  'POST /v1/customers/:customerId/sites/:siteGuid/enablement-token',
  'POST /v1/customers/:customerId/lfrs',
  'POST /v1/customers/:customerId/lfrs/:lfrId/olf',
  'GET /v1/customers/:customerId/olfs/:olfId',
  'GET /v1/customers/:customerId/sites/:siteGuid/cycles',
  'GET /v1/customers/:customerId/usage',
  'GET /v1/customers/:customerId/device-licenses',
  'GET /v1/customers/:customerId/orders',
  'GET /v1/customers/:customerId/orders/:orderId',
  'POST /v1/customers/:customerId/activations',
];

const seen: RouteSeen[] = [];
const nameOf = (route: { method: string; url: string }) => `${route.method} ${route.url}`;
const isCustomerRoute = (route: RouteSeen) => typeof route.access === 'object' && route.access.customer === true;

describeEachStore(
  'customer isolation',
  (context) => {
    const acmePlant = createTestParty('isolation/acme-plant');
    const globexPlant = createTestParty('isolation/globex-plant');
    /** Globex's objects, the ids an Acme user tries. */
    const globex: Record<string, string> = { customerId: 'globex', siteGuid: globexPlant.guid.toLowerCase() };
    let routes: RouteSeen[] = [];
    let session = '';

    const callAsAcmeUser = (route: RouteSeen, params: Record<string, string>): Promise<LightMyRequestResponse> =>
      context().app.inject({
        method: route.method as 'GET',
        url: fillPath(route, params) + sampleQuery(route),
        headers: sessionHeaders(session),
        ...(route.schema?.body === undefined ? {} : { payload: sampleOf(route.schema.body) as object }),
      });

    beforeAll(async () => {
      const { database, authority, clock, deps, request, app } = context();
      const now = clock.now();
      const purchased = { 'bot-runner': 10, 'bot-creator': 2, 'bot-runs': 1000 };
      await seedCustomer(database.db, { id: 'acme', accountEndsOn: '2027-12-31', purchased }, now);
      await seedCustomer(database.db, { id: 'globex', accountEndsOn: '2027-12-31', purchased }, now);
      await seedEnabledSite(database.db, authority, { customerId: 'acme', site: acmePlant, now, random: deps.random });
      const token = await seedEnabledSite(database.db, authority, { customerId: 'globex', site: globexPlant, now, random: deps.random });
      const lfr = await makeLfr(authority, { token, site: globexPlant, now, random: deps.random });
      const created = [
        await request({ method: 'POST', url: '/v1/customers/globex/lfrs', payload: { text: lfr.text } }),
        await request({
          method: 'POST',
          url: `/v1/customers/globex/lfrs/${lfr.claims.jti}/olf`,
          payload: { start: utcDate(now), end: '2027-11-22', entitlements: [{ type: 'bot-runner', quantity: 5 }] },
        }),
        await request({ method: 'POST', url: '/v1/customers/acme/users', payload: { email: 'buyer@acme.example', password: 'acme portal password' } }),
      ];
      expect(created.map((response) => response.statusCode)).toEqual([201, 201, 201]);
      // Globex is approved already (so its site could make an LFR): its request is written as decided.
      const requestId = '00000000-0000-4000-8000-00000000b0b0';
      await database.db
        .insertInto('offline_requests')
        .values({
          id: requestId,
          customer_id: 'globex',
          reason: offlineReasons[0],
          details: 'plant network',
          minimum_site_version: null,
          status: 'approved',
          requested_by: 'admin:test-admin',
          decided_by: 'admin:test-admin',
          decision_note: null,
          created_at: now,
          decided_at: now,
        })
        .execute();
      Object.assign(globex, { lfrId: lfr.claims.jti, olfId: created[1]!.json<{ id: string }>().id, requestId });
      const order = await request({
        method: 'POST',
        url: '/v1/customers/globex/orders',
        payload: { items: [{ product: 'automation', licenseType: 'bot-runner', quantity: 1, kind: 'permanent' }] },
      });
      expect(order.statusCode).toBe(201);
      globex.orderId = order.json<{ id: string }>().id;
      session = await firstSignIn(app, 'buyer@acme.example', 'acme portal password', 'chosen by the buyer');
    });

    it('finds every route, and each declares an access rule', async () => {
      const { app } = context();
      const listed = listRoutes(app);
      seen.length = 0;
      for (const route of listed) {
        await app.inject({ method: route.method as 'GET', url: route.url.replace(/:[A-Za-z0-9_]+/g, 'probe'), headers: { [PROBE_HEADER]: '1' } });
      }
      routes = [...seen];
      expect(routes.map(nameOf)).toEqual(listed.map(nameOf));
      expect(routes.filter((route) => route.access === undefined).map(nameOf)).toEqual([]);
    });

    it("finds the portal's routes among them, each open to customer users", () => {
      const customerRoutes = routes.filter(isCustomerRoute).map(nameOf);
      expect(customerRoutes).toContain('GET /v1/customers/:customerId/users');
      const existing = portalRoutes.filter((name) => routes.some((route) => nameOf(route) === name));
      expect(customerRoutes).toEqual(expect.arrayContaining(existing));
    });

    it('signs in a user of one customer who can use its own portal', async () => {
      const { app } = context();
      expect((await app.inject({ method: 'GET', url: '/v1/customers/acme/users', headers: sessionHeaders(session) })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/v1/customers/acme', headers: sessionHeaders(session) })).statusCode).toBe(200);
    });

    it("refuses every customer route called with another customer's id, and changes nothing", async () => {
      const { database } = context();
      const before = await countEverything(database.db);
      const answers = await walk(routes.filter(isCustomerRoute), globex);
      expect(answers.filter((answer) => !['404 NOT_FOUND', '403 FORBIDDEN'].includes(answer.outcome))).toEqual([]);
      expect(await countEverything(database.db)).toEqual(before);
    });

    it("refuses every customer route called with the user's own customer but another customer's objects", async () => {
      const { database } = context();
      const before = await countEverything(database.db);
      const withObjects = routes.filter((route) => isCustomerRoute(route) && /:(?!customerId\b)/.test(route.url));
      expect(withObjects.length).toBeGreaterThan(0);
      const answers = await walk(withObjects, { ...globex, customerId: 'acme' });
      expect(answers.filter((answer) => !/^4\d\d /.test(answer.outcome))).toEqual([]);
      expect(await countEverything(database.db)).toEqual(before);
    });

    it('keeps a customer user off every vendor route', async () => {
      const { database } = context();
      const before = await countEverything(database.db);
      const vendorRoutes = routes.filter((route) => route.access !== 'public' && !isCustomerRoute(route));
      const answers = await walk(vendorRoutes, { ...globex, customerId: 'acme' });
      expect(answers.filter((answer) => answer.outcome !== '403 FORBIDDEN')).toEqual([]);
      expect(await countEverything(database.db)).toEqual(before);
    });

    async function walk(toCall: RouteSeen[], params: Record<string, string>): Promise<{ route: string; outcome: string }[]> {
      const answers: { route: string; outcome: string }[] = [];
      for (const route of toCall) {
        const response = await callAsAcmeUser(route, params);
        const code = response.statusCode >= 400 ? response.json<{ code?: string }>().code : '';
        answers.push({ route: nameOf(route), outcome: `${response.statusCode} ${code ?? ''}`.trim() });
      }
      return answers;
    }
  },
  ({ db, clock }) => ({ authenticate: probingAuthenticator(testHeaderOrRealAuthenticator(db, clock), seen) }),
);

/** Rows in every table a request could write to: a refusal leaves them all as they were. */
async function countEverything(db: Db): Promise<Record<string, number>> {
  const tables = ['audit_events', 'customer_users', 'sessions', 'api_tokens', 'admins'] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = await countRows(db, table);
  for (const table of [
    'sites',
    'offline_requests',
    'enablement_tokens',
    'license_file_requests',
    'offline_license_files',
    'purchased_entitlements',
    'customers',
  ] as const) {
    counts[table] = Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  }
  for (const table of [
    'device_licenses',
    'device_license_users',
    'device_activations',
    'device_license_files',
    'device_deactivations',
    'device_usage_reports',
    'device_license_usage',
    'device_meter_allotments',
    'portal_brands',
  ] as const) {
    counts[table] = Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  }
  for (const table of ['orders', 'registration_keys', 'activated_licenses', 'mail_outbox']) {
    counts[table] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0]!.n;
  }
  return counts;
}
