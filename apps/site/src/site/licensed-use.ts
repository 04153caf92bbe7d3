import { checkLicensed, checkFeature, checkSiteSound, decideCheckout, decideConsume } from '../rules/enforcement.ts';
import { must, type SiteContext } from './site-context.ts';

/**
 * What licensed applications ask the site for (docs/design.md, F3): a feature check, a seat check-out and
 * release, a consumption. Each decides synchronously on the live state and, when it changes
 * something, appends to the ledger in the same tick and answers only once the record is on
 * disk: acknowledged means durable. Two requests can never both take the last seat, because
 * the second one already sees the first's assignment.
 */

export interface FeatureCheck {
  readonly tenant: string;
  readonly feature: string;
  readonly granted: true;
}

export interface SeatCheckout {
  readonly tenant: string;
  readonly type: string;
  readonly user: string;
  /** False when the user already held a seat of the type: a check-out never takes a second one. */
  readonly assigned: boolean;
  readonly used: number;
  readonly limit: number;
}

export interface SeatRelease {
  readonly tenant: string;
  readonly type: string;
  readonly user: string;
  /** False when the user held no seat of the type (releasing is idempotent). */
  readonly released: boolean;
  readonly used: number;
}

export interface Consumption {
  readonly tenant: string;
  readonly meter: string;
  readonly amount: number;
  readonly total: number;
  readonly limit: number;
}

/**
 * Whether the tenant's license grants a feature now. Read-only and synchronous: the hot path.
 * It reads the live state without waiting for writes under way: a license whose install is
 * still being written is already in force here, which matters only if that very write fails
 * (the site then refuses every change until it restarts).
 *
 * @example
 * ```ts
 * checkFeatureNow(context, 'default', 'export'); // { tenant: 'default', feature: 'export', granted: true }, or throws
 * ```
 */
export function checkFeatureNow(context: SiteContext, tenantId: string, feature: string): FeatureCheck {
  const tenant = must(checkLicensed(context.journal.live.tenants.get(tenantId), tenantId, context.conditions()));
  must(checkFeature(tenant, feature));
  return { tenant: tenantId, feature, granted: true };
}

/**
 * Checks out a seat of a type for a user: refused as `checkLicensed` says, then
 * `LICENSE_TYPE_NOT_LICENSED` or `SEAT_LIMIT_REACHED`; a user holding a seat keeps it.
 *
 * @example
 * ```ts
 * await checkoutSeat(context, 'default', 'bot-runner', 'ana'); // { assigned: true, used: 0, limit: 5, ... }
 * ```
 */
export async function checkoutSeat(context: SiteContext, tenantId: string, type: string, user: string): Promise<SeatCheckout> {
  const tenant = must(checkLicensed(context.journal.live.tenants.get(tenantId), tenantId, context.conditions()));
  const decision = must(decideCheckout(tenant, type, user));
  if (decision.held) {
    // The seat may be in a write still under way: answer once it is durable.
    await context.journal.durable();
    return { tenant: tenantId, type, user, assigned: false, used: decision.used, limit: decision.limit };
  }
  must(context.journal.writable());
  await context.journal.record([{ t: 'seat-assigned', tenant: tenantId, type, user }]);
  return { tenant: tenantId, type, user, assigned: true, used: decision.used + 1, limit: decision.limit };
}

/**
 * Releases a user's seat of a type. Allowed whatever the license's state (freeing a seat is
 * always right), but not on a ledger that failed verification or with the clock set back.
 */
export async function releaseSeat(context: SiteContext, tenantId: string, type: string, user: string): Promise<SeatRelease> {
  const tenant = context.tenant(tenantId);
  must(checkSiteSound(context.conditions()));
  const users = tenant.seats.get(type);
  if (!users?.has(user)) {
    await context.journal.durable();
    return { tenant: tenantId, type, user, released: false, used: users?.size ?? 0 };
  }
  must(context.journal.writable());
  await context.journal.record([{ t: 'seat-released', tenant: tenantId, type, user }]);
  return { tenant: tenantId, type, user, released: true, used: context.tenant(tenantId).seats.get(type)?.size ?? 0 };
}

/**
 * Records consumption of a meter: refused as `checkLicensed` says, then
 * `LICENSE_TYPE_NOT_LICENSED` or `METER_LIMIT_REACHED` (all or nothing).
 */
export async function consumeMeter(context: SiteContext, tenantId: string, meter: string, amount: number): Promise<Consumption> {
  const tenant = must(checkLicensed(context.journal.live.tenants.get(tenantId), tenantId, context.conditions()));
  const decision = must(decideConsume(tenant, meter, amount));
  must(context.journal.writable());
  await context.journal.record([{ t: 'meter-consumed', tenant: tenantId, meter, amount }]);
  return { tenant: tenantId, meter, amount, total: decision.total, limit: decision.limit };
}
