import { AirlockError } from '@airlock/core';
import type { Actor } from '../state/site-events.ts';
import { compareNames } from '../state/site-state.ts';
import type { SiteContext } from './site-context.ts';

/** What de-provisioning a user freed. */
export interface Deprovisioning {
  readonly tenant: string;
  readonly user: string;
  /** The seat types whose seat the user held and no longer holds, sorted. */
  readonly freed: string[];
}

export interface Reassignment {
  readonly tenant: string;
  readonly type: string;
  readonly from: string;
  readonly to: string;
}

/**
 * De-provisions a user from a tenant: every seat it holds is freed — what an admin does before
 * installing an OLF with fewer seats (docs/design.md, F2). Allowed whatever the license's state: it is how
 * a refused reduction is cured. A user holding nothing frees nothing and records nothing.
 *
 * @example
 * ```ts
 * await deprovisionUser(context, 'default', 'bo', 'site-admin'); // { freed: ['bot-runner'], ... }
 * ```
 */
export async function deprovisionUser(context: SiteContext, tenantId: string, user: string, by: Actor): Promise<Deprovisioning> {
  const { tenant } = context.beginChange(tenantId);
  const freed = [...tenant.seats]
    .filter(([, users]) => users.has(user))
    .map(([type]) => type)
    .sort(compareNames);
  if (freed.length === 0) {
    await context.journal.durable();
    return { tenant: tenantId, user, freed };
  }
  await context.journal.record([{ t: 'user-deprovisioned', tenant: tenantId, user, by }]);
  return { tenant: tenantId, user, freed };
}

/**
 * Moves a user's seat of a type to another user, who holds none: the count does not change, so
 * it is allowed whatever the license's state. `SEAT_NOT_HELD` when `from` holds no seat of the
 * type, `CONFLICT` when `to` already holds one (or is `from`).
 */
export async function reassignSeat(context: SiteContext, tenantId: string, type: string, from: string, to: string, by: Actor): Promise<Reassignment> {
  const { tenant } = context.beginChange(tenantId);
  const users = tenant.seats.get(type);
  if (!users?.has(from)) throw new AirlockError('SEAT_NOT_HELD', { tenant: tenantId, type, user: from });
  if (users.has(to)) throw new AirlockError('CONFLICT', { reason: `${to} already holds a seat of ${type}`, type, user: to });
  await context.journal.record([{ t: 'seat-reassigned', tenant: tenantId, type, from, to, by }]);
  return { tenant: tenantId, type, from, to };
}
