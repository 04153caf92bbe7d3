import { AirlockError, defaultLicensingPolicy, type LicenseKind, type LicensingPolicy } from '@airlock/core';
import { compareVersions, isVersion } from '@airlock/core/internal';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { PolicyTable } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import { fetchPage, type ListSpec, type Page, type Paging } from '../../http/paging.ts';
import type { Actor } from '../../http/audit.ts';

/**
 * A named licensing policy as the vendor sees it: the vocabulary of docs/design.md, every duration in
 * milliseconds. "Policy" is a licensing word only; who may do what is `permissions`.
 */
export interface NamedPolicy {
  readonly id: string;
  readonly name: string;
  readonly kind: LicenseKind;
  readonly allowOffline: boolean;
  readonly maxActivations: number | null;
  readonly enablementTokenTtlMs: number;
  readonly cycleWindowFromFirstLfrMs: number;
  readonly cycleWindowFromLatestLfrMs: number;
  readonly clockSkewToleranceMs: number;
  readonly expiringSoonWindowMs: number;
  readonly minimumSiteVersion: string | null;
  /** Device licenses (docs/devices.md): the longest an online-checked device may stay offline, null for no limit. */
  readonly maxOfflineMs: number | null;
  readonly offlineGraceMs: number;
  readonly expiryGraceMs: number;
  /** The most of a meter's limit one device file allots; null for an even share. */
  readonly meterAllotment: number | null;
  readonly meterOveragePercent: number;
  readonly allowVirtualMachines: boolean;
  /** How the customer's sites exchange license files (docs/connected.md): by hand, over a link, or either. */
  readonly siteLicensing: SiteLicensingMode;
  /** Over the link: the answer is issued at once (`automatic`) or waits for a person (`manual`). */
  readonly connectedApproval: ConnectedApproval;
  /** How often a connected site sends its LFR: five minutes to 31 days. */
  readonly exchangeIntervalMs: number;
  /** The lowest site version connected mode needs, beside `minimumSiteVersion` for every mode; null for none. */
  readonly minimumConnectedSiteVersion: string | null;
}

/** The modes a policy lets its customers' sites use (docs/connected.md, "The policy"). */
export type SiteLicensingMode = 'files' | 'files-or-connected' | 'connected';
export type ConnectedApproval = 'automatic' | 'manual';

/** The defaults of the connected-mode settings (docs/connected.md, "The policy"): either mode, answered at once, daily. */
const connectedModeDefaults = {
  siteLicensing: 'files-or-connected',
  connectedApproval: 'automatic',
  exchangeIntervalMs: 86_400_000,
  minimumConnectedSiteVersion: null,
} as const satisfies Pick<NamedPolicy, 'siteLicensing' | 'connectedApproval' | 'exchangeIntervalMs' | 'minimumConnectedSiteVersion'>;

/** What the vendor gives: an id and a name; every setting left out takes its default (docs/design.md, 3). */
export type PolicyInput = Pick<NamedPolicy, 'id' | 'name'> & Partial<Omit<NamedPolicy, 'id' | 'name'>>;

/**
 * Creates a policy, filling every setting left out from core's `defaultLicensingPolicy`.
 * An id already taken is CONFLICT, and nothing is written.
 *
 * @example
 * ```ts
 * await createPolicy(db, { id: 'standard', name: 'Standard' }, by); // 24 h tokens, 7 d / 48 h windows
 * ```
 */
export async function createPolicy(db: Db, input: PolicyInput, by: Actor): Promise<NamedPolicy> {
  const policy = withDefaults(input);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('policies')
      .values({
        id: policy.id,
        name: policy.name,
        kind: policy.kind,
        allow_offline: policy.allowOffline,
        max_activations: policy.maxActivations,
        enablement_token_ttl_ms: policy.enablementTokenTtlMs,
        cycle_window_from_first_lfr_ms: policy.cycleWindowFromFirstLfrMs,
        cycle_window_from_latest_lfr_ms: policy.cycleWindowFromLatestLfrMs,
        clock_skew_tolerance_ms: policy.clockSkewToleranceMs,
        expiring_soon_window_ms: policy.expiringSoonWindowMs,
        minimum_site_version: policy.minimumSiteVersion,
        max_offline_ms: policy.maxOfflineMs,
        offline_grace_ms: policy.offlineGraceMs,
        expiry_grace_ms: policy.expiryGraceMs,
        meter_allotment: policy.meterAllotment,
        meter_overage_percent: policy.meterOveragePercent,
        allow_virtual_machines: policy.allowVirtualMachines,
        site_licensing: policy.siteLicensing,
        connected_approval: policy.connectedApproval,
        exchange_interval_ms: policy.exchangeIntervalMs,
        minimum_connected_site_version: policy.minimumConnectedSiteVersion,
        created_at: by.now,
      })
      // Two replicas creating the same id at once: the second insert does nothing and says so.
      .onConflict((conflict) => conflict.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AirlockError('CONFLICT', { policy: policy.id });
    await recordAudit(trx, { ...by, action: 'policy.create', objectType: 'policy', objectId: policy.id, after: policy, at: by.now });
    return policy;
  });
}

/** Every policy, by id. */
export async function listPolicies(db: Db): Promise<NamedPolicy[]> {
  const rows = await db.selectFrom('policies').selectAll().orderBy('id').execute();
  return rows.map(namedPolicyOf);
}

/**
 * The policies list's sorts and search (README, "Lists: pages, sorts and search"): by id (the
 * default) or name; `q` is a prefix of the id or name. A vendor has few policies: the total is counted.
 */
export const POLICY_LIST: ListSpec<'id' | 'name'> = {
  id: 'policies.id',
  idType: 'text',
  sorts: {
    id: { expression: 'policies.id', type: 'text' },
    name: { expression: 'lower(policies.name) collate "C"', type: 'text' },
  },
  defaultSort: 'id',
  search: ['policies.id', 'lower(policies.name) collate "C"'],
  total: true,
};

/** One page of the licensing policies. */
export async function listPolicyPage(db: Db, paging: Paging): Promise<Page<NamedPolicy>> {
  const { rows, next, total } = await fetchPage(db.selectFrom('policies').selectAll(), POLICY_LIST, paging);
  return { items: rows.map(namedPolicyOf), next, ...(total === undefined ? {} : { total }) };
}

/**
 * The licensing rules of one policy, as the core's rules take them. NOT_FOUND when it does
 * not exist; null (a trial license whose offer names no policy, see docs/devices.md,
 * "Trials") is the core's `defaultLicensingPolicy`. Accepts a transaction, so a use case
 * reads the policy inside its own.
 *
 * @example
 * ```ts
 * const policy = await loadLicensingPolicy(trx, 'standard');
 * checkLfrAcceptance(facts, { ...history, policy });
 * ```
 */
export async function loadLicensingPolicy(db: Db, policyId: string | null): Promise<LicensingPolicy> {
  if (policyId === null) return defaultLicensingPolicy;
  const row = await db.selectFrom('policies').selectAll().where('id', '=', policyId).executeTakeFirst();
  if (!row) throw new AirlockError('NOT_FOUND', { policy: policyId });
  return licensingPolicyOf(row);
}

/**
 * The licensing rules a customer is held to: those of its policy. NOT_FOUND for an unknown
 * customer. One query.
 *
 * @example
 * ```ts
 * const { enablementTokenTtl, cycleWindowFromFirstLfr } = await policyForCustomer(db, 'acme');
 * ```
 */
export async function policyForCustomer(db: Db, customerId: string): Promise<LicensingPolicy> {
  const row = await db
    .selectFrom('customers')
    .innerJoin('policies', 'policies.id', 'customers.policy_id')
    .selectAll('policies')
    .where('customers.id', '=', customerId)
    .executeTakeFirst();
  if (!row) throw new AirlockError('NOT_FOUND', { customer: customerId });
  return licensingPolicyOf(row);
}

/** What a customer's policy says of its sites' modes and versions (docs/connected.md, "The policy"). */
export type SiteLicensingPolicy = Pick<
  NamedPolicy,
  'siteLicensing' | 'connectedApproval' | 'exchangeIntervalMs' | 'minimumConnectedSiteVersion' | 'minimumSiteVersion'
>;

/**
 * The connected-mode settings of a customer's policy, and the minimum site version every mode
 * needs: what an upload and an exchange over the link are held to. NOT_FOUND for an unknown
 * customer. One query; accepts a transaction.
 *
 * @example
 * ```ts
 * const { siteLicensing } = await siteLicensingPolicyForCustomer(trx, 'acme');
 * if (siteLicensing === 'files') throw new AirlockError('CONNECTED_MODE_NOT_ALLOWED', { customerId: 'acme' });
 * ```
 */
export async function siteLicensingPolicyForCustomer(db: Db, customerId: string): Promise<SiteLicensingPolicy> {
  const row = await db
    .selectFrom('customers')
    .innerJoin('policies', 'policies.id', 'customers.policy_id')
    .select(SITE_POLICY_COLUMNS)
    .where('customers.id', '=', customerId)
    .executeTakeFirst();
  if (!row) throw new AirlockError('NOT_FOUND', { customer: customerId });
  return sitePolicyOf(row);
}

/** The columns of `policies` a `SiteLicensingPolicy` is read from, for a query joining the customer to its policy. */
export const SITE_POLICY_COLUMNS = [
  'policies.site_licensing',
  'policies.connected_approval',
  'policies.exchange_interval_ms',
  'policies.minimum_connected_site_version',
  'policies.minimum_site_version',
] as const;

/** A row of `SITE_POLICY_COLUMNS` as the policy it states. */
export function sitePolicyOf(row: {
  readonly site_licensing: SiteLicensingPolicy['siteLicensing'];
  readonly connected_approval: SiteLicensingPolicy['connectedApproval'];
  readonly exchange_interval_ms: SiteLicensingPolicy['exchangeIntervalMs'];
  readonly minimum_connected_site_version: SiteLicensingPolicy['minimumConnectedSiteVersion'];
  readonly minimum_site_version: SiteLicensingPolicy['minimumSiteVersion'];
}): SiteLicensingPolicy {
  return {
    siteLicensing: row.site_licensing,
    connectedApproval: row.connected_approval,
    exchangeIntervalMs: row.exchange_interval_ms,
    minimumConnectedSiteVersion: row.minimum_connected_site_version,
    minimumSiteVersion: row.minimum_site_version,
  };
}

/**
 * The lowest site version a mode needs (docs/connected.md, "Versions"): every mode needs the
 * policy's `minimumSiteVersion`; the link (`link`) also needs `minimumConnectedSiteVersion`.
 * Null when any version will do.
 */
function requiredSiteVersion(policy: Pick<SiteLicensingPolicy, 'minimumSiteVersion' | 'minimumConnectedSiteVersion'>, via: 'file' | 'link'): string | null {
  const every = policy.minimumSiteVersion;
  const connected = via === 'link' ? policy.minimumConnectedSiteVersion : null;
  if (every === null || !isVersion(every)) return connected;
  if (connected === null || !isVersion(connected)) return every;
  return compareVersions(every, connected) >= 0 ? every : connected;
}

/**
 * Refuses a site below the version its mode needs: SITE_VERSION_TOO_OLD, whose `required`
 * names the version needed and `found` the site's (docs/errors.md).
 *
 * @example
 * ```ts
 * requireSiteVersion(claims.siteVersion, await siteLicensingPolicyForCustomer(trx, customerId), 'link');
 * ```
 */
export function requireSiteVersion(
  found: string,
  policy: Pick<SiteLicensingPolicy, 'minimumSiteVersion' | 'minimumConnectedSiteVersion'>,
  via: 'file' | 'link',
): void {
  const required = requiredSiteVersion(policy, via);
  if (required === null) return;
  if (!isVersion(found) || compareVersions(found, required) < 0) throw new AirlockError('SITE_VERSION_TOO_OLD', { required, found });
}

function withDefaults(input: PolicyInput): NamedPolicy {
  const defaults = defaultLicensingPolicy;
  return {
    id: input.id,
    name: input.name,
    kind: input.kind ?? defaults.kind,
    allowOffline: input.allowOffline ?? defaults.allowOffline,
    maxActivations: input.maxActivations === undefined ? defaults.maxActivations : input.maxActivations,
    enablementTokenTtlMs: input.enablementTokenTtlMs ?? defaults.enablementTokenTtl,
    cycleWindowFromFirstLfrMs: input.cycleWindowFromFirstLfrMs ?? defaults.cycleWindowFromFirstLfr,
    cycleWindowFromLatestLfrMs: input.cycleWindowFromLatestLfrMs ?? defaults.cycleWindowFromLatestLfr,
    clockSkewToleranceMs: input.clockSkewToleranceMs ?? defaults.clockSkewTolerance,
    expiringSoonWindowMs: input.expiringSoonWindowMs ?? defaults.expiringSoonWindow,
    minimumSiteVersion: input.minimumSiteVersion === undefined ? defaults.minimumSiteVersion : input.minimumSiteVersion,
    maxOfflineMs: input.maxOfflineMs === undefined ? defaults.maxOfflinePeriod : input.maxOfflineMs,
    offlineGraceMs: input.offlineGraceMs ?? defaults.offlineGracePeriod,
    expiryGraceMs: input.expiryGraceMs ?? defaults.expiryGracePeriod,
    meterAllotment: input.meterAllotment === undefined ? defaults.meterAllotment : input.meterAllotment,
    meterOveragePercent: input.meterOveragePercent ?? defaults.meterOveragePercent,
    allowVirtualMachines: input.allowVirtualMachines ?? defaults.allowVirtualMachines,
    siteLicensing: input.siteLicensing ?? connectedModeDefaults.siteLicensing,
    connectedApproval: input.connectedApproval ?? connectedModeDefaults.connectedApproval,
    exchangeIntervalMs: input.exchangeIntervalMs ?? connectedModeDefaults.exchangeIntervalMs,
    minimumConnectedSiteVersion:
      input.minimumConnectedSiteVersion === undefined ? connectedModeDefaults.minimumConnectedSiteVersion : input.minimumConnectedSiteVersion,
  };
}

function namedPolicyOf(row: Selectable<PolicyTable>): NamedPolicy {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    allowOffline: row.allow_offline,
    maxActivations: row.max_activations,
    enablementTokenTtlMs: row.enablement_token_ttl_ms,
    cycleWindowFromFirstLfrMs: row.cycle_window_from_first_lfr_ms,
    cycleWindowFromLatestLfrMs: row.cycle_window_from_latest_lfr_ms,
    clockSkewToleranceMs: row.clock_skew_tolerance_ms,
    expiringSoonWindowMs: row.expiring_soon_window_ms,
    minimumSiteVersion: row.minimum_site_version,
    maxOfflineMs: row.max_offline_ms,
    offlineGraceMs: row.offline_grace_ms,
    expiryGraceMs: row.expiry_grace_ms,
    meterAllotment: row.meter_allotment,
    meterOveragePercent: row.meter_overage_percent,
    allowVirtualMachines: row.allow_virtual_machines,
    siteLicensing: row.site_licensing,
    connectedApproval: row.connected_approval,
    exchangeIntervalMs: row.exchange_interval_ms,
    minimumConnectedSiteVersion: row.minimum_connected_site_version,
  };
}

function licensingPolicyOf(row: Selectable<PolicyTable>): LicensingPolicy {
  return Object.freeze({
    kind: row.kind,
    allowOffline: row.allow_offline,
    maxActivations: row.max_activations,
    enablementTokenTtl: row.enablement_token_ttl_ms,
    cycleWindowFromFirstLfr: row.cycle_window_from_first_lfr_ms,
    cycleWindowFromLatestLfr: row.cycle_window_from_latest_lfr_ms,
    clockSkewTolerance: row.clock_skew_tolerance_ms,
    expiringSoonWindow: row.expiring_soon_window_ms,
    minimumSiteVersion: row.minimum_site_version,
    maxOfflinePeriod: row.max_offline_ms,
    offlineGracePeriod: row.offline_grace_ms,
    expiryGracePeriod: row.expiry_grace_ms,
    meterAllotment: row.meter_allotment,
    meterOveragePercent: row.meter_overage_percent,
    allowVirtualMachines: row.allow_virtual_machines,
  });
}
