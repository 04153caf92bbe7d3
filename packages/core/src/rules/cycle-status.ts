import type { LicensingPolicy } from '../policy/licensing-policy.ts';
import { cycleDeadlines, lockedSince, type CycleDeadlines, type LfrCycleState } from './lfr-cycle.ts';

/**
 * - `idle`: no cycle open (no LFR yet, or the last cycle completed);
 * - `awaiting-olf`: an LFR waits for its OLF, within both windows;
 * - `lfr-expired`: the latest LFR is too old to answer but the site is not locked: regenerate it;
 * - `locked`: a cycle lapsed; licensed work is refused until a new cycle completes.
 */
export type CycleStatus = 'idle' | 'awaiting-olf' | 'lfr-expired' | 'locked';

/** Where a site tenant's LFR cycle stands: its status, number, latest sequence, lock and deadlines. */
export interface CycleStatusReport {
  readonly status: CycleStatus;
  readonly cycle: number;
  /** Sequence of the open cycle's latest LFR, null when none is open. */
  readonly sequence: number | null;
  readonly lockedSince: Date | null;
  /** The open cycle's deadlines, also while locked (a new cycle may be under way), else null. */
  readonly deadlines: CycleDeadlines | null;
}

/**
 * Where the site's cycle stands at `now`, with every deadline. `locked` wins over the other
 * states because it is the one that stops licensed work; the open cycle's deadlines are still
 * given, since completing it is how the lock is lifted.
 *
 * @example
 * ```ts
 * cycleStatus(state, now, policy);
 * // { status: 'awaiting-olf', cycle: 2, sequence: 1, lockedSince: null, deadlines: { installBefore, ... } }
 * ```
 */
export function cycleStatus(state: LfrCycleState, now: Date, policy: LicensingPolicy): CycleStatusReport {
  const locked = lockedSince(state, now, policy);
  const open = state.open;
  const deadlines = open ? cycleDeadlines(open, policy) : null;
  const report = { cycle: state.cycle, sequence: open?.sequence ?? null, lockedSince: locked, deadlines };
  if (locked) return { status: 'locked', ...report };
  if (!deadlines) return { status: 'idle', ...report };
  if (now >= deadlines.lfrExpiresAt) return { status: 'lfr-expired', ...report };
  return { status: 'awaiting-olf', ...report };
}
