import { accept, refuse, type Outcome } from '../errors/outcome.ts';
import type { LicensingPolicy } from '../policy/licensing-policy.ts';
import { cycleDeadlines, type CycleDeadlines, type LfrCycleState } from './lfr-cycle.ts';

/**
 * Checks that an OLF may still be installed in the open cycle at `now` (docs/design.md, F2), accepting
 * with the cycle's deadlines.
 *
 * Precedence, first failure wins:
 * 1. `NO_OPEN_CYCLE`: there is no window to check.
 * 2. `CYCLE_LOCKED` (now ≥ first LFR + `cycleWindowFromFirstLfr`): before `LFR_EXPIRED`, which
 *    is always also true by then unless LFRs kept coming, because it is the graver state:
 *    licensed work is refused, and a new LFR opens a new cycle instead of renewing this one.
 * 3. `LFR_EXPIRED` (now ≥ latest LFR + `cycleWindowFromLatestLfr`): not locked yet, the admin
 *    regenerates the LFR within the same cycle.
 *
 * @example
 * ```ts
 * const window = checkInstallWindow(state, now, policy);
 * if (window.ok) console.log('install before', window.value.installBefore);
 * ```
 */
export function checkInstallWindow(state: LfrCycleState, now: Date, policy: LicensingPolicy): Outcome<CycleDeadlines> {
  const open = state.open;
  if (!open) return refuse('NO_OPEN_CYCLE', { cycle: state.cycle });
  const deadlines = cycleDeadlines(open, policy);
  if (now >= deadlines.locksAt) {
    return refuse('CYCLE_LOCKED', {
      cycle: state.cycle,
      firstLfrAt: deadlines.firstLfrAt.toISOString(),
      lockedAt: deadlines.locksAt.toISOString(),
      now: now.toISOString(),
    });
  }
  if (now >= deadlines.lfrExpiresAt) {
    return refuse('LFR_EXPIRED', {
      cycle: state.cycle,
      latestLfrId: open.latestLfrId,
      latestLfrAt: deadlines.latestLfrAt.toISOString(),
      expiredAt: deadlines.lfrExpiresAt.toISOString(),
      now: now.toISOString(),
    });
  }
  return accept(deadlines);
}
