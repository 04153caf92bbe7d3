import { compareNames, type TenantState } from '../state/site-state.ts';

/** One type's floating use as an LFR reports it (docs/floating.md, "What the vendor sees"). */
export interface FloatingUsage {
  readonly type: string;
  /** Leases held when the LFR is made. */
  readonly leases: number;
  /** Borrows held when the LFR is made. */
  readonly borrows: number;
  /** Per UTC day, oldest first: the most seats of the type in use at once (named and floating), and the borrows made. */
  readonly days: readonly { readonly day: string; readonly peak: number; readonly borrowed: number }[];
}

/** At most this many days in all go into one LFR: each type keeps its newest days when there are more. */
export const MAX_REPORTED_DAYS = 10_000;

/**
 * What a tenant's LFR reports of its floating seats: every type with days of use or seats held
 * now, in code-point order. The days are every day the tenant keeps (the last 400): an LFR
 * repeats what an earlier one said, and the authority keeps the highest peak per day, so an LFR
 * that never reached the vendor loses nothing.
 */
export function floatingUsageOf(tenant: TenantState): FloatingUsage[] {
  const types = new Set([...tenant.usageDays.keys(), ...tenant.floating.keys()]);
  if (types.size === 0) return [];
  const perType = Math.max(1, Math.floor(MAX_REPORTED_DAYS / types.size));
  const borrows = new Map<string, number>();
  for (const lease of tenant.leases.values()) if (lease.borrowUntil !== null) borrows.set(lease.type, (borrows.get(lease.type) ?? 0) + 1);
  return [...types].sort(compareNames).map((type) => {
    const days = [...(tenant.usageDays.get(type) ?? new Map<string, { peak: number; borrowed: number }>())]
      .sort(([a], [b]) => compareNames(a, b))
      .slice(-perType)
      .map(([day, use]) => ({ day, peak: use.peak, borrowed: use.borrowed }));
    const borrowed = borrows.get(type) ?? 0;
    return { type, leases: (tenant.floating.get(type) ?? 0) - borrowed, borrows: borrowed, days };
  });
}
