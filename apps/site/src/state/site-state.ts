import { initialCycleState, quantityOf, type LedgerRestore, type LfrCycleState, type RevocationList, type SiteEntitlement, DAY } from '@airlock/core';
import { emptyAccountsState, type AccountsState } from './account-state.ts';
import type { ActivatedGrant, InstalledActivatedLicense } from './activated-license-state.ts';
import type { HistoryEntry } from './history.ts';
import { compareNames } from './names.ts';
import type { Actor, ExchangeOutcome, InstalledLicense, InstalledToken } from './site-events.ts';

/**
 * The site's state in memory: what the ledger's events add up to. It is the hot path — a seat
 * check-out reads and changes it synchronously, with no I/O — so it is built of Maps and Sets,
 * and mutated in place by `applyEvent`. `site-state-json.ts` turns it into the plain JSON a
 * ledger checkpoint holds, and back.
 */
export interface SiteState {
  /** Sequence of the last ledger record applied (0: none). */
  sequence: number;
  guid: string | null;
  siteVersion: string | null;
  rootKid: string | null;
  /** The newest authority key revocation list seen in any document. */
  revocations: RevocationList | null;
  readonly tenants: Map<string, TenantState>;
  /** The site's accounts and application keys (`accounts/`). */
  readonly accounts: AccountsState;
}

/** One tenant (docs/design.md, F6): its own token, cycle, license, seats and meters. */
export interface TenantState {
  readonly id: string;
  readonly rk: string;
  readonly createdAt: number;
  token: InstalledToken | null;
  /** Every enablement token ever installed on the tenant: none is installed twice. */
  readonly tokenIds: Set<string>;
  cycle: LfrCycleState;
  /** The installed OLF, when the tenant is licensed by the offline cycle. */
  license: InstalledLicense | null;
  /**
   * The installed activated license, when the tenant is licensed by orders (docs/design.md, F5). A tenant
   * has one source of license at a time: installing an OLF or an activated license replaces the other.
   */
  activated: InstalledActivatedLicense | null;
  /** The highest activated-license revision the tenant ever took (0: none): no older one is taken after it. */
  activatedRevision: number;
  /**
   * The license's entitlements by type (derived, never stored): the checks' index. An activated
   * license's depend on the day: the checks read them through `tenantOnDay`.
   */
  grants: ReadonlyMap<string, Grant>;
  /** Every OLF ever installed on the tenant: none is installed twice. */
  readonly olfIds: Set<string>;
  /** Per seat type, the users holding a seat and since when (ms). Insertion order is assignment order. */
  readonly seats: Map<string, Map<string, number>>;
  /** Per meter, everything ever consumed. */
  readonly meters: Map<string, number>;
  /** The latest events of the tenant but consumptions (which are counted, not listed), oldest first. */
  readonly history: HistoryEntry[];
  /** The gap of a restore from a backup the vendor has not yet accepted for this tenant, or null. */
  restore: LedgerRestore | null;
  /** Floating seats lent to devices, leased or borrowed, by lease id (docs/floating.md). */
  readonly leases: Map<string, HeldLease>;
  /** Per type, how many leases and borrows hold a seat (derived from `leases`, never stored). */
  readonly floating: Map<string, number>;
  /** The lease id a device holds for a type and user, by `holderKey` (derived from `leases`, never stored). */
  readonly holders: Map<string, string>;
  /** Per type and UTC day (`YYYY-MM-DD`), the peak of seats in use and the borrows made; the last `USAGE_DAYS` days. */
  readonly usageDays: Map<string, Map<string, DayUse>>;
  /** The tenant's lease period and longest borrow. */
  floatingSettings: FloatingSettings;
  /** The tenant in connected mode: its link to the authority (docs/connected.md); null in mode files. */
  link: TenantLink | null;
  /** The authority URL last set for the tenant's link, kept across a move to files (null: never set). */
  authorityUrl: string | null;
  /** The latest exchange over the link worth keeping (`link-exchanged`), or null. */
  lastExchange: RecordedExchange | null;
}

/** A connected tenant's link: where it reaches the authority, and since when and by whom it is connected. */
export interface TenantLink {
  readonly mode: 'connected';
  readonly authorityUrl: string;
  /** When the tenant was switched to connected mode (ms). */
  readonly since: number;
  readonly by: Actor;
}

/** An exchange the ledger recorded: when (ms), for which LFR, and what the answer was. */
export interface RecordedExchange {
  readonly at: number;
  readonly lfrId: string;
  readonly outcome: ExchangeOutcome;
  readonly code: string | null;
  readonly olfId: string | null;
}

/** One floating seat held by one device. */
export interface HeldLease {
  readonly id: string;
  readonly type: string;
  readonly user: string;
  readonly fingerprint: string;
  /** When the seat was first lent (ms). */
  readonly since: number;
  /** A lease's heartbeat period (ms), or null for a seat borrowed from the start. */
  readonly ttl: number | null;
  /** A lease's device key (`x` of its X25519 JWK), or null for a seat borrowed from the start. */
  readonly deviceKey: string | null;
  /** The end of a borrow (ms), or null while it is a lease. */
  readonly borrowUntil: number | null;
}

/** One day of a type's use: the most seats in use at once (named and floating) and the borrows made. */
export interface DayUse {
  peak: number;
  borrowed: number;
}

/** How a tenant lends floating seats (ms). */
export interface FloatingSettings {
  readonly leaseTtl: number;
  /** The longest borrow; 0: borrowing is off. */
  readonly borrowMax: number;
}

/** Until an administrator says otherwise: leases of 15 minutes, borrows of up to 7 days. */
export const DEFAULT_FLOATING_SETTINGS: FloatingSettings = { leaseTtl: 15 * 60_000, borrowMax: 7 * 86_400_000 };

/** How many days of use per type the state keeps (and an LFR can report). */
export const USAGE_DAYS = 400;

/** The UTC day (`YYYY-MM-DD`) of an instant (ms): the key of a type's `usageDays`. */
export function utcDayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The last day noted of a type's use (days are noted in order), or undefined. */
export function lastDayOf(days: ReadonlyMap<string, DayUse>): string | undefined {
  let last: string | undefined;
  for (const day of days.keys()) last = day;
  return last;
}

/** The UTC days after `last` (only `through` when there is none) up to `through` included, none before `oldest`: oldest first. */
export function daysAfter(last: string | undefined, through: string, oldest: string): string[] {
  const start = last === undefined ? through : utcDayOf(Date.parse(`${last}T00:00:00Z`) + DAY);
  const found: string[] = [];
  for (let at = Date.parse(`${start < oldest ? oldest : start}T00:00:00Z`); utcDayOf(at) <= through; at += DAY) found.push(utcDayOf(at));
  return found;
}

/** The key of `TenantState.holders`. */
export function holderKey(type: string, fingerprint: string, user: string): string {
  return `${type}\n${fingerprint}\n${user}`;
}

/** Adds a floating seat to the tenant's holds and indexes. */
export function holdLease(tenant: TenantState, lease: HeldLease): void {
  tenant.leases.set(lease.id, lease);
  tenant.floating.set(lease.type, (tenant.floating.get(lease.type) ?? 0) + 1);
  tenant.holders.set(holderKey(lease.type, lease.fingerprint, lease.user), lease.id);
}

/** Seats of a type in use: named seats and floating seats alike. */
export function seatsInUse(tenant: TenantState, type: string): number {
  return (tenant.seats.get(type)?.size ?? 0) + (tenant.floating.get(type) ?? 0);
}

/** How many events a tenant's history keeps (older ones stay in the ledger). */
export const HISTORY_LIMIT = 500;

/** The state before the ledger's first record. */
export function emptySiteState(): SiteState {
  return { sequence: 0, guid: null, siteVersion: null, rootKid: null, revocations: null, tenants: new Map(), accounts: emptyAccountsState() };
}

/** A tenant as created: nothing installed, no cycle. */
export function newTenantState(id: string, rk: string, createdAt: number): TenantState {
  return {
    id,
    rk,
    createdAt,
    token: null,
    tokenIds: new Set(),
    cycle: initialCycleState,
    license: null,
    activated: null,
    activatedRevision: 0,
    grants: new Map(),
    olfIds: new Set(),
    seats: new Map(),
    meters: new Map(),
    history: [],
    restore: null,
    leases: new Map(),
    floating: new Map(),
    holders: new Map(),
    usageDays: new Map(),
    floatingSettings: DEFAULT_FLOATING_SETTINGS,
    link: null,
    authorityUrl: null,
    lastExchange: null,
  };
}

/** The users holding a seat of each type, sorted: what `checkSeatReduction` and an LFR need. */
/**
 * The users of each seat type holding more users than `limits` allow (absent: 0), sorted: what
 * a seat reduction check needs. Types within their limit are left out, so checking a license
 * against a tenant of many holders reads counts, not names.
 */
export function usersOverLimits(tenant: TenantState, limits: Readonly<Record<string, number>>): Record<string, string[]> {
  const over: Record<string, string[]> = {};
  for (const [type, users] of tenant.seats) {
    if (users.size > quantityOf(limits, type)) over[type] = [...users.keys()].sort(compareNames);
  }
  return over;
}

export function assignedUsers(tenant: TenantState): Record<string, string[]> {
  const assigned: Record<string, string[]> = {};
  for (const [type, users] of tenant.seats) {
    if (users.size > 0) assigned[type] = [...users.keys()].sort(compareNames);
  }
  return assigned;
}

/** The index of a license's entitlements by type. */
export function grantsOf(license: InstalledLicense | null): ReadonlyMap<string, SiteEntitlement> {
  return new Map((license?.entitlements ?? []).map((entitlement) => [entitlement.type, entitlement]));
}

/** What the license grants one type: an OLF's entitlement, or an activated license's quantity (no category). */
export type Grant = SiteEntitlement | ActivatedGrant;

/**
 * The license's quantity of one type in one category, or undefined when it grants none. An
 * activated license's grant has no category: it counts in whichever the check asks for.
 */
export function entitlementOf(tenant: TenantState, type: string, category: SiteEntitlement['category']): number | undefined {
  const grant = tenant.grants.get(type);
  return grant && (grant.category === category || grant.category === null) ? grant.quantity : undefined;
}

export { compareNames } from './names.ts';
export type { HistoryEntry } from './history.ts';
