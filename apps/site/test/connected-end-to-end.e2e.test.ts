import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../../authority/test/harness.ts';
import { airlock, bearer, HttpCaller, operatorHeaders, type Answer, type Json } from './support/http-caller.ts';
import { freePort, startAuthorityProcess, startSiteProcess, STARTUP_TIMEOUT_MS, type AuthorityProcess, type SiteProcess } from './support/processes.ts';
import { expectAnswer, initialiseSite, setUpCustomer } from './support/scenario-steps.ts';
import { applicationHeaders } from './support/site-access.ts';

/**
 * Connected mode end to end (docs/connected.md), with real processes: an authority and a site
 * reading one test clock file, and nothing carried by hand after the enablement token. A tenant
 * licensed by an activated license of orders moves to connected mode in one step and keeps its
 * seat holders and meter totals; it renews on its own when a day passes; with the authority
 * stopped it keeps working until its cycle window ends, then locks as an offline site does, and
 * recovers on its own when the authority is back; a policy that demands a newer site has the
 * authority refuse the exchange with the version needed. Runs on PostgreSQL when
 * AIRLOCK_TEST_POSTGRES_URL is set, else on the embedded store.
 */
const postgresUrl = process.env.AIRLOCK_TEST_POSTGRES_URL;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const D0 = new Date('2026-03-02T09:00:00Z');
const at = (days: number, hours = 0) => new Date(D0.getTime() + days * DAY + hours * HOUR);
const SITE_PASSPHRASE = 'the connected end-to-end site passphrase';
const AUTHORITY_PASSPHRASE = 'the connected end-to-end authority passphrase';
const STEP_TIMEOUT_MS = 180_000;
/** How long the site's link may take to act on a change: generous on a loaded machine, and only ever waited for, never asserted. */
const SETTLE_MS = 60_000;

interface LinkStatus {
  readonly mode: 'files' | 'connected';
  readonly state: 'connected' | 'waiting' | 'link-lost' | 'files';
  readonly authorityUrl: string | null;
  readonly lastExchangeAt: string | null;
  readonly linkLostSince: string | null;
  readonly lastError: string | null;
  readonly olfDueBy: string | null;
  readonly summary: string;
}

interface TenantStatus {
  readonly status: string;
  readonly license: { readonly olfId?: string; readonly cycle?: number; readonly endsOn: string } | null;
  readonly activatedLicense: { readonly licenseId: string } | null;
  readonly cycle: { readonly cycle: number; readonly lockedSince: string | null };
  readonly seats: readonly { readonly type: string; readonly used: number; readonly limit: number; readonly users: readonly string[] }[];
  readonly meters: readonly { readonly meter: string; readonly used: number; readonly limit: number }[];
  readonly link: LinkStatus;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`a connected site end to end, on ${postgresUrl ? 'PostgreSQL' : 'the embedded store'}`, () => {
  let root = '';
  let clockFile = '';
  let authorityEnv: Record<string, string> = {};
  let siteEnv: Record<string, string> = {};
  let disposeStore: () => Promise<void> = () => Promise.resolve();
  let authority: AuthorityProcess | undefined;
  let site: SiteProcess | undefined;
  let vendor: HttpCaller;
  let operator: HttpCaller;
  let application: HttpCaller;
  let authorityUrl = '';
  let guid = '';
  let registrationKey = '';
  let activatedLicenseId = '';

  const setClock = (to: Date) => writeFile(clockFile, to.toISOString());

  const status = () => expectAnswer<TenantStatus>(200, operator.call('GET', '/v1/tenants/default/status'));
  const check = (feature: string) => application.call('POST', `/v1/tenants/default/features/${feature}/check`);
  const refusalOf = async (answer: Promise<Answer>) => {
    const { status: code, body } = await answer;
    return { status: code, code: body.code };
  };

  /** Reads the tenant's status until `done` holds (the link acts on its own ticks), or fails with the last status seen. */
  async function until(done: (seen: TenantStatus) => boolean, what: string): Promise<TenantStatus> {
    const deadline = Date.now() + SETTLE_MS;
    let seen = await status();
    while (!done(seen)) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen; the tenant's status is ${JSON.stringify(seen)}`);
      await pause(100);
      seen = await status();
    }
    return seen;
  }

  async function startAuthority(): Promise<void> {
    authority = await startAuthorityProcess(authorityEnv);
    expect(authority.url).toBe(authorityUrl);
    vendor = new HttpCaller(authority.url, bearer(authority.token));
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-connected-e2e-'));
    clockFile = join(root, 'clock');
    await setClock(D0);
    const port = await freePort();
    authorityUrl = `http://127.0.0.1:${port}`;
    let storeEnv: Record<string, string> = {};
    if (postgresUrl) {
      const fresh = await freshPostgresDatabase(postgresUrl);
      if (fresh.config.kind !== 'postgres') throw new Error('a PostgreSQL database was expected');
      storeEnv = { DATABASE_URL: fresh.config.url };
      disposeStore = () => fresh.dispose();
    }
    authorityEnv = {
      AIRLOCK_DATA_DIR: join(root, 'authority'),
      AIRLOCK_KEY_PASSPHRASE: AUTHORITY_PASSPHRASE,
      AIRLOCK_TEST_CLOCK_FILE: clockFile,
      ...storeEnv,
      AIRLOCK_PORT: String(port),
    };
    await startAuthority();
    siteEnv = {
      AIRLOCK_SITE_DATA_DIR: join(root, 'site-data'),
      AIRLOCK_SITE_WITNESS_DIR: join(root, 'site-witness'),
      AIRLOCK_SITE_PASSPHRASE: SITE_PASSPHRASE,
      AIRLOCK_SITE_TEST_CLOCK_FILE: clockFile,
      // The link looks at the site's clock often, and retries soon after a failure: the test moves the clock.
      AIRLOCK_SITE_LINK_TICK_MS: '200',
      AIRLOCK_SITE_LINK_RETRY_MAX_MS: '1000',
    };
  }, STARTUP_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await site?.kill();
    await authority?.kill();
    await disposeStore();
    if (root !== '') await rm(root, { recursive: true, force: true });
  });

  it(
    'the vendor sets up a customer whose policy allows connected sites, and an order for its site',
    async () => {
      await setUpCustomer(vendor, {
        licenseTypes: [
          ['bot-runner', 'seat'],
          ['export', 'feature'],
          ['bot-runs', 'meter'],
        ],
        policies: [
          { id: 'linked', name: 'Linked', siteLicensing: 'files-or-connected', exchangeIntervalMs: DAY },
          { id: 'linked-newer', name: 'Linked, newer sites', siteLicensing: 'files-or-connected', minimumConnectedSiteVersion: '99' },
        ],
        purchases: { 'bot-runner': 5, export: 1, 'bot-runs': 1_000 },
        offlineDetails: 'Plant 4, behind a proxy',
      });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'the site runs on an activated license of orders: seats held, a meter consumed',
    async () => {
      const { initialised } = await initialiseSite({ root, authorityUrl, siteEnv }, 'root.jwk');
      guid = initialised.guid;
      registrationKey = initialised.tenants[0]!.registrationKey;
      site = await startSiteProcess(siteEnv);
      operator = new HttpCaller(site.url, await operatorHeaders(siteEnv.AIRLOCK_SITE_DATA_DIR!));
      application = new HttpCaller(site.url, await applicationHeaders(operator, 'default'));

      const items = [
        { product: 'automation', licenseType: 'bot-runner', quantity: 3, kind: 'permanent' },
        { product: 'automation', licenseType: 'export', quantity: 1, kind: 'permanent' },
        { product: 'automation', licenseType: 'bot-runs', quantity: 500, kind: 'permanent' },
      ];
      const order = await expectAnswer<{ lrn: string }>(201, vendor.call('POST', '/v1/customers/acme/orders', { items }));
      const activation = await expectAnswer<{ text: string; licenseId: string }>(
        201,
        vendor.call('POST', '/v1/activations', { lrn: order.lrn, registrationKey }),
      );
      activatedLicenseId = activation.licenseId;
      await expectAnswer(200, operator.upload('/v1/tenants/default/activated-license', activation.text));
      for (const user of ['ada', 'grace']) await expectAnswer(200, application.call('POST', '/v1/tenants/default/seats/bot-runner/checkout', { user }));
      await expectAnswer(200, application.call('POST', '/v1/tenants/default/meters/bot-runs/consume', { amount: 30 }));
      expect(await status()).toMatchObject({
        status: 'active',
        activatedLicense: { licenseId: activatedLicenseId },
        seats: [{ type: 'bot-runner', used: 2, limit: 3, users: ['ada', 'grace'] }],
        meters: [{ meter: 'bot-runs', used: 30, limit: 500 }],
        link: { mode: 'files' },
      });
      const statics = await expectAnswer<{ items: { registrationKey: string }[] } | { registrationKey: string }[]>(
        200,
        vendor.call('GET', '/v1/static-licenses?customerId=acme'),
      );
      expect(JSON.stringify(statics)).toContain(registrationKey);
    },
    STARTUP_TIMEOUT_MS,
  );

  it(
    'moves the tenant to connected mode in one step: the first OLF comes over the link and keeps the seat holders and meter totals',
    async () => {
      const registered = await airlock(['site', 'register', '--customer', 'acme', '--guid', guid, '--name', 'Plant 4'], {
        cwd: root,
        env: { AIRLOCK_URL: authorityUrl, AIRLOCK_TOKEN: authority!.token },
      });
      expect(registered.code, registered.stderr).toBe(0);
      // The one document an administrator hands over: the enablement token, given in the same step.
      const token = await expectAnswer<{ text: string }>(201, vendor.call('POST', `/v1/customers/acme/sites/${guid}/enablement-token`));
      const moved = await expectAnswer<{ mode: string; lfr: unknown }>(
        200,
        operator.call('PUT', '/v1/tenants/default/licensing-mode', { mode: 'connected', authorityUrl, token: token.text }),
      );
      expect(moved).toMatchObject({ mode: 'connected', lfr: null });

      const connected = await until((seen) => seen.license?.olfId !== undefined, 'the first OLF over the link');
      expect(connected).toMatchObject({
        status: 'active',
        activatedLicense: null,
        license: { cycle: 1 },
        seats: [{ type: 'bot-runner', used: 2, limit: 5, users: ['ada', 'grace'] }],
        meters: [{ meter: 'bot-runs', used: 30, limit: 1_000 }],
        link: { mode: 'connected', state: 'connected', linkLostSince: null },
      });
      expect(connected.link.summary).toMatch(/^connected, last exchange /);
      expect(await expectAnswer(200, check('export'))).toMatchObject({ granted: true });

      const links = JSON.stringify(await expectAnswer(200, vendor.call('GET', '/v1/site-links')));
      expect(links).toContain(guid);
      expect(JSON.stringify(await expectAnswer(200, vendor.call('GET', '/v1/static-licenses?customerId=acme')))).not.toContain(registrationKey);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'renews on its own when the exchange interval has passed: no file carried by hand',
    async () => {
      const before = await status();
      await setClock(at(1, 1));
      const renewed = await until((seen) => seen.license?.olfId !== before.license?.olfId, 'the scheduled renewal');
      expect(renewed).toMatchObject({
        status: 'active',
        license: { cycle: 2 },
        seats: [{ used: 2, users: ['ada', 'grace'] }],
        meters: [{ used: 30 }],
        link: { state: 'connected' },
      });
      expect(Date.parse(renewed.link.lastExchangeAt!)).toBeGreaterThanOrEqual(at(1, 1).getTime());
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'with the link cut, keeps working until the cycle window ends, then locks as an offline site does',
    async () => {
      expect(await authority!.stop()).toBe(0);
      authority = undefined;
      await setClock(at(2, 2));
      const lost = await until((seen) => seen.link.state === 'link-lost', 'the loss of the link');
      expect(lost.link.linkLostSince).not.toBeNull();
      expect(lost.link.olfDueBy).not.toBeNull();
      expect(lost.link.summary).toMatch(/^link lost since .*, OLF due by /);
      expect(lost.status).toBe('awaiting-olf');
      expect(await expectAnswer(200, check('export'))).toMatchObject({ granted: true });

      // The site may make new LFRs while it waits (as an administrator regenerating one would):
      // each moves the due date, never past the window from the cycle's first LFR.
      let due = Date.parse(lost.link.olfDueBy!);
      for (let step = 0; step < 10; step += 1) {
        await setClock(new Date(due - 60_000));
        await pause(1_000);
        expect(await expectAnswer(200, check('export'))).toMatchObject({ granted: true });
        const again = Date.parse((await status()).link.olfDueBy!);
        if (again === due) break;
        due = again;
      }
      expect(due).toBeLessThanOrEqual(at(2, 2).getTime() + 7 * DAY);
      await setClock(new Date(due + 60_000));
      expect(await refusalOf(check('export'))).toEqual({ status: 422, code: 'CYCLE_LOCKED' });
      expect(await status()).toMatchObject({ status: 'locked', cycle: { lockedSince: new Date(due).toISOString() }, link: { state: 'link-lost' } });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'recovers on its own when the authority is back: a new cycle over the link unlocks the tenant',
    async () => {
      await startAuthority();
      const recovered = await until((seen) => seen.status === 'active', 'the recovery over the link');
      expect(recovered).toMatchObject({
        cycle: { lockedSince: null },
        seats: [{ used: 2, users: ['ada', 'grace'] }],
        meters: [{ used: 30 }],
        link: { state: 'connected', linkLostSince: null },
      });
      expect(recovered.license!.cycle).toBeGreaterThan(2);
      expect(await expectAnswer(200, check('export'))).toMatchObject({ granted: true });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'a policy that demands a newer site has the authority refuse the exchange, naming the version needed',
    async () => {
      await expectAnswer(200, vendor.call('PATCH', '/v1/customers/acme', { policyId: 'linked-newer' }));
      const exchanged = await operator.call<Json>('POST', '/v1/tenants/default/link/exchange');
      expect(JSON.stringify(exchanged.body)).toContain('SITE_VERSION_TOO_OLD');
      const links = await expectAnswer<Json>(200, vendor.call('GET', '/v1/site-links?customerId=acme'));
      expect(JSON.stringify(links)).toContain('SITE_VERSION_TOO_OLD');
      const sites = await expectAnswer<{ guid: string; siteVersion: string | null; modes: { connected: { allowed: boolean; reason: string | null } } }[]>(
        200,
        vendor.call('GET', '/v1/customers/acme/sites'),
      );
      expect(sites.find((candidate) => candidate.guid === guid)).toMatchObject({
        modes: { connected: { allowed: false, reason: expect.stringContaining('99') } },
      });
      // The license in force is untouched by the refusal.
      expect(await expectAnswer(200, check('export'))).toMatchObject({ granted: true });
      await expectAnswer(200, vendor.call('PATCH', '/v1/customers/acme', { policyId: 'linked' }));
    },
    STEP_TIMEOUT_MS,
  );
});
