import { compareNames, daysAfter, lastDayOf, seatsInUse, USAGE_DAYS, utcDayOf, type DayUse, type TenantState } from '../state/site-state.ts';

const DAY = 86_400_000;

/** One type's days of use, oldest first: the most seats in use at once (named and floating), and the borrows made. */
export interface TypeDays {
  readonly type: string;
  readonly days: { readonly day: string; readonly peak: number; readonly borrowed: number }[];
}

/** One type's floating use as an LFR reports it (docs/floating.md, "What the vendor sees"). */
export interface FloatingUsage {
  readonly type: string;
  /** Leases held when the LFR is made. */
  readonly leases: number;
  /** Borrows held when the LFR is made. */
  readonly borrows: number;
  readonly days: TypeDays['days'];
}

/** At most this many days in all go into one LFR: each type keeps its newest days when there are more. */
const MAX_REPORTED_DAYS = 10_000;

/**
 * Per type, the days noted in the state and, after the last of them up to today, the days that
 * held the seats in use now all day long (nothing was taken or freed since: docs/floating.md,
 * What the vendor sees).
 */
export function usageDaysOf(tenant: TenantState, now: Date): TypeDays[] {
  const types = new Set([...tenant.usageDays.keys(), ...tenant.seats.keys(), ...tenant.floating.keys()]);
  const today = utcDayOf(now.getTime());
  const oldest = utcDayOf(now.getTime() - (USAGE_DAYS - 1) * DAY);
  return [...types].sort(compareNames).flatMap((type) => {
    const days = tenant.usageDays.get(type) ?? new Map<string, DayUse>();
    const noted = [...days].sort(([a], [b]) => compareNames(a, b)).map(([day, use]) => ({ day, peak: use.peak, borrowed: use.borrowed }));
    const inUse = seatsInUse(tenant, type);
    const carried = inUse === 0 ? [] : daysAfter(lastDayOf(days), today, oldest).map((day) => ({ day, peak: inUse, borrowed: 0 }));
    return noted.length + carried.length === 0 ? [] : [{ type, days: [...noted, ...carried] }];
  });
}

/**
 * What a tenant's LFR reports of its floating seats: every type with days of use or seats held
 * now, in code-point order, with the days its administrators see (`usageDaysOf`: the last 400,
 * up to today). An LFR repeats what an earlier one said, and the authority keeps the highest
 * peak per day, so an LFR that never reached the vendor loses nothing.
 */
export function floatingUsageOf(tenant: TenantState, now: Date): FloatingUsage[] {
  const days = new Map(usageDaysOf(tenant, now).map((line) => [line.type, line.days]));
  const types = new Set([...days.keys(), ...tenant.floating.keys()]);
  if (types.size === 0) return [];
  const perType = Math.max(1, Math.floor(MAX_REPORTED_DAYS / types.size));
  const borrows = new Map<string, number>();
  for (const lease of tenant.leases.values()) if (lease.borrowUntil !== null) borrows.set(lease.type, (borrows.get(lease.type) ?? 0) + 1);
  return [...types].sort(compareNames).map((type) => {
    const borrowed = borrows.get(type) ?? 0;
    return { type, leases: (tenant.floating.get(type) ?? 0) - borrowed, borrows: borrowed, days: (days.get(type) ?? []).slice(-perType) };
  });
}
