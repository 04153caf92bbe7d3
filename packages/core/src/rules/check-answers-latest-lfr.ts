import { accept, refuse, type Outcome } from '../errors/outcome.ts';
import type { LfrCycleState, OpenCycle } from './lfr-cycle.ts';

/**
 * Checks that an OLF answers the latest LFR of the open cycle (docs/design.md, F2): `NO_OPEN_CYCLE`
 * when none is open (no LFR yet, or this cycle already completed), `LFR_SUPERSEDED` when it
 * answers any other LFR, an earlier one of this cycle or one of a past cycle alike.
 *
 * @example
 * ```ts
 * checkAnswersLatestLfr(state, olf.answers[0]);
 * // { ok: false, code: 'LFR_SUPERSEDED', detail: { answers: 'lfr-1', latestLfrId: 'lfr-2', cycle: 3, sequence: 2 } }
 * ```
 */
export function checkAnswersLatestLfr(state: LfrCycleState, answersLfrId: string): Outcome<OpenCycle> {
  const open = state.open;
  if (!open) return refuse('NO_OPEN_CYCLE', { cycle: state.cycle });
  if (answersLfrId !== open.latestLfrId) {
    return refuse('LFR_SUPERSEDED', {
      answers: answersLfrId,
      latestLfrId: open.latestLfrId,
      cycle: state.cycle,
      sequence: open.sequence,
    });
  }
  return accept(open);
}
