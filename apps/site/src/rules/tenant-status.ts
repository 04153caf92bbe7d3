import { AirlockError, siteLicenseStatus, type CycleDeadlines, type SiteLicenseState } from '@airlock/core';
import type { InstalledToken } from '../state/site-events.ts';
import { activatedLicensePeriod, activatedLicenseStatus, tenantOnDay, type ActivatedLicenseStatus } from './activated-license-terms.ts';
import { compareNames, type TenantState } from '../state/site-state.ts';
import { checkSiteSound, type SiteConditions } from './enforcement.ts';
import { tenantPolicy } from './tenant-policy.ts';

/** A deadline and the time left until it (ms, negative once passed). */
export interface Deadline {
  readonly at: string;
  readonly left: number;
}

/** What a site admin is shown for one tenant (docs/design.md, F3): every date as ISO 8601. */
export interface TenantStatus {
  readonly tenant: string;
  readonly registrationKey: string;
  readonly now: string;
  /** The core's headline, or `rebaseline-required` for a tenant restored from a backup that the vendor has not re-baselined yet. */
  readonly status: SiteLicenseState | 'rebaseline-required';
  /** A restore from a backup awaiting the vendor: the heads, the records lost, and what to do. */
  readonly rebaseline: {
    readonly reached: { readonly sequence: number; readonly head: string };
    readonly restored: { readonly sequence: number; readonly head: string };
    readonly lost: number;
    readonly next: string;
  } | null;
  /** Why the site is `tampered`: the ledger's problem or the clock set back, with its code. */
  readonly tampered: { readonly code: string; readonly detail: Readonly<Record<string, unknown>> } | null;
  readonly enablement: {
    readonly tokenId: string;
    readonly customerId: string;
    readonly installedAt: string;
    readonly minimumSiteVersion: string | null;
  } | null;
  readonly license: {
    readonly olfId: string;
    readonly answersLfr: string;
    readonly cycle: number;
    readonly startsOn: string;
    readonly endsOn: string;
    readonly installedAt: string;
    readonly expires: Deadline;
    readonly expiringSoonFrom: string;
  } | null;
  /** The activated license in force (docs/design.md, F5), when the tenant is licensed by orders: its items by kind, with their expiries. */
  readonly activatedLicense: ActivatedLicenseStatus | null;
  readonly cycle: {
    readonly status: string;
    readonly cycle: number;
    readonly sequence: number | null;
    readonly latestLfrId: string | null;
    readonly lockedSince: string | null;
    /** Every deadline of the open cycle, with the time left: null when none is open. */
    readonly deadlines: {
      readonly firstLfrAt: string;
      readonly latestLfrAt: string;
      readonly lfrExpires: Deadline;
      readonly locks: Deadline;
      readonly installBefore: Deadline;
    } | null;
  };
  readonly seats: { readonly type: string; readonly used: number; readonly limit: number; readonly users: string[] }[];
  readonly meters: { readonly meter: string; readonly used: number; readonly limit: number }[];
  readonly features: { readonly feature: string; readonly granted: boolean }[];
}

/**
 * The status of one tenant, from the core's `siteLicenseStatus` (whose precedence decides the
 * headline: tampered, locked, expired, awaiting an OLF, unlicensed, expiring soon, active),
 * with every deadline and the time left, and the use of each seat type and meter.
 * Seat types in use but no longer licensed are listed with limit 0.
 *
 * @example
 * ```ts
 * tenantStatus(tenant, conditions).status; // 'awaiting-olf'
 * ```
 */
export function tenantStatus(tenant: TenantState, conditions: SiteConditions): TenantStatus {
  const { now } = conditions;
  const sound = checkSiteSound(conditions);
  const policy = tenantPolicy(tenant.token);
  const license = tenant.license;
  const outcome = siteLicenseStatus({
    now,
    license: license ? { startsOn: license.start, endsOn: license.end } : tenant.activated ? activatedLicensePeriod(tenant.activated) : null,
    cycle: tenant.cycle,
    tampered: !sound.ok,
    policy,
  });
  // The dates come from a verified OLF whose terms were checked when it was opened.
  if (!outcome.ok) throw new AirlockError(outcome.code, outcome.detail);
  const { status, cycle } = outcome.value;
  const period = outcome.value.license;
  const deadline = (at: Date): Deadline => ({ at: at.toISOString(), left: at.getTime() - now.getTime() });
  return {
    tenant: tenant.id,
    registrationKey: tenant.rk,
    now: now.toISOString(),
    // A site that cannot be relied on says so first; a restore awaiting the vendor comes next.
    status: sound.ok && tenant.restore ? 'rebaseline-required' : status,
    rebaseline: tenant.restore
      ? {
          reached: tenant.restore.reached,
          restored: tenant.restore.restored,
          lost: tenant.restore.reached.sequence - tenant.restore.restored.sequence,
          next: 'Generate an LFR: it states the restore. The vendor accepts it, and the OLF that answers it re-baselines the tenant.',
        }
      : null,
    tampered: sound.ok ? null : { code: sound.code, detail: sound.detail },
    enablement: enablementOf(tenant.token),
    license:
      license && period
        ? {
            olfId: license.olfId,
            answersLfr: license.lfrId,
            cycle: license.cycle,
            startsOn: license.start,
            endsOn: license.end,
            installedAt: new Date(license.installedAt).toISOString(),
            expires: deadline(period.expiresAt),
            expiringSoonFrom: period.expiringSoonFrom.toISOString(),
          }
        : null,
    activatedLicense: tenant.activated ? activatedLicenseStatus(tenant.activated, now) : null,
    cycle: {
      status: cycle.status,
      cycle: cycle.cycle,
      sequence: cycle.sequence,
      latestLfrId: tenant.cycle.open?.latestLfrId ?? null,
      lockedSince: cycle.lockedSince?.toISOString() ?? null,
      deadlines: cycle.deadlines ? deadlinesOf(cycle.deadlines, deadline) : null,
    },
    ...usageOf(tenantOnDay(tenant, now)),
  };
}

function enablementOf(token: InstalledToken | null): TenantStatus['enablement'] {
  if (!token) return null;
  return {
    tokenId: token.id,
    customerId: token.customerId,
    installedAt: new Date(token.installedAt).toISOString(),
    minimumSiteVersion: token.minimumSiteVersion,
  };
}

function deadlinesOf(deadlines: CycleDeadlines, deadline: (at: Date) => Deadline): NonNullable<TenantStatus['cycle']['deadlines']> {
  return {
    firstLfrAt: deadlines.firstLfrAt.toISOString(),
    latestLfrAt: deadlines.latestLfrAt.toISOString(),
    lfrExpires: deadline(deadlines.lfrExpiresAt),
    locks: deadline(deadlines.locksAt),
    installBefore: deadline(deadlines.installBefore),
  };
}

/** Seats per type (licensed types first, by name, then unlicensed types still in use) and meters. */
export function usageOf(tenant: TenantState): Pick<TenantStatus, 'seats' | 'meters' | 'features'> {
  const grants = [...tenant.grants.values()].sort((a, b) => compareNames(a.type, b.type));
  const seatUsers = (type: string) => [...(tenant.seats.get(type)?.keys() ?? [])].sort(compareNames);
  // An activated license's grant has no category: it is listed where it is in use (seats held, a meter consumed).
  const licensedSeats = grants
    .filter((grant) => grant.category === 'seat' || (grant.category === null && (tenant.seats.get(grant.type)?.size ?? 0) > 0))
    .map((grant) => grant.type);
  const unlicensedSeats = [...tenant.seats.keys()]
    .filter((type) => !licensedSeats.includes(type) && (tenant.seats.get(type)?.size ?? 0) > 0)
    .sort(compareNames);
  const licensedMeters = grants
    .filter((grant) => grant.category === 'meter' || (grant.category === null && tenant.meters.has(grant.type)))
    .map((grant) => grant.type);
  const unlicensedMeters = [...tenant.meters.keys()].filter((meter) => !licensedMeters.includes(meter)).sort(compareNames);
  const quantity = (type: string) => tenant.grants.get(type)?.quantity ?? 0;
  return {
    seats: [...licensedSeats, ...unlicensedSeats].map((type) => {
      const users = seatUsers(type);
      return { type, used: users.length, limit: licensedSeats.includes(type) ? quantity(type) : 0, users };
    }),
    meters: [...licensedMeters, ...unlicensedMeters].map((meter) => ({
      meter,
      used: tenant.meters.get(meter) ?? 0,
      limit: licensedMeters.includes(meter) ? quantity(meter) : 0,
    })),
    features: grants.filter((grant) => grant.category === 'feature').map((grant) => ({ feature: grant.type, granted: grant.quantity > 0 })),
  };
}
