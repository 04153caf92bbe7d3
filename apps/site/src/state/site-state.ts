import { initialCycleState, type LfrCycleState, type RevocationList, type SiteEntitlement } from '@airlock/core';
import type { InstalledLicense, InstalledToken, SiteEvent } from './site-events.ts';

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
}

/** One tenant (SPEC F6): its own token, cycle, license, seats and meters. */
export interface TenantState {
  readonly id: string;
  readonly rk: string;
  readonly createdAt: number;
  token: InstalledToken | null;
  /** Every enablement token ever installed on the tenant: none is installed twice. */
  readonly tokenIds: Set<string>;
  cycle: LfrCycleState;
  license: InstalledLicense | null;
  /** The license's entitlements by type (derived from `license`, never stored): the checks' index. */
  grants: ReadonlyMap<string, SiteEntitlement>;
  /** Every OLF ever installed on the tenant: none is installed twice. */
  readonly olfIds: Set<string>;
  /** Per seat type, the users holding a seat and since when (ms). Insertion order is assignment order. */
  readonly seats: Map<string, Map<string, number>>;
  /** Per meter, everything ever consumed. */
  readonly meters: Map<string, number>;
  /** The latest events of the tenant but consumptions (which are counted, not listed), oldest first. */
  readonly history: HistoryEntry[];
}

/** One line of a tenant's usage audit: the ledger record it comes from. */
export interface HistoryEntry {
  readonly sequence: number;
  readonly at: number;
  readonly event: SiteEvent;
}

/** How many events a tenant's history keeps (older ones stay in the ledger). */
export const HISTORY_LIMIT = 500;

/** The state before the ledger's first record. */
export function emptySiteState(): SiteState {
  return { sequence: 0, guid: null, siteVersion: null, rootKid: null, revocations: null, tenants: new Map() };
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
    grants: new Map(),
    olfIds: new Set(),
    seats: new Map(),
    meters: new Map(),
    history: [],
  };
}

/** The users holding a seat of each type, sorted: what `checkSeatReduction` and an LFR need. */
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

/** The license's quantity of one type in one category, or undefined when it grants none. */
export function entitlementOf(tenant: TenantState, type: string, category: SiteEntitlement['category']): number | undefined {
  const grant = tenant.grants.get(type);
  return grant?.category === category ? grant.quantity : undefined;
}

/** Code-point order: the same on every machine, whatever its locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
