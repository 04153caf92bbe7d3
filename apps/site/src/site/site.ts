import { AirlockError, keyId, type ErrorCode, type Random } from '@airlock/core';
import { compareVersions, siteLicensingOf, type Clock } from '@airlock/core/internal';
import { argon2Hasher, type PasswordHasher } from '@airlock/http';
import { SiteAccounts, type SignInPolicy } from './site-accounts.ts';
import { SiteMfa } from './site-mfa.ts';
import { tenantCreated, type SiteIdentity } from '../identity/site-identity.ts';
import type { DurableExtent, OpenedLedger } from '../ledger/ledger.ts';
import { tenantStatus, usageOf, type TenantStatus } from '../rules/tenant-status.ts';
import type { Actor, LicensingMode, SiteEvent } from '../state/site-events.ts';
import { compareNames, type HistoryEntry } from '../state/site-state.ts';
import { isNewTenantId, TENANT_ID_RULE } from '../state/tenant-ids.ts';
import { installActivatedLicense, type ActivatedLicenseInstallation } from './activated-license.ts';
import { tenantOnDay } from '../rules/activated-license-terms.ts';
import { generateLfr, LINK_ACTOR, type GeneratedLfr } from './generate-lfr.ts';
import { installOlf, type OlfInstallation } from './install-olf.ts';
import { installToken, type TokenInstallation } from './install-token.ts';
import {
  checkFeatureNow,
  checkoutSeat,
  consumeMeter,
  releaseSeat,
  type Consumption,
  type FeatureCheck,
  type SeatCheckout,
  type SeatRelease,
} from './licensed-use.ts';
import { deprovisionUser, reassignSeat, type Deprovisioning, type Reassignment } from './seat-admin.ts';
import { DEFAULT_CULL_INTERVAL, FloatingSeats } from './floating.ts';
import { SiteContext } from './site-context.ts';
import { recordLedgerRestore } from './record-ledger-restore.ts';
import { SiteJournal, type JournalOptions } from './site-journal.ts';
import { DEFAULT_LINK_TICK, SiteLink, type LinkStatus, type SiteLinkOptions } from './site-link.ts';

export interface SiteOptions extends JournalOptions {
  readonly identity: SiteIdentity;
  readonly ledger: OpenedLedger<SiteEvent>;
  readonly clock: Clock;
  readonly random: Random;
  readonly siteVersion: string;
  /** How often leases whose heartbeats stopped are culled (ms; 15 s by default, 0: only when `floating.cull()` is called). */
  readonly cullInterval?: number;
  /** How passwords are hashed (argon2id with its defaults unless a test says otherwise). */
  readonly passwords?: PasswordHasher;
  readonly signInPolicy?: SignInPolicy;
  /** The link of connected tenants (docs/connected.md): its client, its tick (ms; 0: only when asked), its back-off and real time. */
  readonly link?: Omit<SiteLinkOptions, 'install'>;
}

/** A tenant in the site's list. */
export interface TenantSummary {
  readonly tenant: string;
  readonly registrationKey: string;
  readonly status: TenantStatus['status'];
}

/** Who the site is and how its ledger stands. */
export interface SiteInfo {
  readonly guid: string;
  readonly siteVersion: string;
  readonly rootKid: string;
  readonly signingKid: string;
  readonly ledger: {
    readonly sequence: number;
    readonly head: string;
    readonly problem: { readonly code: string; readonly detail: Readonly<Record<string, unknown>> } | null;
  };
  readonly storage: SiteStorage;
  readonly tenants: TenantSummary[];
}

/** Whether the ledger's disk takes writes: after a failed write, why (`ENOSPC`, `EIO`, …) and since when, until it does again. */
export interface SiteStorage {
  readonly writable: boolean;
  readonly since: string | null;
  readonly cause: string | null;
}

/** A tenant's status (`tenantStatus`) with whether the site can record changes now, its link and the modes its token allows. */
export type SiteTenantStatus = TenantStatus & { readonly storage: SiteStorage; readonly link: LinkStatus; readonly licensing: TenantLicensing | null };

/**
 * What the tenant's enablement token allows (docs/connected.md, "The policy" and "Versions"),
 * beside this site's version: null without a token.
 */
export interface TenantLicensing {
  readonly siteVersion: string;
  readonly files: boolean;
  readonly connected: boolean;
  /** Whether this site's version is high enough for connected mode. */
  readonly connectedVersionOk: boolean;
  readonly connectedMinimumSiteVersion: string | null;
  readonly approval: 'automatic' | 'manual';
  /** Seconds between scheduled exchanges. */
  readonly exchangeInterval: number;
}

/** What a move between files and connected mode gave (`PUT /v1/tenants/{tenant}/licensing-mode`). */
export interface LicensingModeChange {
  readonly tenant: string;
  readonly mode: LicensingMode;
  readonly authorityUrl: string | null;
  /** Mode files, for a tenant with no OLF: the first LFR, to carry by hand; else null. */
  readonly lfr: GeneratedLfr | null;
  readonly link: LinkStatus;
}

/** A tenant's usage audit: who holds each seat since when, meter totals, the latest events. */
export interface TenantUsage {
  readonly tenant: string;
  readonly now: string;
  readonly ledger: { readonly sequence: number; readonly head: string };
  readonly seats: {
    readonly type: string;
    readonly used: number;
    readonly limit: number;
    readonly users: { readonly user: string; readonly since: string }[];
  }[];
  readonly meters: { readonly meter: string; readonly used: number; readonly limit: number }[];
  /** The latest events, newest first, with when the ledger recorded them. */
  readonly events: { readonly sequence: number; readonly at: string; readonly event: SiteEvent }[];
}

/**
 * The site: the one service both its HTTP API and its CLI use (docs/design.md, F1–F3, F6). It holds the
 * installed licenses of its tenants, enforces them for licensed applications, and talks to the
 * authority only through files (enablement tokens and OLFs in, LFRs out). Its state is rebuilt
 * from its ledger at open and every change is a ledger event (see `SiteJournal`).
 *
 * @example
 * ```ts
 * const site = await Site.open({ identity, ledger: await openLedger(options), clock, random, siteVersion });
 * await site.installToken('default', tokenText);
 * const lfr = await site.generateLfr('default');
 * ```
 */
export class Site {
  /** Who may act on the site: its accounts, their sessions, the tenants' application keys (`accounts/`). */
  readonly accounts: SiteAccounts;
  /** Two-factor sign-in of those accounts (`site-mfa.ts`). */
  readonly mfa: SiteMfa;
  /** The floating seats lent to devices: leases, heartbeats, borrows (docs/floating.md). */
  readonly floating: FloatingSeats;
  /** The link of connected tenants to the authority (docs/connected.md). */
  readonly link: SiteLink;

  private constructor(
    private readonly context: SiteContext,
    options: Pick<SiteOptions, 'passwords' | 'signInPolicy' | 'cullInterval' | 'link'>,
  ) {
    this.accounts = new SiteAccounts(context, {
      passwords: options.passwords ?? argon2Hasher(),
      ...(options.signInPolicy ? { signInPolicy: options.signInPolicy } : {}),
    });
    this.mfa = new SiteMfa(context, this.accounts);
    this.floating = new FloatingSeats(context);
    this.floating.start(options.cullInterval ?? DEFAULT_CULL_INTERVAL);
    this.link = new SiteLink(context, { ...options.link, install: (tenant, text) => this.installOlf(tenant, text, LINK_ACTOR) });
    this.link.start(options.link?.tick ?? DEFAULT_LINK_TICK);
  }

  static async open(options: SiteOptions): Promise<Site> {
    const journal = SiteJournal.open(options.ledger, options);
    const state = journal.live;
    if (state.guid !== null && state.guid !== options.identity.guid) {
      await options.ledger.ledger.close();
      throw new Error(`the ledger belongs to site ${state.guid}, not to ${options.identity.guid}`);
    }
    if (options.ledger.restore) await recordLedgerRestore(journal, options.ledger.restore);
    return new Site(new SiteContext({ ...options, journal }), options);
  }

  get guid(): string {
    return this.context.identity.guid;
  }

  info(): SiteInfo {
    const { identity, journal } = this.context;
    const head = journal.head();
    const problem = journal.problem;
    return {
      guid: identity.guid,
      siteVersion: this.context.siteVersion,
      rootKid: keyId(identity.root),
      signingKid: identity.signingKey.kid,
      ledger: { sequence: head.sequence, head: head.hash, problem: problem ? { code: problem.code, detail: problem.detail } : null },
      storage: this.storage(),
      tenants: this.tenants(),
    };
  }

  /**
   * Where a backup is cut (`POST /v1/backup`): records who takes it, waits until that record is
   * durable, and answers the extent of the ledger on disk that then includes it. The backup
   * thus holds its own audit record; changes made while it is copied lie past the extent.
   */
  async backupPoint(by: Actor): Promise<{ readonly extent: DurableExtent; readonly at: Date }> {
    const { journal } = this.context;
    const head = journal.head();
    const at = this.context.beginSiteChange();
    await journal.record([{ t: 'site-backed-up', head: { sequence: head.sequence, head: head.hash }, by }]);
    await journal.durable();
    const extent = journal.durableExtent();
    if (extent === null) throw new Error('this ledger is not kept in files: there is nothing to back up');
    return { extent, at };
  }

  /** Whether a tenant still awaits the vendor's re-baseline after a restore from a backup. */
  awaitsRebaseline(): boolean {
    return [...this.context.journal.live.tenants.values()].some((tenant) => tenant.restore !== null);
  }

  /** Whether the site can record changes now: its ledger verified and writable. */
  ready(): { readonly ok: true } | { readonly ok: false; readonly code: ErrorCode } {
    const writable = this.context.journal.writable();
    return writable.ok ? { ok: true } : { ok: false, code: writable.code };
  }

  /** What the site's metrics read from its journal: each record's time to acknowledgement, each group commit (see `SiteJournal.observe`). */
  observeJournal(observer: Parameters<SiteJournal['observe']>[0]): void {
    this.context.journal.observe(observer);
  }

  /** Floating seats lent to devices now, per tenant and seat type: leases and borrows counted apart. */
  lentSeats(): { readonly tenant: string; readonly type: string; readonly leases: number; readonly borrows: number }[] {
    const lent: { tenant: string; type: string; leases: number; borrows: number }[] = [];
    for (const tenant of this.context.journal.live.tenants.values()) {
      const byType = new Map<string, { tenant: string; type: string; leases: number; borrows: number }>();
      for (const lease of tenant.leases.values()) {
        let entry = byType.get(lease.type);
        if (!entry) byType.set(lease.type, (entry = { tenant: tenant.id, type: lease.type, leases: 0, borrows: 0 }));
        if (lease.borrowUntil === null) entry.leases++;
        else entry.borrows++;
      }
      lent.push(...byType.values());
    }
    return lent;
  }

  tenants(): TenantSummary[] {
    const conditions = this.context.conditions();
    return [...this.context.journal.live.tenants.values()].map((tenant) => ({
      tenant: tenant.id,
      registrationKey: tenant.rk,
      status: tenantStatus(tenant, conditions).status,
    }));
  }

  /** Adds a tenant (docs/design.md, F6) with its own Registration Key; `REQUEST_INVALID` for an id `isNewTenantId` refuses, `CONFLICT` when it exists. */
  async addTenant(tenantId: string, by: Actor = 'site-admin'): Promise<TenantSummary> {
    if (!isNewTenantId(tenantId)) throw new AirlockError('REQUEST_INVALID', { field: 'tenant', reason: TENANT_ID_RULE });
    const { journal, identity } = this.context;
    if (journal.live.tenants.has(tenantId)) throw new AirlockError('CONFLICT', { reason: `the tenant ${tenantId} exists`, tenant: tenantId });
    const created = tenantCreated(identity.guid, identity.signingKey.kid, tenantId, by);
    this.context.beginSiteChange();
    await journal.record([created]);
    return { tenant: tenantId, registrationKey: created.rk, status: 'unlicensed' };
  }

  /**
   * Removes a tenant that holds no enablement token, license or seat (`TENANT_IN_USE`
   * otherwise): a tenant added by mistake. One ledger event, in the site's audit; its
   * application keys are revoked and its tenant administrators disabled with it.
   */
  async removeTenant(tenantId: string, by: Actor = 'site-admin'): Promise<{ readonly tenant: string; readonly removed: true }> {
    const { tenant } = this.context.beginChange(tenantId);
    const holds = [
      ...(tenant.token ? ['an enablement token'] : []),
      ...(tenant.license || tenant.activated ? ['a license'] : []),
      ...([...tenant.seats.values()].some((users) => users.size > 0) || tenant.leases.size > 0 ? ['seats'] : []),
    ];
    if (holds.length > 0) throw new AirlockError('TENANT_IN_USE', { tenant: tenantId, holds });
    await this.context.journal.record([{ t: 'tenant-removed', tenant: tenantId, by }]);
    return { tenant: tenantId, removed: true };
  }

  /** Installs an enablement token (`installToken`); a connected tenant exchanges at once under its new terms. */
  async installToken(tenant: string, text: unknown, by: Actor = 'site-admin'): Promise<TokenInstallation> {
    const installed = await installToken(this.context, tenant, text, by);
    if (this.context.tenant(tenant).link) this.link.due(tenant, { kick: true });
    return installed;
  }

  /**
   * Moves a tenant between files and connected mode (docs/connected.md, "Moving between
   * modes"): installs `token` first when given, then, every check before anything is recorded:
   * - `NOT_ENABLED` without a token;
   * - to connected: the token allows it (`CONNECTED_MODE_NOT_ALLOWED`), this site's version is
   *   at least its `connectedMinimumSiteVersion` (`SITE_VERSION_TOO_OLD`, `required` and
   *   `found`), an http or https `authorityUrl` (kept from before when left out; `REQUEST_INVALID`).
   *   The switch is recorded and an exchange starts at once, not awaited: the answer is the link's status;
   * - to files: the token allows files (`CONNECTED_MODE_REQUIRED`); the switch is recorded, and a
   *   tenant with no OLF (an activated license, or nothing) gets its first LFR, to carry by hand.
   * The open cycle, seats, leases, meters and keys are the tenant's: a move changes none.
   */
  async setLicensingMode(
    tenantId: string,
    change: { readonly mode: LicensingMode; readonly authorityUrl?: string | undefined; readonly token?: string | undefined },
    by: Actor = 'site-admin',
  ): Promise<LicensingModeChange> {
    const given = change.authorityUrl === undefined ? undefined : authorityUrlOf(change.authorityUrl);
    this.context.tenant(tenantId);
    if (change.token !== undefined) await installToken(this.context, tenantId, change.token, by);
    const { tenant } = this.context.beginChange(tenantId, { duringRebaseline: true });
    if (!tenant.token) throw new AirlockError('NOT_ENABLED', { tenant: tenantId });
    const allows = siteLicensingOf(tenant.token);
    if (change.mode === 'connected') {
      if (!allows.connected) throw new AirlockError('CONNECTED_MODE_NOT_ALLOWED', { tenant: tenantId });
      const required = allows.connectedMinimumSiteVersion;
      if (required !== null && compareVersions(this.context.siteVersion, required) < 0) {
        throw new AirlockError('SITE_VERSION_TOO_OLD', { required, found: this.context.siteVersion, mode: 'connected' });
      }
      const authorityUrl = given ?? tenant.authorityUrl;
      if (authorityUrl === null)
        throw new AirlockError('REQUEST_INVALID', { field: 'authorityUrl', reason: 'connected mode needs the URL of the authority the first time' });
      await this.context.journal.record([{ t: 'licensing-mode-set', tenant: tenantId, mode: 'connected', authorityUrl, by }]);
      this.link.due(tenantId, { kick: true });
      return { tenant: tenantId, mode: 'connected', authorityUrl, lfr: null, link: this.link.status(tenantId) };
    }
    if (!allows.files) throw new AirlockError('CONNECTED_MODE_REQUIRED', { tenant: tenantId });
    await this.context.journal.record([{ t: 'licensing-mode-set', tenant: tenantId, mode: 'files', authorityUrl: given ?? null, by }]);
    this.link.forget(tenantId);
    const lfr = tenant.license ? null : await this.generateLfr(tenantId, by);
    return { tenant: tenantId, mode: 'files', authorityUrl: tenant.authorityUrl, lfr, link: this.link.status(tenantId) };
  }

  generateLfr(tenant: string, by: Actor = 'site-admin'): Promise<GeneratedLfr> {
    return generateLfr(this.context, tenant, by);
  }

  async installOlf(tenant: string, text: unknown, by: Actor = 'site-admin'): Promise<OlfInstallation> {
    const installed = await installOlf(this.context, tenant, text, by);
    this.licenseChanged(tenant);
    return installed;
  }

  /**
   * Installs an activated license (docs/design.md, F5) on the tenant whose Registration Key it names, or,
   * with `tenant`, only on that tenant; in force at once. See `installActivatedLicense`.
   */
  async installActivatedLicense(
    text: unknown,
    options: { readonly tenant?: string | undefined; readonly by?: Actor } = {},
  ): Promise<ActivatedLicenseInstallation> {
    const installed = await installActivatedLicense(this.context, text, { tenant: options.tenant, by: options.by ?? 'site-admin' });
    this.licenseChanged(installed.tenant);
    return installed;
  }

  /** A new license may grant more seats: the lease requests waiting in line look at once (docs/floating.md, Queueing). */
  private licenseChanged(tenant: string): void {
    this.floating.seatsFreed(tenant, this.context.tenant(tenant).grants.keys());
  }

  status(tenant: string): SiteTenantStatus {
    const state = this.context.tenant(tenant);
    const status = tenantStatus(state, this.context.conditions());
    return { ...status, storage: this.storage(), link: this.link.status(tenant), licensing: this.licensing(tenant) };
  }

  /** What the tenant's token allows, beside this site's version; null without a token. */
  licensing(tenantId: string): TenantLicensing | null {
    const token = this.context.tenant(tenantId).token;
    if (!token) return null;
    const allows = siteLicensingOf(token);
    const siteVersion = this.context.siteVersion;
    const required = allows.connectedMinimumSiteVersion;
    return {
      siteVersion,
      files: allows.files,
      connected: allows.connected,
      connectedVersionOk: required === null || compareVersions(siteVersion, required) >= 0,
      connectedMinimumSiteVersion: required,
      approval: allows.approval,
      exchangeInterval: allows.exchangeInterval,
    };
  }

  /** Whether the ledger's disk takes writes now. */
  storage(): SiteStorage {
    const { writable, since, cause } = this.context.journal.storage();
    return { writable, since, cause };
  }

  usage(tenantId: string, options: { readonly events?: number } = {}): TenantUsage {
    const tenant = this.context.tenant(tenantId);
    const { now } = this.context.conditions();
    const head = this.context.journal.head();
    const { seats, meters } = usageOf(tenantOnDay(tenant, now));
    const since = (type: string, user: string) => new Date(tenant.seats.get(type)?.get(user) ?? 0).toISOString();
    const count = Math.max(0, options.events ?? 100);
    const events = count === 0 ? [] : tenant.history.slice(-count).reverse();
    return {
      tenant: tenantId,
      now: now.toISOString(),
      ledger: { sequence: head.sequence, head: head.hash },
      seats: seats.map((seat) => ({ ...seat, users: seat.users.map((user) => ({ user, since: since(seat.type, user) })) })),
      meters,
      events: events.map((entry: HistoryEntry) => ({ sequence: entry.sequence, at: new Date(entry.at).toISOString(), event: entry.event })),
    };
  }

  /**
   * De-provisions a user: its named seats are freed (`deprovisionUser`), and every lease and
   * borrow it holds on any device is revoked (docs/floating.md): a user who leaves takes no seat
   * with it. `freed` lists the types of both.
   */
  async deprovision(tenant: string, user: string, by: Actor = 'site-admin'): Promise<Deprovisioning> {
    const held = [...(this.context.journal.live.tenants.get(tenant)?.seats ?? [])].filter(([, users]) => users.has(user)).map(([type]) => type);
    const deprovisioning = deprovisionUser(this.context, tenant, user, by);
    // Recorded in this turn: its seats go to the lease requests waiting in line (docs/floating.md, Queueing).
    this.floating.seatsFreed(tenant, held);
    const named = await deprovisioning;
    const floating = await this.floating.revokeUser(tenant, user, by);
    return { ...named, freed: [...new Set([...named.freed, ...floating])].sort(compareNames) };
  }

  reassign(tenant: string, type: string, from: string, to: string, by: Actor = 'site-admin'): Promise<Reassignment> {
    return reassignSeat(this.context, tenant, type, from, to, by);
  }

  checkFeature(tenant: string, feature: string): FeatureCheck {
    return checkFeatureNow(this.context, tenant, feature);
  }

  checkoutSeat(tenant: string, type: string, user: string): Promise<SeatCheckout> {
    return checkoutSeat(this.context, tenant, type, user);
  }

  releaseSeat(tenant: string, type: string, user: string): Promise<SeatRelease> {
    const releasing = releaseSeat(this.context, tenant, type, user);
    // Recorded in this turn: a named seat freed is a seat for the first lease request waiting in
    // line (docs/floating.md, Queueing). Woken for nothing, it looks, finds none and waits on.
    this.floating.seatsFreed(tenant, [type]);
    return releasing;
  }

  consume(tenant: string, meter: string, amount: number): Promise<Consumption> {
    return consumeMeter(this.context, tenant, meter, amount);
  }

  /** Finishes the writes under way, saves a checkpoint and closes the ledger. */
  async close(): Promise<void> {
    this.floating.stop();
    await this.link.stop();
    return this.context.journal.close();
  }
}

/** The authority's URL for the link: http or https, no credentials, at most 2,000 characters; `REQUEST_INVALID` otherwise. */
function authorityUrlOf(text: string): string {
  const invalid = (reason: string) => new AirlockError('REQUEST_INVALID', { field: 'authorityUrl', reason });
  if (text.length > 2_000) throw invalid('at most 2000 characters');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('an http or https URL');
  if (url.username !== '' || url.password !== '') throw invalid('no user name or password in the URL');
  if (url.search !== '' || url.hash !== '') throw invalid('no query or fragment');
  return url.href.replace(/\/+$/, '');
}
