import type { LicensingPolicy } from '../policy/licensing-policy.ts';
import { addDuration } from '../time/duration.ts';

/**
 * The LFR → OLF cycle of one site tenant (docs/design.md, F2), as plain data a store can keep as is.
 * Transitions are `recordLfr` and `completeCycle`; everything time-dependent (deadlines, the
 * lock) is derived from this state and `now`, never stored, so no timer has to fire.
 */
export interface LfrCycleState {
  /** Number of the latest cycle opened; 0 before the site's first LFR. */
  readonly cycle: number;
  /** The cycle waiting for its OLF, or null when none is open (no LFR yet, or the last one completed). */
  readonly open: OpenCycle | null;
  /**
   * When the site locked, if an earlier cycle lapsed and no cycle has completed since. The
   * lock of the open cycle itself is derived from its deadlines (see `lockedSince`).
   */
  readonly lockedSince: Date | null;
}

/** The open cycle: its first LFR fixes the hard deadline, its latest LFR is the only one an OLF may answer. */
export interface OpenCycle {
  readonly firstLfrAt: Date;
  readonly latestLfrAt: Date;
  readonly latestLfrId: string;
  /** 1 for the cycle's first LFR, +1 for each LFR that supersedes the previous ones. */
  readonly sequence: number;
}

/** Every instant of an open cycle, so an admin can see the time left. Deadlines are exclusive. */
export interface CycleDeadlines {
  readonly firstLfrAt: Date;
  readonly latestLfrAt: Date;
  /** From this instant the latest LFR can no longer be answered: make a new one (latest + 48 h). */
  readonly lfrExpiresAt: Date;
  /** From this instant the site is locked unless this cycle's OLF was installed (first + 7 d). */
  readonly locksAt: Date;
  /** The OLF must be installed before this instant: the earlier of the two above. */
  readonly installBefore: Date;
}

/** A site that has never made an LFR. */
export const initialCycleState: LfrCycleState = Object.freeze({ cycle: 0, open: null, lockedSince: null });

/**
 * The deadlines of an open cycle under a policy's windows.
 *
 * @example
 * ```ts
 * const { installBefore } = cycleDeadlines(state.open, policy);
 * // min(firstLfrAt + 7 d, latestLfrAt + 48 h) with the default policy
 * ```
 */
export function cycleDeadlines(open: OpenCycle, policy: LicensingPolicy): CycleDeadlines {
  const lfrExpiresAt = addDuration(open.latestLfrAt, policy.cycleWindowFromLatestLfr);
  const locksAt = addDuration(open.firstLfrAt, policy.cycleWindowFromFirstLfr);
  const installBefore = lfrExpiresAt < locksAt ? lfrExpiresAt : locksAt;
  return { firstLfrAt: open.firstLfrAt, latestLfrAt: open.latestLfrAt, lfrExpiresAt, locksAt, installBefore };
}

/**
 * When the site locked, or null if it is not locked at `now`: an earlier lapsed cycle's lock
 * (kept until a cycle completes), else the open cycle's `locksAt` once `now` reaches it.
 *
 * @example
 * ```ts
 * lockedSince(state, now, policy); // Date of the lock, or null
 * ```
 */
export function lockedSince(state: LfrCycleState, now: Date, policy: LicensingPolicy): Date | null {
  if (state.lockedSince) return state.lockedSince;
  if (!state.open) return null;
  const { locksAt } = cycleDeadlines(state.open, policy);
  return now >= locksAt ? locksAt : null;
}

/**
 * True when licensed work must be refused because a cycle lapsed (docs/design.md, F2).
 *
 * @example
 * ```ts
 * if (isLocked(state, now, policy)) return refuse('CYCLE_LOCKED', { ... });
 * ```
 */
export function isLocked(state: LfrCycleState, now: Date, policy: LicensingPolicy): boolean {
  return lockedSince(state, now, policy) !== null;
}
