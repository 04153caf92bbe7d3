import { AirlockError, heartbeatMac, issueSiteBorrow, issueSiteLease, leaseHeartbeatKey, parsePublicJwk, type PublicJwk } from '@airlock/core';
import { newDocumentId } from '@airlock/core/internal';
import { usageDaysOf, type TypeDays } from '../rules/floating-usage.ts';
import { checkLicensed, checkSiteSound, decideLease, expiryOf } from '../rules/enforcement.ts';
import type { Actor, LeaseEnd, SiteEvent } from '../state/site-events.ts';
import { compareNames, entitlementOf, seatsInUse, type FloatingSettings, type HeldLease, type TenantState } from '../state/site-state.ts';
import { activatedTypeEnd } from '../rules/activated-license-terms.ts';
import { must, type SiteContext } from './site-context.ts';

/**
 * Floating seats (docs/floating.md): leases kept alive by heartbeats, borrows kept offline
 * until a fixed end, both from the same pool as named seats. Grants, borrows and ends are ledger
 * events, decided on the live state in the same tick as they are recorded (never more seats
 * than the license's quantity, however requests race). Heartbeats are not recorded: each lease's
 * end and heartbeat key live here, in memory, and a restart gives every held lease one full
 * period from the start.
 */

const SECOND = 1000;
const DAY = 86_400_000;
/** The bounds of a tenant's settings. */
const LEASE_TTL_RANGE = { min: 60 * SECOND, max: DAY } as const;
const BORROW_MAX_LIMIT = 90 * DAY;
/** The longest a lease request may wait in line for a free seat (seconds). */
const MAX_WAIT_SECONDS = 300;
/** How often a site culls leases whose heartbeats stopped, unless told otherwise. */
export const DEFAULT_CULL_INTERVAL = 15 * SECOND;
/** At most this many leases end in one ledger record batch of a cull. */
const CULL_BATCH = 1000;
/** A request waiting in line looks again at least this often (a seat freed wakes it at once; more seats licensed do not). */
const WAIT_POLL = SECOND;

export interface LeaseRequest {
  readonly type: string;
  readonly user: string;
  readonly fingerprint: string;
  /** The device's one-time X25519 public key for this lease. */
  readonly deviceKey: unknown;
  /** Seconds to wait in line for a free seat (0: answer at once). */
  readonly wait?: number | undefined;
}

export interface LeaseGrant {
  readonly tenant: string;
  readonly leaseId: string;
  readonly type: string;
  readonly user: string;
  readonly fingerprint: string;
  readonly ttlSeconds: number;
  readonly heartbeatSeconds: number;
  readonly expiresAt: string;
  /** True when the device held a lease of the type for the user already: it is replaced, never doubled. */
  readonly renewed: boolean;
  readonly used: number;
  readonly limit: number;
  /** The armoured lease document (formats.md §6.12). */
  readonly lease: string;
}

export interface HeartbeatAnswer {
  readonly leaseId: string;
  readonly nonce: string;
  /** The lease's new end (NumericDate). */
  readonly exp: number;
  readonly expiresAt: string;
  readonly mac: string;
}

export interface BorrowRequest {
  readonly type: string;
  readonly user: string;
  readonly fingerprint: string;
  readonly days: number;
}

export interface BorrowGrant {
  readonly tenant: string;
  readonly leaseId: string;
  readonly type: string;
  readonly user: string;
  readonly fingerprint: string;
  readonly expiresAt: string;
  /** The armoured borrow file (formats.md §6.13). */
  readonly borrow: string;
}

/** A tenant's floating seats as its administrators see them. */
export interface FloatingView {
  readonly tenant: string;
  readonly now: string;
  readonly settings: { readonly leaseTtlSeconds: number; readonly borrowMaxDays: number };
  readonly types: {
    readonly type: string;
    readonly limit: number;
    readonly named: number;
    readonly leased: number;
    readonly borrowed: number;
    readonly used: number;
  }[];
  readonly leases: {
    readonly leaseId: string;
    readonly kind: 'lease' | 'borrow';
    readonly type: string;
    readonly user: string;
    readonly fingerprint: string;
    readonly since: string;
    readonly expiresAt: string;
  }[];
  readonly days: TypeDays[];
}

/** One request's place in line for a seat of a type, from its first refusal until it is served or gives up. */
interface Waiter {
  readonly key: string;
  /** Ends its sleep (it then looks again), or null while it is looking. */
  wake: (() => void) | null;
}

/** The site's floating seats: see the module comment. One per site, made by `Site.open`. */
export class FloatingSeats {
  /** A lease's end (ms) once renewed or granted by this process; before that, `startedAt` + its period. */
  private readonly ends = new Map<string, number>();
  private readonly keys = new Map<string, Buffer>();
  private readonly waiters: Waiter[] = [];
  private readonly startedAt: number;
  private timer: NodeJS.Timeout | null = null;
  private culling: Promise<number> | null = null;
  private stopped = false;
  /** How often a request waiting in line looks again on its own (ms); tests lengthen it to see that a freed seat wakes it. */
  waitPoll = WAIT_POLL;

  constructor(private readonly context: SiteContext) {
    this.startedAt = context.clock.now().getTime();
  }

  /** Culls every `interval` ms from now on, until `stop` (0: never, for tests that call `cull`). */
  start(interval: number = DEFAULT_CULL_INTERVAL): void {
    if (interval <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.cull().catch(() => undefined), interval);
    this.timer.unref();
  }

  stop(): void {
    this.endWaits();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Answers every request waiting in line now (`SEAT_LIMIT_REACHED`), and lets no request wait
   * from now on: a server shutting down lets the requests under way finish, and would otherwise
   * wait for theirs (up to `MAX_WAIT_SECONDS`).
   */
  endWaits(): void {
    this.stopped = true;
    for (const waiter of this.waiters.splice(0)) waiter.wake?.();
  }

  /**
   * Leases a floating seat to a device (docs/floating.md): refused as `checkLicensed` says,
   * then `SITE_LICENSE_NOT_CERTIFIABLE`, `KEY_INVALID` for a device key that is not X25519,
   * `LICENSE_TYPE_NOT_LICENSED`, `SEAT_LIMIT_REACHED` (after waiting in line up to `wait`
   * seconds). A device holding a lease of the type for the user gets a new one in its place,
   * in the same write.
   *
   * Waiting requests are served in the order they were first refused: each keeps its place in
   * line, only the first in line of a type looks again (when a lease, borrow or named seat of
   * the type is freed, and at least every second), and once it is served or gives up the next
   * one looks at once (more than one seat may be free).
   */
  async lease(tenantId: string, request: LeaseRequest, gone?: AbortSignal): Promise<LeaseGrant> {
    const wait = request.wait ?? 0;
    if (!Number.isInteger(wait) || wait < 0 || wait > MAX_WAIT_SECONDS)
      throw new AirlockError('REQUEST_INVALID', { path: '/wait', reason: `a whole number of seconds from 0 to ${MAX_WAIT_SECONDS}` });
    const deviceKey = parsePublicJwk(request.deviceKey, 'X25519');
    // Waiting is the request's own time, not a licensing window: measured on the monotonic clock.
    const deadline = performance.now() + wait * SECOND;
    const key = `${tenantId}\n${request.type}`;
    let place: Waiter | null = null;
    let refused: AirlockError | null = null;
    try {
      for (;;) {
        if (place === null || this.firstInLine(place)) {
          try {
            return await this.grant(tenantId, request, deviceKey);
          } catch (error) {
            if (!(error instanceof AirlockError) || error.code !== 'SEAT_LIMIT_REACHED') throw error;
            refused = error;
          }
        }
        const remaining = deadline - performance.now();
        // A request whose caller went away leaves the line: a seat granted to no one would stay taken for a whole period.
        if (remaining <= 0 || this.stopped || gone?.aborted) throw refused ?? new AirlockError('SEAT_LIMIT_REACHED', { tenant: tenantId, type: request.type });
        place ??= this.joinLine(key);
        await this.sleep(place, Math.min(remaining, this.waitPoll), gone);
      }
    } finally {
      if (place) this.leaveLine(place);
    }
  }

  private async grant(tenantId: string, request: LeaseRequest, deviceKey: PublicJwk): Promise<LeaseGrant> {
    const { context } = this;
    const tenant = must(checkLicensed(context.journal.live.tenants.get(tenantId), tenantId, context.conditions()));
    const license = certificateOf(tenant);
    const decision = must(decideLease(tenant, request.type, request.fingerprint, request.user));
    const held = decision.held === null ? null : tenant.leases.get(decision.held);
    if (held && held.borrowUntil !== null)
      throw new AirlockError('CONFLICT', { reason: 'the device holds this seat as a borrow: return it first', leaseId: held.id });
    const { now } = context.beginChange(tenantId);
    const ttl = tenant.floatingSettings.leaseTtl;
    const leaseId = newDocumentId(context.random);
    const heartbeatKey = this.deriveHeartbeatKey(leaseId, deviceKey.x);
    const events: SiteEvent[] = [
      ...(held ? [{ t: 'lease-ended' as const, tenant: tenantId, leaseId: held.id, reason: 'released' as const }] : []),
      { t: 'lease-granted', tenant: tenantId, leaseId, type: request.type, user: request.user, fingerprint: request.fingerprint, ttl, deviceKey: deviceKey.x },
    ];
    // Decided and applied in this tick: the next request already sees this seat taken, and a
    // cull running meanwhile sees this lease's end.
    const recorded = context.journal.record(events);
    const expiresAt = now.getTime() + ttl;
    this.ends.set(leaseId, expiresAt);
    await this.afterWrite(recorded, { granted: leaseId, ended: held ? [held.id] : [] });
    this.keys.set(leaseId, heartbeatKey);
    const { text } = await issueSiteLease(
      {
        siteGuid: context.identity.guid,
        tenant: tenantId,
        leaseId,
        type: request.type,
        user: request.user,
        fingerprint: request.fingerprint,
        expiresAt: new Date(expiresAt),
        license,
        ttlSeconds: Math.round(ttl / SECOND),
        siteKey: context.identity.encryptionKey.publicJwk,
        deviceKey,
      },
      { now, random: context.random, signer: context.identity.signingKey },
    );
    return {
      tenant: tenantId,
      leaseId,
      type: request.type,
      user: request.user,
      fingerprint: request.fingerprint,
      ttlSeconds: Math.round(ttl / SECOND),
      heartbeatSeconds: Math.max(1, Math.floor(ttl / 3 / SECOND)),
      expiresAt: new Date(expiresAt).toISOString(),
      renewed: held !== null && held !== undefined,
      used: held ? decision.used : decision.used + 1,
      limit: decision.limit,
      lease: text,
    };
  }

  /**
   * Renews a lease to now + its period, from memory: refused as `checkLicensed` says (a site
   * or tenant that cannot lend now renews nothing), `LEASE_NOT_FOUND` for a lease that is not
   * held, is a borrow, or whose end has passed (it is culled). The answer's MAC proves the site
   * that granted the lease answered this very nonce.
   */
  heartbeat(tenantId: string, leaseId: string, nonce: string): HeartbeatAnswer {
    const { context } = this;
    const conditions = context.conditions();
    const tenant = must(checkLicensed(context.journal.live.tenants.get(tenantId), tenantId, conditions));
    const lease = tenant.leases.get(leaseId);
    const now = conditions.now.getTime();
    if (!lease || lease.ttl === null || lease.deviceKey === null || lease.borrowUntil !== null)
      throw new AirlockError('LEASE_NOT_FOUND', { tenant: tenantId, leaseId });
    if (this.endOf(lease) <= now) throw new AirlockError('LEASE_NOT_FOUND', { tenant: tenantId, leaseId, reason: 'its heartbeats stopped and it ended' });
    const end = now + lease.ttl;
    this.ends.set(leaseId, end);
    const exp = Math.floor(end / SECOND);
    return {
      leaseId,
      nonce,
      exp,
      expiresAt: new Date(end).toISOString(),
      mac: heartbeatMac(this.heartbeatKey(leaseId, lease.deviceKey), { leaseId, nonce, exp }),
    };
  }

  /** Releases a lease (its application exits): allowed whatever the license's state; `released: false` when it is not held. */
  async release(tenantId: string, leaseId: string): Promise<{ readonly leaseId: string; readonly released: boolean }> {
    const lease = this.soundTenant(tenantId).leases.get(leaseId);
    if (!lease || lease.borrowUntil !== null) {
      await this.context.journal.durable();
      return { leaseId, released: false };
    }
    await this.end(tenantId, [lease], 'released');
    return { leaseId, released: true };
  }

  /**
   * Lends a seat for `days` days (docs/floating.md, Borrowing): refused as `checkLicensed` says
   * (a locked, expired or untrustworthy site lends nothing away), then `BORROW_NOT_ALLOWED` when
   * the tenant's longest borrow is 0, `LEASE_TTL_INVALID` beyond it, and as a lease. The device's
   * lease of the type, if any, becomes the borrow. A borrow never runs past the license's end.
   */
  async borrow(tenantId: string, request: BorrowRequest): Promise<BorrowGrant> {
    const { context } = this;
    const tenant = must(checkLicensed(context.journal.live.tenants.get(tenantId), tenantId, context.conditions()));
    const { borrowMax } = tenant.floatingSettings;
    if (borrowMax === 0) throw new AirlockError('BORROW_NOT_ALLOWED', { tenant: tenantId, reason: 'borrowing is off for this tenant' });
    if (!Number.isInteger(request.days) || request.days < 1 || request.days * DAY > borrowMax) {
      throw new AirlockError('LEASE_TTL_INVALID', { tenant: tenantId, days: request.days, min: 1, max: Math.floor(borrowMax / DAY) });
    }
    const license = certificateOf(tenant);
    const decision = must(decideLease(tenant, request.type, request.fingerprint, request.user));
    const held = decision.held === null ? undefined : tenant.leases.get(decision.held);
    const { now } = context.beginChange(tenantId);
    let leaseId: string;
    let until: number;
    if (held && held.borrowUntil !== null) {
      // Borrowed already: the same borrow again, its file issued anew.
      leaseId = held.id;
      until = held.borrowUntil;
      await context.journal.durable();
    } else {
      leaseId = held?.id ?? newDocumentId(context.random);
      until = Math.min(now.getTime() + request.days * DAY, licenseEndOf(tenant, request.type, now));
      const recorded = context.journal.record([
        { t: 'seat-borrowed', tenant: tenantId, leaseId, type: request.type, user: request.user, fingerprint: request.fingerprint, until },
      ]);
      await this.afterWrite(recorded, { ended: held ? [held.id] : [] });
    }
    const { text } = await issueSiteBorrow(
      {
        siteGuid: context.identity.guid,
        tenant: tenantId,
        leaseId,
        type: request.type,
        user: request.user,
        fingerprint: request.fingerprint,
        expiresAt: new Date(until),
        license,
      },
      { now, random: context.random, signer: context.identity.signingKey },
    );
    return {
      tenant: tenantId,
      leaseId,
      type: request.type,
      user: request.user,
      fingerprint: request.fingerprint,
      expiresAt: new Date(until).toISOString(),
      borrow: text,
    };
  }

  /** Takes a borrowed seat back before its end; `returned: false` when no such borrow is held. */
  async giveBack(tenantId: string, leaseId: string): Promise<{ readonly leaseId: string; readonly returned: boolean }> {
    const lease = this.soundTenant(tenantId).leases.get(leaseId);
    if (!lease || lease.borrowUntil === null) {
      await this.context.journal.durable();
      return { leaseId, returned: false };
    }
    await this.end(tenantId, [lease], 'returned');
    return { leaseId, returned: true };
  }

  /** An administrator ends a lease or borrow (`LEASE_NOT_FOUND` when none is held): its seat is free at once. */
  async revoke(tenantId: string, leaseId: string, by: Actor): Promise<{ readonly leaseId: string; readonly revoked: true }> {
    const lease = this.soundTenant(tenantId).leases.get(leaseId);
    if (!lease) throw new AirlockError('LEASE_NOT_FOUND', { tenant: tenantId, leaseId });
    await this.end(tenantId, [lease], 'revoked', by);
    return { leaseId, revoked: true };
  }

  /** Revokes every lease and borrow a user holds on any device (the user is de-provisioned); answers the types freed. */
  async revokeUser(tenantId: string, user: string, by: Actor): Promise<string[]> {
    const leases = [...this.soundTenant(tenantId).leases.values()].filter((lease) => lease.user === user);
    await this.end(tenantId, leases, 'revoked', by);
    return [...new Set(leases.map((lease) => lease.type))];
  }

  /** Sets the tenant's lease period and longest borrow (`LEASE_TTL_INVALID` out of bounds). */
  async configure(
    tenantId: string,
    settings: { readonly leaseTtlSeconds: number; readonly borrowMaxDays: number },
    by: Actor,
  ): Promise<FloatingView['settings']> {
    const leaseTtl = settings.leaseTtlSeconds * SECOND;
    const borrowMax = settings.borrowMaxDays * DAY;
    if (!Number.isInteger(settings.leaseTtlSeconds) || leaseTtl < LEASE_TTL_RANGE.min || leaseTtl > LEASE_TTL_RANGE.max) {
      throw new AirlockError('LEASE_TTL_INVALID', {
        path: '/leaseTtlSeconds',
        min: LEASE_TTL_RANGE.min / SECOND,
        max: LEASE_TTL_RANGE.max / SECOND,
        found: settings.leaseTtlSeconds,
      });
    }
    if (!Number.isInteger(settings.borrowMaxDays) || borrowMax < 0 || borrowMax > BORROW_MAX_LIMIT) {
      throw new AirlockError('LEASE_TTL_INVALID', { path: '/borrowMaxDays', min: 0, max: BORROW_MAX_LIMIT / DAY, found: settings.borrowMaxDays });
    }
    this.context.beginChange(tenantId);
    await this.context.journal.record([{ t: 'floating-settings-set', tenant: tenantId, leaseTtl, borrowMax, by }]);
    return settingsView({ leaseTtl, borrowMax });
  }

  /** The tenant's floating seats: settings, use per type, every lease and borrow, the daily peaks. */
  view(tenantId: string): FloatingView {
    const tenant = this.context.tenant(tenantId);
    const { now } = this.context.conditions();
    const leases = [...tenant.leases.values()];
    const types = new Set([...tenant.grants.values()].filter((grant) => grant.category === 'seat' || grant.category === null).map((grant) => grant.type));
    for (const lease of leases) types.add(lease.type);
    return {
      tenant: tenantId,
      now: now.toISOString(),
      settings: settingsView(tenant.floatingSettings),
      types: [...types].sort(compareNames).map((type) => {
        const borrowed = leases.filter((lease) => lease.type === type && lease.borrowUntil !== null).length;
        const floating = tenant.floating.get(type) ?? 0;
        return {
          type,
          limit: entitlementOf(tenant, type, 'seat') ?? 0,
          named: tenant.seats.get(type)?.size ?? 0,
          leased: floating - borrowed,
          borrowed,
          used: seatsInUse(tenant, type),
        };
      }),
      leases: leases
        .sort((a, b) => a.since - b.since)
        .map((lease) => ({
          leaseId: lease.id,
          kind: lease.borrowUntil === null ? ('lease' as const) : ('borrow' as const),
          type: lease.type,
          user: lease.user,
          fingerprint: lease.fingerprint,
          since: new Date(lease.since).toISOString(),
          expiresAt: new Date(lease.borrowUntil ?? this.endOf(lease)).toISOString(),
        })),
      days: usageDaysOf(tenant, now),
    };
  }

  /**
   * Ends every lease whose end has passed (`expired`) and every borrow past its end (`ended`),
   * and answers how many. Skipped while the site cannot record (an untrustworthy ledger, a
   * clock set back, a disk that refuses writes): nothing is culled on a clock that cannot be trusted.
   */
  cull(): Promise<number> {
    this.culling ??= this.cullNow().finally(() => {
      this.culling = null;
    });
    return this.culling;
  }

  private async cullNow(): Promise<number> {
    const { context } = this;
    const conditions = context.conditions();
    if (!checkSiteSound(conditions).ok || !context.journal.writable().ok) return 0;
    const now = conditions.now.getTime();
    let ended = 0;
    for (const tenant of context.journal.live.tenants.values()) {
      const expired = [...tenant.leases.values()].filter((lease) => lease.borrowUntil === null && this.endOf(lease) <= now);
      const over = [...tenant.leases.values()].filter((lease) => lease.borrowUntil !== null && lease.borrowUntil <= now);
      for (let index = 0; index < expired.length; index += CULL_BATCH) await this.end(tenant.id, expired.slice(index, index + CULL_BATCH), 'expired');
      for (let index = 0; index < over.length; index += CULL_BATCH) await this.end(tenant.id, over.slice(index, index + CULL_BATCH), 'ended');
      ended += expired.length + over.length;
    }
    return ended;
  }

  private async end(tenantId: string, leases: readonly HeldLease[], reason: LeaseEnd, by?: Actor): Promise<void> {
    const live = this.context.journal.live.tenants.get(tenantId);
    const still = leases.filter((lease) => live?.leases.has(lease.id));
    if (still.length === 0) return;
    must(this.context.journal.writable());
    const recorded = this.context.journal.record(
      still.map((lease) => ({ t: 'lease-ended' as const, tenant: tenantId, leaseId: lease.id, reason, ...(by ? { by } : {}) })),
    );
    // The seats are free in the live state already: the first in line takes one in this very
    // turn, before a request that arrives while this is written could.
    this.wakeWaiters(tenantId, new Set(still.map((lease) => lease.type)));
    await this.afterWrite(recorded, { ended: still.map((lease) => lease.id) });
  }

  /**
   * Keeps the leases' ends in memory in step with what the ledger took. A write the ledger
   * refuses is undone in the live state (the leases it ended are held again, the lease it
   * granted never was), so only once it is durable are the ended leases' ends forgotten; a
   * refused grant's end is dropped, and the ends of the leases it would have ended stay: their
   * devices keep heartbeating them.
   */
  private async afterWrite(recorded: Promise<unknown>, change: { readonly granted?: string; readonly ended: readonly string[] }): Promise<void> {
    try {
      await recorded;
    } catch (error) {
      if (change.granted !== undefined) this.forget(change.granted);
      throw error;
    }
    for (const leaseId of change.ended) this.forget(leaseId);
  }

  /** The tenant, on a site whose ledger and clock can be relied on and whose ledger takes writes. */
  private soundTenant(tenantId: string): TenantState {
    const tenant = this.context.tenant(tenantId);
    must(checkSiteSound(this.context.conditions()));
    must(this.context.journal.writable());
    return tenant;
  }

  private endOf(lease: HeldLease): number {
    return this.ends.get(lease.id) ?? this.startedAt + (lease.ttl ?? 0);
  }

  /** The lease's heartbeat key, derived once (again after a restart) from the site's X25519 key and the device's. */
  private heartbeatKey(leaseId: string, deviceKey: string): Buffer {
    let key = this.keys.get(leaseId);
    if (!key) {
      key = this.deriveHeartbeatKey(leaseId, deviceKey);
      this.keys.set(leaseId, key);
    }
    return key;
  }

  /**
   * Derives a lease's heartbeat key, or `KEY_INVALID`: a device key of low order shares no
   * secret with the site's, so no heartbeat of its lease could ever be answered — it is refused
   * at the grant, before a seat is taken.
   */
  private deriveHeartbeatKey(leaseId: string, deviceKey: string): Buffer {
    try {
      return leaseHeartbeatKey(this.context.identity.encryptionKey.privateKey, { kty: 'OKP', crv: 'X25519', x: deviceKey }, leaseId);
    } catch (error) {
      throw new AirlockError(
        'KEY_INVALID',
        { path: '/deviceKey', reason: 'no key can be agreed with this X25519 key (a point of low order)' },
        { cause: error },
      );
    }
  }

  private forget(leaseId: string): void {
    this.ends.delete(leaseId);
    this.keys.delete(leaseId);
  }

  private joinLine(key: string): Waiter {
    const place: Waiter = { key, wake: null };
    this.waiters.push(place);
    return place;
  }

  /** Leaves the line (served, refused or given up): the next in line of the type looks at once. */
  private leaveLine(place: Waiter): void {
    const index = this.waiters.indexOf(place);
    if (index < 0) return;
    this.waiters.splice(index, 1);
    this.wakeFirst(place.key);
  }

  /** How many lease requests wait in line for a seat of a type now. */
  inLine(tenantId: string, type: string): number {
    const key = `${tenantId}\n${type}`;
    return this.waiters.filter((waiter) => waiter.key === key).length;
  }

  private firstInLine(place: Waiter): boolean {
    return this.waiters.find((waiter) => waiter.key === place.key) === place;
  }

  /** Sleeps in place until woken, `ms` pass or the caller goes away. */
  private sleep(place: Waiter, ms: number, gone?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timeout);
        gone?.removeEventListener('abort', wake);
        place.wake = null;
        resolve();
      };
      const timeout = setTimeout(wake, ms);
      gone?.addEventListener('abort', wake, { once: true });
      place.wake = wake;
    });
  }

  private wakeFirst(key: string): void {
    this.waiters.find((waiter) => waiter.key === key)?.wake?.();
  }

  /**
   * Named seats of these types were freed (or are being: call it in the turn the release is
   * recorded, before it is written): the first lease request waiting in line for each looks at once.
   */
  seatsFreed(tenantId: string, types: Iterable<string>): void {
    this.wakeWaiters(tenantId, new Set(types));
  }

  /** Wakes the first request in line for each type freed (first come, first served). */
  private wakeWaiters(tenantId: string, types: ReadonlySet<string>): void {
    for (const type of types) this.wakeFirst(`${tenantId}\n${type}`);
  }
}

function settingsView(settings: FloatingSettings): FloatingView['settings'] {
  return { leaseTtlSeconds: Math.round(settings.leaseTtl / SECOND), borrowMaxDays: Math.floor(settings.borrowMax / DAY) };
}

/** The authority-signed license that certifies the site key to devices, or `SITE_LICENSE_NOT_CERTIFIABLE`. */
function certificateOf(tenant: TenantState): string {
  const certificate = tenant.license?.certificate ?? tenant.activated?.certificate;
  if (!certificate)
    throw new AirlockError('SITE_LICENSE_NOT_CERTIFIABLE', {
      tenant: tenant.id,
      reason: 'its license was installed before sites lent floating seats: install the next OLF or activated license',
    });
  return certificate;
}

/**
 * The first instant the tenant's license no longer grants seats of the type (ms; far ahead when
 * it never ends): an OLF's end, or the last expiry of the activated license's items of the type
 * in force now — a term item ending before a permanent item of another type ends its seats.
 */
function licenseEndOf(tenant: TenantState, type: string, now: Date): number {
  if (tenant.license) return expiryOf(tenant.license);
  if (!tenant.activated) return Number.MAX_SAFE_INTEGER;
  return activatedTypeEnd(tenant.activated, type, now)?.expiresAt ?? Number.MAX_SAFE_INTEGER;
}
