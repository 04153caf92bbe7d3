import type { LicensingPolicy } from '../policy/licensing-policy.ts';
import { cycleDeadlines, lockedSince, type LfrCycleState } from './lfr-cycle.ts';

/**
 * The cycle state after the site makes an LFR with this id at this instant (docs/design.md, F2).
 * - No cycle open (first LFR ever, or the last cycle completed): opens the next cycle, sequence 1.
 * - A cycle open and not lapsed: the LFR supersedes all earlier ones (sequence + 1), even after
 *   its latest LFR expired: regenerating is how an admin recovers from `LFR_EXPIRED`.
 * - A cycle open but lapsed (its first LFR is `cycleWindowFromFirstLfr` old): opens the next
 *   cycle, and the lock carries over until that cycle completes.
 * The LFR's cycle and sequence numbers are read from the returned state.
 *
 * @example
 * ```ts
 * const next = recordLfr(state, { id: lfr.jti, at: now }, policy);
 * // next.cycle and next.open.sequence go into the LFR
 * ```
 */
export function recordLfr(state: LfrCycleState, lfr: { readonly id: string; readonly at: Date }, policy: LicensingPolicy): LfrCycleState {
  const open = state.open;
  if (open && lfr.at < cycleDeadlines(open, policy).locksAt) {
    return { ...state, open: { ...open, latestLfrAt: lfr.at, latestLfrId: lfr.id, sequence: open.sequence + 1 } };
  }
  return {
    cycle: state.cycle + 1,
    open: { firstLfrAt: lfr.at, latestLfrAt: lfr.at, latestLfrId: lfr.id, sequence: 1 },
    lockedSince: lockedSince(state, lfr.at, policy),
  };
}
