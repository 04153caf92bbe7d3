import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AIRLOCK_VERSION,
  checkEnablementToken,
  checkOlfInstall,
  initialCycleState,
  issueLicenseFileRequest,
  licensingPolicy,
  openEnablementToken,
  openOfflineLicenseFile,
  recordLfr,
  type EnablementToken,
  type PublicJwk,
  type TrustAnchor,
} from '@airlock/core';
import { fromNumericDate } from '@airlock/core/internal';
import { createTestParty } from '@airlock/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstSignIn, overHttp } from '../src/features/accounts/testing/account-fixtures.ts';
import { startAuthority, STARTUP_TIMEOUT_MS, stopAuthority, stores, type AuthorityProcess, type StoreUnderTest } from './authority-process.ts';

/**
 * The issue's "done when": a real authority process, driven over HTTP only, as a vendor's
 * browser and automation and a customer's portal user would drive it — approval → enablement
 * token → LFR upload → OLF download — with the site's side played by the core, on the embedded
 * store and (when AIRLOCK_TEST_POSTGRES_URL is set) on PostgreSQL.
 */
const random = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };

type Json = Record<string, unknown>;
interface Answer<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}
/** Headers of a caller: a browser signed in by cookie, automation with a bearer token, or nobody. */
type Caller = Record<string, string>;
const nobody: Caller = {};
const bearer = (token: string): Caller => ({ authorization: `Bearer ${token}` });
const browser = (session: string): Caller => ({ cookie: `airlock_session=${session}`, 'x-airlock-csrf': '1' });

const todayUtc = () => new Date().toISOString().slice(0, 10);
const daysFromToday = (count: number) => new Date(Date.now() + count * 86_400_000).toISOString().slice(0, 10);

for (const store of stores) {
  describe(`the authority end to end on ${store.name}`, () => {
    let dataDir = '';
    let prepared: Awaited<ReturnType<StoreUnderTest['prepare']>> | undefined;
    let authority: AuthorityProcess | undefined;

    async function call<T = Json>(as: Caller, method: string, path: string, body?: object): Promise<Answer<T>> {
      const response = await fetch(`${authority!.url}${path}`, {
        method,
        headers: { ...as, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T, headers: response.headers };
    }
    /** Expects the answer's status, showing the body when it differs, and returns the body. */
    async function expectAnswer<T = Json>(status: number, answer: Promise<Answer<T>>): Promise<T> {
      const { status: seen, body } = await answer;
      expect(seen, JSON.stringify(body)).toBe(status);
      return body;
    }
    async function signIn(email: string, password: string): Promise<{ session: string; body: Json }> {
      const answer = await call(nobody, 'POST', '/v1/auth/sign-in', { email, password });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const cookie = answer.headers.getSetCookie().find((value) => value.startsWith('airlock_session='));
      return { session: cookie!.slice('airlock_session='.length).split(';')[0]!, body: answer.body };
    }

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'airlock-e2e-'));
      prepared = await store.prepare();
      authority = await startAuthority({ AIRLOCK_DATA_DIR: dataDir, AIRLOCK_KEY_PASSPHRASE: 'end-to-end passphrase', ...prepared.env });
    }, STARTUP_TIMEOUT_MS + 10_000);

    afterAll(async () => {
      await stopAuthority(authority);
      await prepared?.dispose();
      await rm(dataDir, { recursive: true, force: true });
    });

    const site = createTestParty(`end-to-end/${store.name}/plant`);
    const siteGuid = site.guid.toLowerCase();
    const siteUsers = { 'bot-runner': ['ada', 'grace'], 'bot-creator': ['linus'] };
    let admin: Caller = nobody;
    let automation: Caller = nobody;
    let customer: Caller = nobody;
    let trust: TrustAnchor;
    let token: EnablementToken;
    let lfr: { text: string; id: string; madeAt: Date };
    let olfId = '';

    it('answers /healthz, /readyz and /openapi.json to anyone', async () => {
      expect(await expectAnswer(200, call(nobody, 'GET', '/healthz'))).toMatchObject({ status: 'ok', component: 'authority', version: AIRLOCK_VERSION });
      expect(await expectAnswer(200, call(nobody, 'GET', '/readyz'))).toEqual({ status: 'ready' });
      const openapi = await expectAnswer<{ openapi: string; paths: Json }>(200, call(nobody, 'GET', '/openapi.json'));
      expect(openapi.openapi).toMatch(/^3\.1/);
      expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/v1/customers/{customerId}/lfrs', '/v1/offline-requests/{requestId}/decision']));
    });

    it('lets the first administrator in with the one-time password, which must be changed before anything else', async () => {
      const { session, body } = await signIn(authority!.firstAdmin.email, authority!.firstAdmin.password);
      expect(body).toMatchObject({ principal: { kind: 'admin' }, email: 'admin@localhost', mustChangePassword: true });
      expect(await expectAnswer(403, call(browser(session), 'POST', '/v1/api-tokens', { name: 'ci', scopes: ['audit:read'] }))).toMatchObject({
        code: 'FORBIDDEN',
      });
      await expectAnswer(
        204,
        call(browser(session), 'POST', '/v1/auth/password', { currentPassword: authority!.firstAdmin.password, newPassword: 'a new and long password' }),
      );
      admin = browser(session);
      expect(await expectAnswer(200, call(admin, 'GET', '/v1/auth/me'))).toMatchObject({ principal: { kind: 'admin' }, mustChangePassword: false });
      // A cookie-signed write without the CSRF header is refused.
      const withoutCsrf = { cookie: admin.cookie! };
      expect(await expectAnswer(403, call(withoutCsrf, 'POST', '/v1/products', { id: 'automation', name: 'Automation' }))).toMatchObject({ code: 'FORBIDDEN' });
    });

    it('gives automation an API token that works without a session', async () => {
      const scopes = ['catalogue:write', 'customers:write', 'customers:read', 'approvals:write', 'audit:read'];
      const created = await expectAnswer<{ token: string; scopes: string[] }>(201, call(admin, 'POST', '/v1/api-tokens', { name: 'provisioning', scopes }));
      expect([...created.scopes].sort()).toEqual([...scopes].sort());
      automation = bearer(created.token);
      const me = await expectAnswer<{ principal: { kind: string; scopes: string[] } }>(200, call(automation, 'GET', '/v1/auth/me'));
      expect(me.principal.kind).toBe('token');
      expect([...me.principal.scopes].sort()).toEqual([...scopes].sort());
      expect(await expectAnswer(401, call(bearer('alk_not-a-token'), 'GET', '/v1/customers'))).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('sets up the catalogue, a policy, a customer with purchases and the customer’s portal user', async () => {
      await expectAnswer(201, call(automation, 'POST', '/v1/products', { id: 'automation', name: 'Automation' }));
      for (const id of ['bot-runner', 'bot-creator']) {
        expect(await expectAnswer(201, call(automation, 'POST', '/v1/products/automation/license-types', { id, name: id, category: 'seat' }))).toEqual({
          id,
          productId: 'automation',
          name: id,
          category: 'seat',
        });
      }
      await expectAnswer(201, call(admin, 'POST', '/v1/policies', { id: 'standard', name: 'Standard' }));
      for (const id of ['acme', 'globex']) {
        await expectAnswer(
          201,
          call(automation, 'POST', '/v1/customers', { id, name: id, contactEmail: `it@${id}.test`, accountEndsOn: daysFromToday(700), policyId: 'standard' }),
        );
        await expectAnswer(201, call(automation, 'POST', `/v1/customers/${id}/users`, { email: `admin@${id}.test`, password: `${id} portal password` }));
      }
      const entitlements = [
        { licenseTypeId: 'bot-runner', quantity: 10 },
        { licenseTypeId: 'bot-creator', quantity: 2 },
      ];
      expect(await expectAnswer(200, call(automation, 'PUT', '/v1/customers/acme/entitlements', { entitlements }))).toMatchObject({
        id: 'acme',
        offlineApproval: null,
        entitlements: expect.arrayContaining(entitlements) as unknown,
      });
      customer = browser(await firstSignIn(overHttp(authority!.url), 'admin@acme.test', 'acme portal password', 'chosen by acme'));
      expect(await expectAnswer(200, call(customer, 'GET', '/v1/customers/acme'))).toMatchObject({ id: 'acme', accountEndsOn: daysFromToday(700) });
    });

    it('refuses an enablement token until the vendor approves the customer’s request for offline licensing', async () => {
      await expectAnswer(201, call(customer, 'POST', '/v1/customers/acme/sites', { guid: site.guid, name: 'Plant 4' }));
      const refused = await expectAnswer(403, call(customer, 'POST', `/v1/customers/acme/sites/${siteGuid}/enablement-token`));
      expect(refused).toMatchObject({ code: 'OFFLINE_NOT_APPROVED' });

      const asked = await expectAnswer<{ id: string; status: string }>(
        201,
        call(customer, 'POST', '/v1/customers/acme/offline-requests', { reason: 'air-gapped', details: 'Plant 4 has no internet' }),
      );
      expect(asked.status).toBe('pending');
      const decided = await expectAnswer(200, call(automation, 'POST', `/v1/offline-requests/${asked.id}/decision`, { decision: 'approve', note: 'ok' }));
      expect(decided).toMatchObject({ id: asked.id, status: 'approved', decisionNote: 'ok', decidedBy: expect.stringMatching(/^token:/) as unknown });
      expect(await expectAnswer(200, call(customer, 'GET', '/v1/customers/acme'))).toMatchObject({ offlineApproval: 'approved' });
    });

    it('gives the site an enablement token that it verifies against the root it pinned', async () => {
      const root = await expectAnswer<{ kid: string; jwk: PublicJwk }>(200, call(nobody, 'GET', '/v1/keys/root'));
      trust = { root: root.jwk };
      const downloaded = await expectAnswer<{ id: string; siteGuid: string; text: string }>(
        201,
        call(customer, 'POST', `/v1/customers/acme/sites/${siteGuid}/enablement-token`),
      );
      expect(downloaded.siteGuid).toBe(siteGuid);

      const now = new Date();
      const opened = await openEnablementToken(downloaded.text, { now, siteGuid: site.guid, trust });
      token = opened.claims;
      expect(token).toMatchObject({ jti: downloaded.id, customerId: 'acme', siteGuid });
      const installable = checkEnablementToken(
        { id: token.jti, siteGuid: token.siteGuid, issuedAt: fromNumericDate(token.iat) },
        { now, siteGuid: site.guid, siteVersion: '41.2', policy: licensingPolicy() },
      );
      expect(installable.ok).toBe(true);
    });

    it('takes the site’s LFR, shows its usage and what may be allocated, and refuses an OLF beyond the purchase', async () => {
      const madeAt = new Date();
      const issued = await issueLicenseFileRequest(
        {
          enablementToken: token,
          tenant: 'default',
          siteVersion: '41.2',
          siteEncryptionKey: site.encryptionKey.publicJwk,
          cycle: 1,
          sequence: 1,
          cycleOpenedAt: madeAt,
          installed: null,
          usage: { seats: Object.entries(siteUsers).map(([type, users]) => ({ type, users })), meters: [], ledger: { sequence: 0, head: '0'.repeat(64) } },
        },
        { now: madeAt, random, signer: site.signingKey, trust },
      );
      lfr = { text: issued.text, id: issued.claims.jti, madeAt };
      const uploaded = await expectAnswer(201, call(customer, 'POST', '/v1/customers/acme/lfrs', { text: lfr.text }));
      expect(uploaded).toMatchObject({
        lfr: {
          id: lfr.id,
          siteGuid,
          tenant: 'default',
          cycle: 1,
          sequence: 1,
          usage: {
            seats: [
              { type: 'bot-runner', used: 2 },
              { type: 'bot-creator', used: 1 },
            ],
          },
        },
        allocation: { purchased: { 'bot-runner': 10, 'bot-creator': 2 }, available: { 'bot-runner': 10, 'bot-creator': 2 } },
      });

      const tooMany = { start: todayUtc(), end: daysFromToday(364), entitlements: [{ type: 'bot-runner', quantity: 11 }] };
      const refused = await expectAnswer(422, call(customer, 'POST', `/v1/customers/acme/lfrs/${lfr.id}/olf`, tooMany));
      expect(refused).toMatchObject({ code: 'ALLOCATION_EXCEEDS_PURCHASE', errors: { violations: [{ type: 'bot-runner', requested: 11, purchased: 10 }] } });
    });

    it('issues the OLF the customer configures, which the site opens and installs', async () => {
      const configuration = {
        start: todayUtc(),
        end: daysFromToday(364),
        entitlements: [
          { type: 'bot-runner', quantity: 10 },
          { type: 'bot-creator', quantity: 2 },
        ],
      };
      const issued = await expectAnswer<{ id: string; warnings: unknown[] }>(
        201,
        call(customer, 'POST', `/v1/customers/acme/lfrs/${lfr.id}/olf`, configuration),
      );
      expect(issued).toMatchObject({ lfrId: lfr.id, siteGuid, start: configuration.start, end: configuration.end, warnings: [] });
      olfId = issued.id;

      const downloaded = await expectAnswer<{ text: string }>(200, call(customer, 'GET', `/v1/customers/acme/olfs/${olfId}`));
      const now = new Date();
      const olf = await openOfflineLicenseFile(downloaded.text, { now, trust, siteEncryptionKey: site.encryptionKey, siteGuid: site.guid, tenant: 'default' });
      expect(olf.claims).toMatchObject({
        jti: olfId,
        lfrId: lfr.id,
        customerId: 'acme',
        siteGuid,
        tenant: 'default',
        start: configuration.start,
        end: configuration.end,
        entitlements: [
          { type: 'bot-runner', category: 'seat', quantity: 10 },
          { type: 'bot-creator', category: 'seat', quantity: 2 },
        ],
      });
      const policy = licensingPolicy();
      const cycle = recordLfr(initialCycleState, { id: lfr.id, at: lfr.madeAt }, policy);
      const seatLimits = Object.fromEntries(olf.claims.entitlements.map((entitlement) => [entitlement.type, entitlement.quantity]));
      const installed = checkOlfInstall(
        { siteGuid: olf.claims.siteGuid, tenant: olf.claims.tenant, answersLfrId: olf.claims.answers[0]!, seatLimits },
        { siteGuid: site.guid, tenant: 'default', now, policy, cycle, assignedUsers: siteUsers },
      );
      expect(installed).toEqual({ ok: true, value: { cycle: 1, open: null, lockedSince: null } });
    });

    it('refuses a used LFR and another customer’s user, changing nothing', async () => {
      const globexUser = browser(await firstSignIn(overHttp(authority!.url), 'admin@globex.test', 'globex portal password', 'chosen by globex'));
      const auditBefore = await expectAnswer<{ items: unknown[] }>(200, call(automation, 'GET', '/v1/audit?limit=500'));

      expect(await expectAnswer(409, call(customer, 'POST', '/v1/customers/acme/lfrs', { text: lfr.text }))).toMatchObject({ code: 'LFR_ALREADY_USED' });
      for (const [method, path] of [
        ['GET', `/v1/customers/acme/sites/${siteGuid}/cycles`],
        ['POST', `/v1/customers/acme/sites/${siteGuid}/enablement-token`],
        ['GET', `/v1/customers/acme/olfs/${olfId}`],
        ['POST', '/v1/customers/acme/lfrs'],
      ] as const) {
        const answer = call(globexUser, method, path, method === 'POST' && path.endsWith('lfrs') ? { text: lfr.text } : undefined);
        expect(await expectAnswer(404, answer), `${method} ${path}`).toMatchObject({ code: 'NOT_FOUND' });
      }

      expect(await expectAnswer(200, call(automation, 'GET', '/v1/audit?limit=500'))).toEqual(auditBefore);
    });

    it('keeps every license-changing action in the audit log, with who did it', async () => {
      const { items: events } = await expectAnswer<{ items: { action: string; actor: string; objectId: string }[] }>(
        200,
        call(automation, 'GET', '/v1/audit?limit=500'),
      );
      const actions = new Set(events.map((event) => event.action));
      for (const action of [
        'product.create',
        'license-type.create',
        'policy.create',
        'customer.create',
        'customer.entitlements.replace',
        'customer-user.create',
        'offline-request.create',
        'offline-request.approve',
        'site.register',
        'enablement-token.issue',
        'lfr.upload',
        'site.key-learned',
        'olf.issue',
      ])
        expect(actions, action).toContain(action);
      const olfEvent = events.find((event) => event.action === 'olf.issue');
      expect(olfEvent).toMatchObject({ actor: expect.stringMatching(/^customer-user:/) as unknown, objectId: olfId });
      expect(events.find((event) => event.action === 'policy.create')).toMatchObject({
        actor: expect.stringMatching(/^admin:/) as unknown,
        objectId: 'standard',
      });
    });

    it('stops on SIGTERM with exit code 0', async () => {
      authority!.child.kill('SIGTERM');
      expect(await authority!.exited, authority!.output()).toBe(0);
      expect(authority!.output()).toContain('Received SIGTERM: finishing requests under way, then stopping.');
    });
  });
}
