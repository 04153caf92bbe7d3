import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { AirlockError, openSiteBorrow, type Random, type Refusal, type TrustAnchor, MINUTE } from '@airlock/core';
import { isPrintableText, refuse } from '@airlock/core/internal';
import { readSeatStore, writeSeatStore, type SeatStoreState, type StoredBorrow } from './borrow-store.ts';
import { checkFingerprint, machineFingerprint } from './fingerprint.ts';
import { requestLease, type Lease, type LeaseContext } from './lease.ts';
import { parseRootKey } from './root-key.ts';
import { siteClient, textMember, type SiteClient } from './site-client.ts';

/**
 * A device's connection to a site that lends floating seats (docs/floating.md): leases held
 * while the application runs, and borrows kept on the device, offline, until their end.
 */

export interface SiteOptions {
  /** The site's base URL, e.g. `https://licensing.corp.example:8443`. */
  readonly url: string;
  /** The tenant at the site whose seats the application takes. */
  readonly tenant: string;
  /** An application key of the tenant (`ak_…`), sent as a bearer token. */
  readonly appKey: string;
  /** The authority root public key the application pins: a JWK, or the text of `airlock authority keys export-root`. */
  readonly rootKey: unknown;
  /** The site's GUID, when the application knows it: a document signed for another site is then refused (WRONG_RECIPIENT). */
  readonly siteGuid?: string;
  /**
   * The device fingerprint the site lends to; by default `machineFingerprint(product)`, from
   * the machine's identifier. Text or a function asked once, 1–128 visible ASCII characters.
   */
  readonly fingerprint?: string | (() => string | Promise<string>);
  /** The product whose default fingerprint names this device (`airlock-site` when not given): give the one `Airlock.open` gets. */
  readonly product?: string;
  /** Who uses the seats, unless a call names someone else: the operating system's user name by default. */
  readonly user?: string;
  /**
   * The file borrowed seats are kept in (created at the first borrow, its directory too). A file
   * of its own, not the `Airlock.open` store. Without it the device cannot borrow.
   */
  readonly storePath?: string;
  /** The clock; `() => new Date()` by default. */
  readonly now?: () => Date;
  readonly fetch?: typeof fetch;
  /** How long a call to the site may take (ms); 30 s by default. A lease request that waits in line gets its `wait` on top. */
  readonly timeoutMs?: number;
}

/** A seat borrowed from the site, held on this device until `expiresAt`. */
export interface Borrow {
  readonly leaseId: string;
  readonly type: string;
  readonly user: string;
  readonly siteGuid: string;
  readonly tenant: string;
  readonly expiresAt: Date;
  /** The armoured borrow file the site signed. */
  readonly file: string;
}

/** What `SiteConnection.check` answers: a seat of the type held now, by lease or borrow, or why not. */
export type SeatCheck = { readonly ok: true; readonly kind: 'lease' | 'borrow'; readonly expiresAt: Date } | Refusal;

/** How far the clock may run behind the latest time seen before a borrow is refused for it. */
const CLOCK_SKEW = 5 * MINUTE;
const MAX_WAIT_SECONDS = 300;
const MAX_BORROW_DAYS = 90;
const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

const random: Random = { bytes: (length) => new Uint8Array(randomBytes(length)) };

function invalid(field: string, reason: string): AirlockError {
  return new AirlockError('REQUEST_INVALID', { field, reason });
}

function checkId(field: string, value: unknown): string {
  if (typeof value !== 'string' || !ID.test(value)) throw invalid(field, 'must be 1 to 64 letters, digits or _.:-');
  return value;
}

function checkUser(value: unknown): string {
  if (typeof value !== 'string' || value.length > 200 || !isPrintableText(value)) {
    throw invalid('user', 'must be 1 to 200 characters, none of them control characters, bidi overrides or lone surrogates');
  }
  return value;
}

function checkWholeNumber(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw invalid(field, `must be a whole number from ${min} to ${max}`);
  return value;
}

function checkUrl(value: unknown): string {
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return value;
    } catch {
      // reported below
    }
  }
  throw invalid('url', 'must be an http or https URL');
}

function checkAppKey(value: unknown): string {
  if (typeof value !== 'string' || !/^[\x21-\x7E]{1,512}$/.test(value))
    throw invalid('appKey', 'must be the application key, 1 to 512 visible ASCII characters');
  return value;
}

/** The operating system's name for the user running the application, or `user` where it has none. */
function osUser(): string {
  try {
    const name = userInfo().username;
    return name.length > 0 && name.length <= 200 && isPrintableText(name) ? name : 'user';
  } catch {
    return 'user';
  }
}

/** What the device knows of its seat store: its contents and salt, or why it cannot be trusted. */
type SeatStore =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly state: SeatStoreState; readonly salt: Buffer | null }
  | { readonly kind: 'blocked'; readonly refusal: Refusal };

/**
 * Floating seats from one tenant of a site, for this device. Making one touches no network:
 * it reads the borrows kept in `storePath` (verifying each file again), so a device away from
 * the site finds its borrowed seats at every start. `lease` and `borrow` ask the site;
 * `check` and `borrowed` answer from memory.
 *
 * @example
 * ```ts
 * const site = await Airlock.connectSite({ url: 'https://licensing.corp.example', tenant: 'default', appKey, rootKey, storePath: 'seats.store' });
 * const lease = await site.lease('designer');
 * lease.onLost(({ code }) => warn(`seat lost: ${code}`));
 * ```
 */
export class SiteConnection {
  private readonly leases = new Set<Lease>();
  private readonly pending = new Map<string, Promise<Lease>>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly options: SiteOptions,
    private readonly context: LeaseContext,
    /** Who uses the seats unless a call names someone else. */
    readonly user: string,
    private store: SeatStore,
    private latestSeen: number,
  ) {}

  /** Checks the options and reads the seat store; see `Airlock.connectSite`. */
  static async connect(options: SiteOptions): Promise<SiteConnection> {
    const url = checkUrl(options.url);
    const tenant = checkId('tenant', options.tenant);
    const appKey = checkAppKey(options.appKey);
    const trust: TrustAnchor = { root: parseRootKey(options.rootKey) };
    const product = options.product === undefined ? 'airlock-site' : checkId('product', options.product);
    const given = options.fingerprint;
    const fingerprint = given === undefined ? machineFingerprint(product) : checkFingerprint(typeof given === 'function' ? await given() : given);
    const user = options.user === undefined ? osUser() : checkUser(options.user);
    const siteGuid = options.siteGuid === undefined ? undefined : checkSiteGuid(options.siteGuid);
    const timeoutMs = options.timeoutMs ?? 30_000;
    const now = options.now ?? (() => new Date());
    const client: SiteClient = siteClient({ baseUrl: url, appKey, fetch: options.fetch ?? fetch, timeoutMs });
    const context: LeaseContext = {
      client,
      tenantPath: `/v1/tenants/${encodeURIComponent(tenant)}`,
      tenant,
      siteGuid,
      fingerprint,
      trust,
      now,
      random,
      timeoutMs,
    };
    const store = options.storePath === undefined ? ({ kind: 'none' } as const) : await openSeatStore(options.storePath, context);
    const latestSeen = store.kind === 'ok' ? store.state.latestSeen : 0;
    const connection = new SiteConnection(options, context, user, store, latestSeen);
    await connection.recordTimeSeen();
    return connection;
  }

  /** The fingerprint the site lends seats to. */
  get fingerprint(): string {
    return this.context.fingerprint;
  }

  /** The tenant whose seats these are. */
  get tenant(): string {
    return this.context.tenant;
  }

  /**
   * Leases a seat of a license type: POST /v1/tenants/{tenant}/leases with a one-time X25519
   * key, then the lease document is verified (it chains to the pinned root through the tenant's
   * license that names the site key, else SITE_KEY_NOT_CERTIFIED and the like; it names this
   * device, the tenant, the type, the user and the key sent, else WRONG_RECIPIENT). The lease
   * then heartbeats on its own. `wait` (0–300 s) lets the request wait in line for a free
   * seat. Refusals of the site are thrown with its code (SEAT_LIMIT_REACHED,
   * LICENSE_TYPE_NOT_LICENSED, SITE_NOT_LICENSED, UNAUTHENTICATED, ...); SITE_UNREACHABLE when
   * it does not answer. A lease of the type and user this connection holds already is
   * returned as it is.
   *
   * @example
   * ```ts
   * const lease = await site.lease('designer', { wait: 60 });
   * ```
   */
  async lease(type: string, options: { readonly user?: string; readonly wait?: number } = {}): Promise<Lease> {
    const request = {
      type: checkId('type', type),
      user: options.user === undefined ? this.user : checkUser(options.user),
      wait: options.wait === undefined ? 0 : checkWholeNumber('wait', options.wait, 0, MAX_WAIT_SECONDS),
    };
    const held = this.heldLease(request.type, request.user);
    if (held) return held;
    // One request per seat at a time: a second would be answered with the same lease under
    // another one-time key, and the first lease's heartbeats would no longer authenticate.
    const key = JSON.stringify([request.type, request.user]);
    const pending = this.pending.get(key);
    if (pending) return pending;
    const asking = requestLease(this.context, request, (ended) => this.leases.delete(ended)).then((lease) => {
      this.leases.add(lease);
      return lease;
    });
    this.pending.set(key, asking);
    try {
      return await asking;
    } finally {
      this.pending.delete(key);
    }
  }

  /**
   * Borrows a seat of a license type for `days` (1 to the tenant's longest borrow; longer is
   * LEASE_TTL_INVALID from the site, borrowing off BORROW_NOT_ALLOWED): POST
   * /v1/tenants/{tenant}/borrows, the borrow file verified as a lease is, then saved in the
   * seat store before it is in force. A lease of the type this connection holds for the user
   * becomes the borrow at the site: its heartbeats stop (it is not reported lost). Needs
   * `storePath`; STORE_TAMPERED or STORE_WRONG_DEVICE when the store there cannot be trusted
   * (it is never written over).
   *
   * @example
   * ```ts
   * const borrow = await site.borrow('designer', { days: 7 });
   * console.log(`yours until ${borrow.expiresAt.toISOString()}`);
   * ```
   */
  async borrow(type: string, options: { readonly user?: string; readonly days: number }): Promise<Borrow> {
    const asked = {
      type: checkId('type', type),
      user: options.user === undefined ? this.user : checkUser(options.user),
      days: checkWholeNumber('days', options.days, 1, MAX_BORROW_DAYS),
    };
    return this.exclusive(async () => {
      const state = this.trustedStore();
      const answer = await this.context.client.post(`${this.context.tenantPath}/borrows`, { ...asked, fingerprint: this.fingerprint });
      const file = textMember(answer, 'borrow');
      const opened = await openSiteBorrow(file, {
        now: this.context.now(),
        trust: this.context.trust,
        fingerprint: this.fingerprint,
        tenant: this.tenant,
        siteGuid: this.context.siteGuid,
      });
      const claims = opened.claims;
      if (claims.type !== asked.type || claims.user !== asked.user || answer.leaseId !== claims.leaseId) {
        throw new AirlockError('WRONG_RECIPIENT', {
          document: 'site-borrow',
          reason: 'the borrow is for another type or user than asked, or another lease than the answer names',
        });
      }
      if (claims.exp * 1000 <= this.context.now().getTime())
        throw new AirlockError('BORROW_ENDED', { type: claims.type, endedAt: new Date(claims.exp * 1000).toISOString() });
      const stored: StoredBorrow = {
        siteGuid: claims.siteGuid,
        tenant: claims.tenant,
        leaseId: claims.leaseId,
        type: claims.type,
        user: claims.user,
        exp: claims.exp,
        file,
      };
      const now = this.context.now().getTime();
      const kept = state.borrows.filter((borrow) => borrow.exp * 1000 > now && !sameSeat(borrow, stored));
      await this.writeStore({ ...state, borrows: [...kept, stored] });
      for (const lease of this.leases) {
        if (lease.type === asked.type && lease.user === asked.user) {
          lease.becameBorrow();
        }
      }
      return borrowOf(stored);
    });
  }

  /**
   * The seat of the type this device borrowed from this tenant and holds now (for `user`, when
   * given), or null: none, ended, the store cannot be trusted, or the clock was set back. From
   * memory, with no network.
   */
  borrowed(type: string, user?: string): Borrow | null {
    const result = this.borrowCheck(type, user);
    return result.ok ? result.borrow : null;
  }

  /**
   * Whether a seat of the type is held now, from memory: a lease this connection holds, else a
   * borrow in force. Refusals: STORE_TAMPERED or STORE_WRONG_DEVICE (the seat store cannot be
   * trusted), CLOCK_ROLLED_BACK (earlier than a time already seen, which would stretch a
   * borrow), BORROW_ENDED (a borrow of the type whose end has passed), SEAT_NOT_HELD (none).
   *
   * @example
   * ```ts
   * const seat = site.check('designer');
   * if (!seat.ok) showDialog(seat.code); // 'BORROW_ENDED': connect to the site again
   * ```
   */
  check(type: string, user?: string): SeatCheck {
    const lease = [...this.leases].find((held) => held.type === type && (user === undefined || held.user === user) && held.check());
    if (lease) return { ok: true, kind: 'lease', expiresAt: lease.expiresAt };
    const result = this.borrowCheck(type, user);
    return result.ok ? { ok: true, kind: 'borrow', expiresAt: result.borrow.expiresAt } : result;
  }

  /**
   * Gives a borrowed seat of the type back early: DELETE /v1/tenants/{tenant}/borrows/{leaseId},
   * then forgets it. True when the site took it back; false when there was none or the site no
   * longer held it (it is forgotten either way). SITE_UNREACHABLE when the site cannot be
   * reached: the borrow is kept, and still usable until its end.
   *
   * @example
   * ```ts
   * await site.returnBorrow('designer');
   * ```
   */
  returnBorrow(type: string, user?: string): Promise<boolean> {
    return this.exclusive(async () => {
      if (this.store.kind === 'none') return false;
      const state = this.trustedStore();
      const matching = state.borrows.filter((borrow) => this.isOurs(borrow) && borrow.type === type && (user === undefined || borrow.user === user));
      let returned = false;
      for (const borrow of matching) {
        try {
          const answer = await this.context.client.delete(`${this.context.tenantPath}/borrows/${encodeURIComponent(borrow.leaseId)}`);
          returned ||= answer.returned === true;
        } catch (error) {
          if (!(error instanceof AirlockError) || error.code !== 'LEASE_NOT_FOUND') throw error;
        }
        const current = this.trustedStore();
        await this.writeStore({ ...current, borrows: current.borrows.filter((kept) => kept !== borrow) });
      }
      return returned;
    });
  }

  /** Releases every lease this connection holds (borrows stay). */
  async close(): Promise<void> {
    await Promise.all([...this.leases].map((lease) => lease.close()));
  }

  private heldLease(type: string, user: string): Lease | undefined {
    return [...this.leases].find((lease) => lease.type === type && lease.user === user && lease.check());
  }

  private borrowCheck(type: string, user: string | undefined): { readonly ok: true; readonly borrow: Borrow } | Refusal {
    if (this.store.kind === 'blocked') return this.store.refusal;
    const now = this.context.now().getTime();
    if (now < this.latestSeen - CLOCK_SKEW) {
      return refuse('CLOCK_ROLLED_BACK', { now: new Date(now).toISOString(), latestSeen: new Date(this.latestSeen).toISOString() });
    }
    if (now > this.latestSeen) this.latestSeen = now;
    const borrows =
      this.store.kind === 'ok'
        ? this.store.state.borrows.filter((borrow) => this.isOurs(borrow) && borrow.type === type && (user === undefined || borrow.user === user))
        : [];
    const latest = borrows.reduce<StoredBorrow | undefined>((best, borrow) => (best && best.exp >= borrow.exp ? best : borrow), undefined);
    if (!latest) return refuse('SEAT_NOT_HELD', { type: String(type).slice(0, 64) });
    if (latest.exp * 1000 <= now) return refuse('BORROW_ENDED', { type: latest.type, endedAt: new Date(latest.exp * 1000).toISOString() });
    return { ok: true, borrow: borrowOf(latest) };
  }

  /** A borrow of this connection's tenant (and site, when pinned). */
  private isOurs(borrow: StoredBorrow): boolean {
    const guid = this.context.siteGuid?.toLowerCase();
    return borrow.tenant === this.tenant && (guid === undefined || borrow.siteGuid === guid);
  }

  /** The store's contents, or the code that stands in the way. */
  private trustedStore(): SeatStoreState {
    const path = this.options.storePath;
    if (path === undefined) throw new TypeError('SiteConnection: borrowing keeps the borrow file on the device; set storePath in Airlock.connectSite');
    if (this.store.kind === 'blocked') throw new AirlockError(this.store.refusal.code, this.store.refusal.detail);
    if (this.store.kind === 'ok') return this.store.state;
    return { v: 1, fingerprint: this.fingerprint, latestSeen: 0, borrows: [] };
  }

  private async writeStore(next: SeatStoreState): Promise<void> {
    const path = this.options.storePath!;
    const saved: SeatStoreState = { ...next, latestSeen: Math.max(next.latestSeen, this.latestSeen, this.context.now().getTime()) };
    const salt = await writeSeatStore(path, saved, this.store.kind === 'ok' ? this.store.salt : null);
    this.store = { kind: 'ok', state: saved, salt };
    this.latestSeen = saved.latestSeen;
  }

  /** Saves the time of this start in an existing store, unless the clock was set back (which `check` then refuses). */
  private async recordTimeSeen(): Promise<void> {
    if (this.store.kind !== 'ok' || this.store.salt === null) return;
    const now = this.context.now().getTime();
    if (now > this.latestSeen) await this.writeStore(this.store.state);
  }

  /** Runs store changes one at a time, so that two never write from the same old state. */
  private exclusive<T>(command: () => Promise<T>): Promise<T> {
    const run = this.queue.then(command, command);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function checkSiteGuid(value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/.test(value))
    throw invalid('siteGuid', 'must be a GUID');
  return value.toLowerCase();
}

function sameSeat(a: StoredBorrow, b: StoredBorrow): boolean {
  return a.siteGuid === b.siteGuid && a.tenant === b.tenant && a.type === b.type && a.user === b.user;
}

function borrowOf(stored: StoredBorrow): Borrow {
  return {
    leaseId: stored.leaseId,
    type: stored.type,
    user: stored.user,
    siteGuid: stored.siteGuid,
    tenant: stored.tenant,
    expiresAt: new Date(stored.exp * 1000),
    file: stored.file,
  };
}

/**
 * Reads the seat store and verifies every borrow file in it again, as the site signed it: a
 * store whose files no longer verify, or that names another device, is never trusted.
 */
async function openSeatStore(path: string, context: LeaseContext): Promise<SeatStore> {
  const read = await readSeatStore(path, context.fingerprint);
  if (read.kind === 'missing') return { kind: 'ok', state: { v: 1, fingerprint: context.fingerprint, latestSeen: 0, borrows: [] }, salt: null };
  if (read.kind === 'tampered') return { kind: 'blocked', refusal: refuse('STORE_TAMPERED', { reason: read.reason }) };
  if (read.kind === 'wrong-device') return { kind: 'blocked', refusal: refuse('STORE_WRONG_DEVICE', { reason: read.reason }) };
  // Verified as of the latest time seen, so a clock set back reads as set back and not as a file from the future.
  const now = new Date(Math.max(context.now().getTime(), read.state.latestSeen));
  for (const borrow of read.state.borrows) {
    try {
      const opened = await openSiteBorrow(borrow.file, {
        now,
        trust: context.trust,
        fingerprint: context.fingerprint,
        tenant: borrow.tenant,
        siteGuid: borrow.siteGuid,
      });
      const claims = opened.claims;
      if (claims.leaseId !== borrow.leaseId || claims.type !== borrow.type || claims.user !== borrow.user || claims.exp !== borrow.exp) {
        return { kind: 'blocked', refusal: refuse('STORE_TAMPERED', { reason: 'a stored borrow differs from its file' }) };
      }
    } catch (error) {
      if (!(error instanceof AirlockError)) throw error;
      return { kind: 'blocked', refusal: refuse('STORE_TAMPERED', { reason: `a stored borrow file no longer verifies: ${error.code}` }) };
    }
  }
  return { kind: 'ok', state: read.state, salt: read.salt };
}
