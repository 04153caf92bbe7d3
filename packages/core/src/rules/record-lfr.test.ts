import { describe, expect, it } from 'vitest';
import { licensingPolicy } from '../policy/licensing-policy.ts';
import { addDuration, days, hours, minutes, type Milliseconds } from '../time/duration.ts';
import { initialCycleState, type LfrCycleState } from './lfr-cycle.ts';
import { recordLfr } from './record-lfr.ts';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (offset: Milliseconds): Date => addDuration(T0, offset);
const policy = licensingPolicy();
const FIRST: LfrCycleState = { cycle: 1, open: { firstLfrAt: T0, latestLfrAt: T0, latestLfrId: 'lfr-a', sequence: 1 }, lockedSince: null };

describe('recordLfr', () => {
  it("opens cycle 1 with the site's first LFR", () => {
    expect(recordLfr(initialCycleState, { id: 'lfr-a', at: T0 }, policy)).toEqual(FIRST);
  });

  it('supersedes the earlier LFRs of the open cycle: sequence + 1, the latest replaced, the first kept', () => {
    expect(recordLfr(FIRST, { id: 'lfr-b', at: at(hours(3)) }, policy)).toEqual({
      cycle: 1,
      open: { firstLfrAt: T0, latestLfrAt: at(hours(3)), latestLfrId: 'lfr-b', sequence: 2 },
      lockedSince: null,
    });
  });

  it('regenerates within the same cycle after the latest LFR expired, before the 7 days', () => {
    expect(recordLfr(FIRST, { id: 'lfr-b', at: at(days(3)) }, policy)).toEqual({
      cycle: 1,
      open: { firstLfrAt: T0, latestLfrAt: at(days(3)), latestLfrId: 'lfr-b', sequence: 2 },
      lockedSince: null,
    });
  });

  it('stays in the same cycle one minute before 7 days after its first LFR', () => {
    const now = at(days(7) - minutes(1));
    expect(recordLfr(FIRST, { id: 'lfr-b', at: now }, policy)).toEqual({
      cycle: 1,
      open: { firstLfrAt: T0, latestLfrAt: now, latestLfrId: 'lfr-b', sequence: 2 },
      lockedSince: null,
    });
  });

  it('opens a new, locked cycle exactly 7 days after a lapsed cycle began', () => {
    const now = at(days(7));
    expect(recordLfr(FIRST, { id: 'lfr-b', at: now }, policy)).toEqual({
      cycle: 2,
      open: { firstLfrAt: now, latestLfrAt: now, latestLfrId: 'lfr-b', sequence: 1 },
      lockedSince: at(days(7)),
    });
  });

  it('opens a new, locked cycle one minute after that', () => {
    const now = at(days(7) + minutes(1));
    expect(recordLfr(FIRST, { id: 'lfr-b', at: now }, policy)).toEqual({
      cycle: 2,
      open: { firstLfrAt: now, latestLfrAt: now, latestLfrId: 'lfr-b', sequence: 1 },
      lockedSince: at(days(7)),
    });
  });

  it('uses the policy window to decide that a cycle lapsed', () => {
    const short = licensingPolicy({ cycleWindowFromFirstLfr: days(1) });
    expect(recordLfr(FIRST, { id: 'lfr-b', at: at(days(1) - minutes(1)) }, short)).toEqual({
      cycle: 1,
      open: { firstLfrAt: T0, latestLfrAt: at(days(1) - minutes(1)), latestLfrId: 'lfr-b', sequence: 2 },
      lockedSince: null,
    });
    expect(recordLfr(FIRST, { id: 'lfr-b', at: at(days(1)) }, short)).toEqual({
      cycle: 2,
      open: { firstLfrAt: at(days(1)), latestLfrAt: at(days(1)), latestLfrId: 'lfr-b', sequence: 1 },
      lockedSince: at(days(1)),
    });
  });

  it('keeps the lock through later LFRs of the new cycle', () => {
    const locked = recordLfr(FIRST, { id: 'lfr-b', at: at(days(8)) }, policy);
    expect(recordLfr(locked, { id: 'lfr-c', at: at(days(9)) }, policy)).toEqual({
      cycle: 2,
      open: { firstLfrAt: at(days(8)), latestLfrAt: at(days(9)), latestLfrId: 'lfr-c', sequence: 2 },
      lockedSince: at(days(7)),
    });
  });

  it('keeps the first lock when the new cycle lapses too', () => {
    const locked = recordLfr(FIRST, { id: 'lfr-b', at: at(days(8)) }, policy);
    expect(recordLfr(locked, { id: 'lfr-c', at: at(days(15)) }, policy)).toEqual({
      cycle: 3,
      open: { firstLfrAt: at(days(15)), latestLfrAt: at(days(15)), latestLfrId: 'lfr-c', sequence: 1 },
      lockedSince: at(days(7)),
    });
  });

  it('opens the next cycle, unlocked, after a cycle completed', () => {
    const completed: LfrCycleState = { cycle: 4, open: null, lockedSince: null };
    expect(recordLfr(completed, { id: 'lfr-e', at: at(days(30)) }, policy)).toEqual({
      cycle: 5,
      open: { firstLfrAt: at(days(30)), latestLfrAt: at(days(30)), latestLfrId: 'lfr-e', sequence: 1 },
      lockedSince: null,
    });
  });

  it('leaves the state it was given unchanged', () => {
    const before = structuredClone(FIRST);
    recordLfr(FIRST, { id: 'lfr-b', at: at(hours(1)) }, policy);
    expect(FIRST).toEqual(before);
  });
});
