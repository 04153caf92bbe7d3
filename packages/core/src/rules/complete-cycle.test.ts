import { describe, expect, it } from 'vitest';
import { licensingPolicy } from '../policy/licensing-policy.ts';
import { addDuration, days, hours, minutes } from '../time/duration.ts';
import { completeCycle } from './complete-cycle.ts';
import { initialCycleState, type LfrCycleState } from './lfr-cycle.ts';
import { recordLfr } from './record-lfr.ts';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const policy = licensingPolicy();
const STATE: LfrCycleState = {
  cycle: 2,
  open: { firstLfrAt: T0, latestLfrAt: T0, latestLfrId: 'lfr-b', sequence: 2 },
  lockedSince: null,
};

describe('completeCycle', () => {
  it('completes the cycle with the OLF answering its latest LFR, within the windows', () => {
    expect(completeCycle(STATE, { answersLfrId: 'lfr-b', now: addDuration(T0, hours(1)) }, policy)).toEqual({
      ok: true,
      value: { cycle: 2, open: null, lockedSince: null },
    });
  });

  it('lifts a lock carried over from a lapsed cycle', () => {
    const locked = recordLfr(STATE, { id: 'lfr-c', at: addDuration(T0, days(9)) }, policy);
    expect(locked.lockedSince).toEqual(addDuration(T0, days(7)));
    expect(completeCycle(locked, { answersLfrId: 'lfr-c', now: addDuration(T0, days(9) + minutes(1)) }, policy)).toEqual({
      ok: true,
      value: { cycle: 3, open: null, lockedSince: null },
    });
  });

  it('refuses with no open cycle', () => {
    expect(completeCycle(initialCycleState, { answersLfrId: 'lfr-b', now: T0 }, policy)).toEqual({
      ok: false,
      code: 'NO_OPEN_CYCLE',
      detail: { cycle: 0 },
    });
  });

  it('names a superseded LFR before the closed window: which cycle comes before whose windows', () => {
    const now = addDuration(T0, days(8));
    expect(completeCycle(STATE, { answersLfrId: 'lfr-a', now }, policy)).toEqual({
      ok: false,
      code: 'LFR_SUPERSEDED',
      detail: { answers: 'lfr-a', latestLfrId: 'lfr-b', cycle: 2, sequence: 2 },
    });
  });

  it('refuses the right OLF once the window has closed', () => {
    const now = addDuration(T0, hours(48));
    expect(completeCycle(STATE, { answersLfrId: 'lfr-b', now }, policy)).toEqual({
      ok: false,
      code: 'LFR_EXPIRED',
      detail: { cycle: 2, latestLfrId: 'lfr-b', latestLfrAt: T0.toISOString(), expiredAt: now.toISOString(), now: now.toISOString() },
    });
  });
});
