import { initialCycleState, type LedgerRestore, type LfrCycleState, type RevocationList, type SiteEntitlement } from '@airlock/core';
import { emptyAccountsState, type AccountsState } from '../accounts/account-state.ts';
import type { ActivatedGrant, InstalledActivatedLicense } from '../site/activated-license-terms.ts';
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
  /** The site's accounts and application keys (`accounts/`). */
  readonly accounts: AccountsState;
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
  /** The installed OLF, when the tenant is licensed by the offline cycle. */
  license: InstalledLicense | null;
  /**
   * The installed activated license, when the tenant is licensed by orders (SPEC F5). A tenant
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

/** Code-point order: the same on every machine, whatever its locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
