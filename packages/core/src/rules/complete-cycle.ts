import { accept, type Outcome } from '../errors/outcome.ts';
import type { LicensingPolicy } from '../policy/licensing-policy.ts';
import { checkAnswersLatestLfr } from './check-answers-latest-lfr.ts';
import { checkInstallWindow } from './check-install-window.ts';
import type { LfrCycleState } from './lfr-cycle.ts';

/**
 * The cycle state after installing the OLF that answers `answersLfrId` at `now` (docs/design.md, F2):
 * the cycle completes and any lock is lifted. Refused, with the state unchanged, unless the
 * OLF answers the open cycle's latest LFR (`NO_OPEN_CYCLE`, `LFR_SUPERSEDED`) and the windows
 * hold (`CYCLE_LOCKED`, `LFR_EXPIRED`), in that order: the windows checked are those of the
 * cycle the OLF answers, so which cycle that is comes first.
 *
 * @example
 * ```ts
 * const completed = completeCycle(state, { answersLfrId: olf.answers[0], now }, policy);
 * if (completed.ok) await store.saveCycle(completed.value);
 * ```
 */
export function completeCycle(
  state: LfrCycleState,
  olf: { readonly answersLfrId: string; readonly now: Date },
  policy: LicensingPolicy,
): Outcome<LfrCycleState> {
  const answers = checkAnswersLatestLfr(state, olf.answersLfrId);
  if (!answers.ok) return answers;
  const window = checkInstallWindow(state, olf.now, policy);
  if (!window.ok) return window;
  return accept({ cycle: state.cycle, open: null, lockedSince: null });
}
