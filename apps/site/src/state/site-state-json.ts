import type { LedgerRestore, RevocationList } from '@airlock/core';
import { accountsFromJson, accountsToJson, type AccountsJson } from './account-state.ts';
import { activatedGrantsOn, type InstalledActivatedLicense } from './activated-license-state.ts';
import { loadCycle, storeCycle } from './cycle-json.ts';
import type { InstalledLicense, InstalledToken, StoredCycle } from './site-events.ts';
import {
  DEFAULT_FLOATING_SETTINGS,
  grantsOf,
  holdLease,
  type DayUse,
  type FloatingSettings,
  type HeldLease,
  type HistoryEntry,
  type RecordedExchange,
  type SiteState,
  type TenantLink,
  type TenantState,
} from './site-state.ts';

/**
 * The site's state as a ledger checkpoint holds it: plain JSON, versioned. A checkpoint comes
 * from the site's own ledger, which is authenticated and verified before it is read, so the
 * shape is checked only as far as telling a checkpoint of another format version apart.
 */
export const STATE_FORMAT = 1;

export interface SiteStateJson {
  readonly format: typeof STATE_FORMAT;
  readonly sequence: number;
  readonly guid: string | null;
  readonly siteVersion: string | null;
  readonly rootKid: string | null;
  readonly revocations: RevocationList | null;
  readonly tenants: readonly TenantJson[];
  /** Absent in checkpoints saved before the site had accounts. */
  readonly accounts?: AccountsJson;
}

interface TenantJson {
  readonly id: string;
  readonly rk: string;
  readonly createdAt: number;
  readonly token: InstalledToken | null;
  readonly tokenIds: readonly string[];
  readonly cycle: StoredCycle;
  readonly license: InstalledLicense | null;
  /** Absent in checkpoints saved before the site took activated licenses. */
  readonly activated?: InstalledActivatedLicense | null;
  readonly activatedRevision?: number;
  readonly olfIds: readonly string[];
  /** Per seat type, `[user, assignedAt]` in assignment order. */
  readonly seats: readonly (readonly [string, readonly (readonly [string, number])[]])[];
  readonly meters: readonly (readonly [string, number])[];
  readonly history: readonly HistoryEntry[];
  /** Absent in checkpoints saved before sites were restored from backups. */
  readonly restore?: LedgerRestore | null;
  /** Absent in checkpoints saved before sites lent floating seats. */
  readonly leases?: readonly HeldLease[];
  readonly usageDays?: readonly (readonly [string, readonly (readonly [string, DayUse])[]])[];
  readonly floatingSettings?: FloatingSettings;
  /** Absent in checkpoints saved before sites had connected mode. */
  readonly link?: TenantLink | null;
  readonly authorityUrl?: string | null;
  readonly lastExchange?: RecordedExchange | null;
}

/** The state as JSON, for a checkpoint. */
export function stateToJson(state: SiteState): SiteStateJson {
  return {
    format: STATE_FORMAT,
    sequence: state.sequence,
    guid: state.guid,
    siteVersion: state.siteVersion,
    rootKid: state.rootKid,
    revocations: state.revocations,
    tenants: [...state.tenants.values()].map(tenantToJson),
    accounts: accountsToJson(state.accounts),
  };
}

function tenantToJson(tenant: TenantState): TenantJson {
  return {
    id: tenant.id,
    rk: tenant.rk,
    createdAt: tenant.createdAt,
    token: tenant.token,
    tokenIds: [...tenant.tokenIds],
    cycle: storeCycle(tenant.cycle),
    license: tenant.license,
    activated: tenant.activated,
    activatedRevision: tenant.activatedRevision,
    olfIds: [...tenant.olfIds],
    seats: [...tenant.seats].filter(([, users]) => users.size > 0).map(([type, users]) => [type, [...users]] as const),
    meters: [...tenant.meters],
    history: [...tenant.history],
    restore: tenant.restore,
    leases: [...tenant.leases.values()],
    usageDays: [...tenant.usageDays].map(([type, days]) => [type, [...days].map(([day, use]) => [day, { ...use }] as const)] as const),
    floatingSettings: tenant.floatingSettings,
    link: tenant.link,
    authorityUrl: tenant.authorityUrl,
    lastExchange: tenant.lastExchange,
  };
}

/** The state a checkpoint holds; throws when it is not a checkpoint of this format. */
export function stateFromJson(value: unknown): SiteState {
  const json = value as Partial<SiteStateJson> | null;
  const tenants: readonly TenantJson[] | undefined = json?.tenants;
  if (typeof json !== 'object' || json === null || json.format !== STATE_FORMAT || tenants === undefined || typeof json.sequence !== 'number') {
    throw new Error('the ledger checkpoint is not a site state this version reads');
  }
  return {
    sequence: json.sequence,
    guid: json.guid ?? null,
    siteVersion: json.siteVersion ?? null,
    rootKid: json.rootKid ?? null,
    revocations: json.revocations ?? null,
    tenants: new Map(tenants.map((tenant) => [tenant.id, tenantFromJson(tenant)])),
    accounts: accountsFromJson(json.accounts),
  };
}

function tenantFromJson(json: TenantJson): TenantState {
  const tenant: TenantState = {
    id: json.id,
    rk: json.rk,
    createdAt: json.createdAt,
    token: json.token,
    tokenIds: new Set(json.tokenIds),
    cycle: loadCycle(json.cycle),
    license: json.license,
    activated: json.activated ?? null,
    activatedRevision: json.activatedRevision ?? 0,
    // An activated license's grants depend on the day: these are its install day's, and the checks read the day's (`tenantOnDay`).
    grants: json.activated ? activatedGrantsOn(json.activated, new Date(json.activated.installedAt)) : grantsOf(json.license),
    olfIds: new Set(json.olfIds),
    seats: new Map(json.seats.map(([type, users]) => [type, new Map(users)])),
    meters: new Map(json.meters),
    history: [...json.history],
    restore: json.restore ?? null,
    leases: new Map(),
    floating: new Map(),
    holders: new Map(),
    usageDays: new Map((json.usageDays ?? []).map(([type, days]) => [type, new Map(days.map(([day, use]) => [day, { ...use }]))])),
    floatingSettings: json.floatingSettings ?? DEFAULT_FLOATING_SETTINGS,
    link: json.link ?? null,
    authorityUrl: json.authorityUrl ?? null,
    lastExchange: json.lastExchange ?? null,
  };
  for (const lease of json.leases ?? []) holdLease(tenant, lease);
  return tenant;
}

/** A deep copy, through JSON: what the site falls back to when a write fails. */
export function copyState(state: SiteState): SiteState {
  return stateFromJson(JSON.parse(JSON.stringify(stateToJson(state))) as unknown);
}
