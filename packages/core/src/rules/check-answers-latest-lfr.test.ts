import { describe, expect, it } from 'vitest';
import { checkAnswersLatestLfr } from './check-answers-latest-lfr.ts';
import { initialCycleState, type LfrCycleState } from './lfr-cycle.ts';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const OPEN = { firstLfrAt: T0, latestLfrAt: T0, latestLfrId: 'lfr-b', sequence: 2 };
const STATE: LfrCycleState = { cycle: 3, open: OPEN, lockedSince: null };

describe('checkAnswersLatestLfr', () => {
  it("accepts an OLF answering the open cycle's latest LFR", () => {
    expect(checkAnswersLatestLfr(STATE, 'lfr-b')).toEqual({ ok: true, value: OPEN });
  });

  it('refuses an OLF answering an earlier LFR of the cycle', () => {
    expect(checkAnswersLatestLfr(STATE, 'lfr-a')).toEqual({
      ok: false,
      code: 'LFR_SUPERSEDED',
      detail: { answers: 'lfr-a', latestLfrId: 'lfr-b', cycle: 3, sequence: 2 },
    });
  });

  it('refuses when no LFR was ever made', () => {
    expect(checkAnswersLatestLfr(initialCycleState, 'lfr-b')).toEqual({ ok: false, code: 'NO_OPEN_CYCLE', detail: { cycle: 0 } });
  });

  it('refuses an OLF for a cycle already completed, its own included', () => {
    expect(checkAnswersLatestLfr({ cycle: 3, open: null, lockedSince: null }, 'lfr-b')).toEqual({
      ok: false,
      code: 'NO_OPEN_CYCLE',
      detail: { cycle: 3 },
    });
  });
});
