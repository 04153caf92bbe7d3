import {
  days,
  hours,
  issueEnablementToken,
  issueOfflineLicenseFile,
  openLicenseFileRequest,
  type Milliseconds,
  type PublicJwk,
  type SiteEntitlement,
  type SiteLicensing,
} from '@airlock/core';
import { utcDate, type Clock } from '@airlock/core/internal';
import { createTestAuthority, createTestParty, seededRandom, type TestAuthority } from '@airlock/core/testing';
import { argon2Hasher, TEST_HASHING } from '@airlock/http';
import { siteCreated, type SiteIdentity } from '../identity/site-identity.ts';
import { ledgerStamp } from '../process/site-clock.ts';
import { Site } from '../site/site.ts';
import type { SiteLinkOptions } from '../site/site-link.ts';
import type { SiteEvent } from '../state/site-events.ts';
import { MemoryLedgerStore } from './memory-ledger.ts';

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date): void {
    this.current = new Date(to);
  }
  advance(ms: Milliseconds): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const START = new Date('2026-11-23T10:00:00Z');
const SITE_VERSION = '41.2.0';

export interface TokenOptions {
  readonly siteGuid?: string;
  readonly customerId?: string;
  readonly minimumSiteVersion?: string | null;
  readonly lifetime?: Milliseconds;
  readonly cycleWindows?: { readonly fromFirstLfr: Milliseconds; readonly fromLatestLfr: Milliseconds };
  readonly authority?: TestAuthority;
  /** The modes the customer's policy allows (docs/connected.md); left out, the token says files only. */
  readonly siteLicensing?: SiteLicensing;
}

export interface OlfOptions {
  readonly entitlements: readonly SiteEntitlement[];
  readonly start?: string;
  readonly end?: string;
}

/**
 * The authority's side of the exchange, as a test plays it: real enablement tokens and real
 * OLFs, signed by a test authority's certified keys, answering the site's real LFRs.
 */
export class TestAuthorityDesk {
  private issued = 0;

  constructor(
    readonly authority: TestAuthority,
    private readonly clock: Clock,
  ) {}

  static async create(clock: Clock, seed = 'site-tests/authority'): Promise<TestAuthorityDesk> {
    return new TestAuthorityDesk(await createTestAuthority(seed), clock);
  }

  async token(siteGuid: string, options: TokenOptions = {}): Promise<string> {
    const authority = options.authority ?? this.authority;
    const { text } = await issueEnablementToken(
      {
        customerId: options.customerId ?? 'acme',
        siteGuid: options.siteGuid ?? siteGuid,
        lifetime: options.lifetime ?? hours(24),
        minimumSiteVersion: options.minimumSiteVersion ?? null,
        authorityEncryptionKey: authority.encryptionCertificate,
        cycleWindows: options.cycleWindows ?? { fromFirstLfr: days(7), fromLatestLfr: hours(48) },
        siteLicensing: options.siteLicensing,
      },
      { now: this.clock.now(), random: seededRandom(`token-${this.issued++}`), signer: authority.signer },
    );
    return text;
  }

  /** Opens the site's LFR as the authority does and answers it with an OLF. */
  async answer(lfrText: string, options: OlfOptions): Promise<string> {
    return (await this.issue(lfrText, options)).text;
  }

  /** `answer`, with what the OLF says: its id and dates. */
  async issue(lfrText: string, options: OlfOptions): Promise<{ readonly text: string; readonly id: string; readonly start: string; readonly end: string }> {
    const now = this.clock.now();
    const lfr = await openLicenseFileRequest(lfrText, { now, rootKid: this.authority.root.kid, encryptionKey: this.authority.encryptionKey });
    const { text, claims } = await issueOfflineLicenseFile(
      lfr,
      { start: options.start ?? utcDate(now), end: options.end ?? utcDate(new Date(now.getTime() + days(365))), entitlements: [...options.entitlements] },
      { now, random: seededRandom(`olf-${this.issued++}`), signer: this.authority.signer },
    );
    return { text, id: claims.jti, start: claims.start, end: claims.end };
  }

  /** The time on the test's clock, as the authority reads it. */
  now(): Date {
    return this.clock.now();
  }

  /** What the LFR says, as the authority reads it. */
  async read(lfrText: string) {
    return (await openLicenseFileRequest(lfrText, { now: this.clock.now(), rootKid: this.authority.root.kid, encryptionKey: this.authority.encryptionKey }))
      .claims;
  }
}

export interface TestSite {
  site: Site;
  readonly store: MemoryLedgerStore<SiteEvent>;
  readonly clock: TestClock;
  readonly desk: TestAuthorityDesk;
  readonly identity: SiteIdentity;
  /** Closes the site and opens it again from its ledger, as a restart does. */
  restart(): Promise<Site>;
}

/**
 * A site on an in-memory ledger with a test clock and a test authority: its identity made as
 * `initSite` makes one, without the files. It culls leases only when the test calls
 * `site.floating.cull()`, unless given a `cullInterval` (ms of real time).
 */
export async function createTestSite(
  options: {
    readonly tenants?: readonly string[];
    readonly seed?: string;
    readonly checkpointEvery?: number;
    readonly cullInterval?: number;
    /** The link's options: by default it runs only when the test asks (tick 0). */
    readonly link?: Omit<SiteLinkOptions, 'install'>;
    /** The root the site pins, when a real authority answers it rather than the test desk. */
    readonly root?: PublicJwk;
  } = {},
): Promise<TestSite> {
  const clock = new TestClock(START);
  const desk = await TestAuthorityDesk.create(clock);
  const party = createTestParty(options.seed ?? 'site-tests/site');
  const identity: SiteIdentity = {
    guid: party.guid,
    createdAt: START.toISOString(),
    root: options.root ?? desk.authority.root.publicJwk,
    signingKey: party.signingKey,
    encryptionKey: party.encryptionKey,
    ledgerKey: new Uint8Array(32),
  };
  const store = new MemoryLedgerStore<SiteEvent>();
  const random = seededRandom(`${options.seed ?? 'site-tests/site'}/random`);
  const first = await store.open({ now: () => clock.now() });
  await first.ledger.append(
    siteCreated({
      guid: identity.guid,
      signingKid: identity.signingKey.kid,
      root: identity.root,
      siteVersion: SITE_VERSION,
      tenants: options.tenants ?? ['default'],
      by: 'test',
    }),
  );
  await first.ledger.close();
  const open = async () => {
    const stamp = ledgerStamp(clock);
    const ledger = await store.open({ now: stamp.now });
    stamp.attach(ledger.ledger);
    return Site.open({
      identity,
      ledger,
      clock,
      random,
      siteVersion: SITE_VERSION,
      passwords: testPasswords,
      cullInterval: options.cullInterval ?? 0,
      link: { tick: 0, ...options.link },
      ...(options.checkpointEvery ? { checkpointEvery: options.checkpointEvery } : {}),
    });
  };
  const testSite: TestSite = {
    site: await open(),
    store,
    clock,
    desk,
    identity,
    async restart() {
      await testSite.site.close();
      testSite.site = await open();
      return testSite.site;
    },
  };
  return testSite;
}

/** argon2id with light parameters: the same code path as production, in a few ms a hash. */
export const testPasswords = argon2Hasher(TEST_HASHING);

/** Seats, meters and features for the tests' licenses. */
export const seat = (type: string, quantity: number): SiteEntitlement => ({ type, category: 'seat', quantity });
export const meter = (type: string, quantity: number): SiteEntitlement => ({ type, category: 'meter', quantity });
export const feature = (type: string, quantity = 1): SiteEntitlement => ({ type, category: 'feature', quantity });

/** Runs a tenant through a first cycle: token, LFR, OLF with these entitlements. */
export async function licenseTenant(test: TestSite, tenant: string, entitlements: readonly SiteEntitlement[]): Promise<void> {
  await test.site.installToken(tenant, await test.desk.token(test.identity.guid));
  const lfr = await test.site.generateLfr(tenant);
  await test.site.installOlf(tenant, await test.desk.answer(lfr.text, { entitlements }));
}

/** The code of the AirlockError a call throws or rejects with (the test fails if it succeeds). */
export async function refusal(call: Promise<unknown> | (() => unknown)): Promise<{ code: string; detail: unknown }> {
  try {
    await (typeof call === 'function' ? call() : call);
  } catch (error) {
    const { code, detail } = error as { code?: string; detail?: unknown };
    if (typeof code !== 'string') throw error;
    return { code, detail };
  }
  throw new Error('expected a refusal, but the call succeeded');
}
