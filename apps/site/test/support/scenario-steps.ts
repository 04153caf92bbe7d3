import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { StoreUnderTest } from '../../../authority/test/authority-process.ts';
import { airlock, bearer, HttpCaller, operatorHeaders, type Answer, type Json } from './http-caller.ts';
import { startAuthorityProcess, startSiteProcess, STARTUP_TIMEOUT_MS, type AuthorityProcess, type SiteProcess } from './processes.ts';
import { applicationHeaders } from './site-access.ts';

/**
 * The steps the site's end-to-end scenarios share: the authority and a site started as real
 * processes on one test clock in a folder of their own, the vendor's catalogue and customer,
 * and the site initialised with the root key the vendor exported.
 */

/** Awaits an answer and expects its status (showing the body when it differs); gives the body. */
export async function expectAnswer<T = Json>(status: number, answer: Promise<Answer<T>>): Promise<T> {
  const { status: seen, body } = await answer;
  expect(seen, JSON.stringify(body)).toBe(status);
  return body;
}

/** A refusal's status, code and errors, to assert at once. */
export async function refusal(answer: Promise<Answer>) {
  const { status, body } = await answer;
  return { status, code: body.code, errors: body.errors };
}

export interface SiteAndAuthority {
  /** The scenario's folder: the authority's data, the site's data and witness, the clock file, and `carried/`. */
  readonly root: string;
  readonly clockFile: string;
  readonly dataDir: string;
  readonly witnessDir: string;
  /** The site's environment, for its commands and its process. */
  readonly siteEnv: Record<string, string>;
  readonly authority: AuthorityProcess;
  /** The running site; between `stopSite` and `startSite` there is none. */
  readonly site: SiteProcess;
  /** The vendor at the authority's API, with a token holding every permission. */
  readonly vendor: HttpCaller;
  /** The site's operator, with the operator token in its data directory. */
  readonly operator: HttpCaller;
  /** A licensed application, with the one application key it was given, across restarts. */
  readonly application: HttpCaller;
  /** Moves the one clock both processes read. */
  readonly setClock: (to: Date) => Promise<void>;
  readonly startSite: () => Promise<void>;
  /** SIGTERM, expecting a clean exit. */
  readonly stopSite: () => Promise<void>;
}

/**
 * Starts the authority on `store` before the scenario's steps (the site is started by a step,
 * once initialised) and ends both after them, removing the folder. The authority and the site
 * read their time from one clock file, set to `startsAt`.
 */
export function siteAndAuthority(
  store: StoreUnderTest,
  options: { readonly folder: string; readonly startsAt: Date; readonly authorityPassphrase: string; readonly sitePassphrase: string },
): SiteAndAuthority {
  let root = '';
  let prepared: Awaited<ReturnType<StoreUnderTest['prepare']>> | undefined;
  let authority: AuthorityProcess | undefined;
  let site: SiteProcess | undefined;
  let vendor: HttpCaller | undefined;
  let operator: HttpCaller | undefined;
  let application: HttpCaller | undefined;
  let applicationKey: Record<string, string> | undefined;
  const running = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running`);
    return value;
  };

  const scenario: SiteAndAuthority = {
    get root() {
      return root;
    },
    get clockFile() {
      return join(root, 'clock');
    },
    get dataDir() {
      return join(root, 'site-data');
    },
    get witnessDir() {
      return join(root, 'site-witness');
    },
    get siteEnv() {
      return {
        AIRLOCK_SITE_DATA_DIR: scenario.dataDir,
        AIRLOCK_SITE_WITNESS_DIR: scenario.witnessDir,
        AIRLOCK_SITE_PASSPHRASE: options.sitePassphrase,
        AIRLOCK_SITE_TEST_CLOCK_FILE: scenario.clockFile,
      };
    },
    get authority() {
      return running(authority, 'the authority');
    },
    get site() {
      return running(site, 'the site');
    },
    get vendor() {
      return running(vendor, 'the authority');
    },
    get operator() {
      return running(operator, 'the site');
    },
    get application() {
      return running(application, 'the site');
    },
    setClock: (to) => writeFile(scenario.clockFile, to.toISOString()),
    startSite: async () => {
      site = await startSiteProcess(scenario.siteEnv);
      operator = new HttpCaller(site.url, await operatorHeaders(scenario.dataDir));
      applicationKey ??= await applicationHeaders(operator, 'default');
      application = new HttpCaller(site.url, applicationKey);
    },
    stopSite: async () => {
      const stopping = running(site, 'the site');
      expect(await stopping.stop(), stopping.output()).toBe(0);
      site = undefined;
    },
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), options.folder));
    await mkdir(join(root, 'carried'));
    await scenario.setClock(options.startsAt);
    prepared = await store.prepare();
    authority = await startAuthorityProcess({
      AIRLOCK_DATA_DIR: join(root, 'authority'),
      AIRLOCK_KEY_PASSPHRASE: options.authorityPassphrase,
      AIRLOCK_TEST_CLOCK_FILE: scenario.clockFile,
      ...prepared.env,
    });
    vendor = new HttpCaller(authority.url, bearer(authority.token));
  }, STARTUP_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await site?.kill();
    await authority?.kill();
    await prepared?.dispose();
    if (root !== '') await rm(root, { recursive: true, force: true });
  });

  return scenario;
}

/** Sets the customer `acme`'s purchases, license type by license type. */
export const purchase = (vendor: HttpCaller, entitlements: Record<string, number>) =>
  expectAnswer(
    200,
    vendor.call('PUT', '/v1/customers/acme/entitlements', {
      entitlements: Object.entries(entitlements).map(([licenseTypeId, quantity]) => ({ licenseTypeId, quantity })),
    }),
  );

/**
 * The vendor's catalogue and customer a scenario starts from: the product `automation` with its
 * license types, the policies (the customer `acme` is on the first), acme's purchases, and its
 * offline licensing asked for and approved. Gives the decision.
 */
export async function setUpCustomer(
  vendor: HttpCaller,
  setting: {
    readonly licenseTypes: readonly (readonly [id: string, category: string])[];
    readonly policies: readonly [Json & { readonly id: string }, ...Json[]];
    readonly purchases: Record<string, number>;
    /** Why the customer asks for offline licensing, in its own words. */
    readonly offlineDetails: string;
  },
): Promise<Json> {
  await expectAnswer(201, vendor.call('POST', '/v1/products', { id: 'automation', name: 'Automation' }));
  for (const [id, category] of setting.licenseTypes) {
    await expectAnswer(201, vendor.call('POST', '/v1/products/automation/license-types', { id, name: id, category }));
  }
  for (const policy of setting.policies) await expectAnswer(201, vendor.call('POST', '/v1/policies', policy));
  await expectAnswer(
    201,
    vendor.call('POST', '/v1/customers', {
      id: 'acme',
      name: 'Acme',
      contactEmail: 'it@acme.test',
      accountEndsOn: '2029-12-31',
      policyId: setting.policies[0].id,
    }),
  );
  await purchase(vendor, setting.purchases);
  const asked = await expectAnswer<{ id: string }>(
    201,
    vendor.call('POST', '/v1/customers/acme/offline-requests', { reason: 'air-gapped', details: setting.offlineDetails }),
  );
  return expectAnswer(200, vendor.call('POST', `/v1/offline-requests/${asked.id}/decision`, { decision: 'approve', note: 'ok' }));
}

/** What `airlock site init --json` says of the site it made. */
export interface InitialisedSite {
  readonly guid: string;
  readonly rootKid: string;
  readonly tenants: readonly { readonly tenant: string; readonly registrationKey: string }[];
}

/**
 * The vendor exports the authority's root key with `airlock authority keys export-root` into
 * `rootKeyFile` (relative to `root`), and the operator initialises the site with it (`airlock site
 * init`). Gives the root key's kid and the site initialised.
 */
export async function initialiseSite(
  at: { readonly root: string; readonly authorityUrl: string; readonly siteEnv: Record<string, string> },
  rootKeyFile = 'carried/root.jwk',
): Promise<{ rootKid: string; initialised: InitialisedSite }> {
  const exported = await airlock(['authority', 'keys', 'export-root', '--out', rootKeyFile, '--json'], { cwd: at.root, env: { AIRLOCK_URL: at.authorityUrl } });
  expect(exported.code, exported.stderr).toBe(0);
  const init = await airlock(['site', 'init', '--root-key', rootKeyFile, '--json'], { cwd: at.root, env: at.siteEnv });
  expect(init.code, init.stderr).toBe(0);
  return { rootKid: (JSON.parse(exported.stdout) as { kid: string }).kid, initialised: JSON.parse(init.stdout) as InitialisedSite };
}
