import { describe, expect, it } from 'vitest';
import { licensingPolicy } from '../policy/licensing-policy.ts';
import { addDuration, days, hours, minutes, type Milliseconds } from '../time/duration.ts';
import { cycleDeadlines, initialCycleState, isLocked, lockedSince, type LfrCycleState } from './lfr-cycle.ts';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (offset: Milliseconds): Date => addDuration(T0, offset);
const policy = licensingPolicy();

function openedAt(firstOffset: Milliseconds, latestOffset: Milliseconds = firstOffset): LfrCycleState {
  return { cycle: 1, open: { firstLfrAt: at(firstOffset), latestLfrAt: at(latestOffset), latestLfrId: 'lfr-b', sequence: 2 }, lockedSince: null };
}

describe('cycleDeadlines', () => {
  it('gives every instant of a cycle with one LFR: install within 48 h', () => {
    expect(cycleDeadlines(openedAt(0).open!, policy)).toEqual({
      firstLfrAt: T0,
      latestLfrAt: T0,
      lfrExpiresAt: at(hours(48)),
      locksAt: at(days(7)),
      installBefore: at(hours(48)),
    });
  });

  it('caps the install deadline at 7 days after the first LFR when the latest LFR is recent', () => {
    expect(cycleDeadlines(openedAt(0, days(6)).open!, policy)).toEqual({
      firstLfrAt: T0,
      latestLfrAt: at(days(6)),
      lfrExpiresAt: at(days(8)),
      locksAt: at(days(7)),
      installBefore: at(days(7)),
    });
  });

  it('takes both windows from the policy', () => {
    const short = licensingPolicy({ cycleWindowFromFirstLfr: days(3), cycleWindowFromLatestLfr: hours(12) });
    expect(cycleDeadlines(openedAt(0, hours(1)).open!, short)).toEqual({
      firstLfrAt: T0,
      latestLfrAt: at(hours(1)),
      lfrExpiresAt: at(hours(13)),
      locksAt: at(days(3)),
      installBefore: at(hours(13)),
    });
  });
});

describe('isLocked and lockedSince', () => {
  const state = openedAt(0, days(6));

  it('leaves a site that never made an LFR unlocked', () => {
    expect(isLocked(initialCycleState, at(days(365)), policy)).toBe(false);
    expect(lockedSince(initialCycleState, at(days(365)), policy)).toBeNull();
  });

  it('leaves the site unlocked one minute before 7 days after the first LFR', () => {
    expect(isLocked(state, at(days(7) - minutes(1)), policy)).toBe(false);
    expect(lockedSince(state, at(days(7) - minutes(1)), policy)).toBeNull();
  });

  it('locks the site exactly 7 days after the first LFR, and after', () => {
    expect(isLocked(state, at(days(7)), policy)).toBe(true);
    expect(lockedSince(state, at(days(7)), policy)).toEqual(at(days(7)));
    expect(lockedSince(state, at(days(7) + minutes(1)), policy)).toEqual(at(days(7)));
  });

  it('does not lock when only the 48 h after the latest LFR have passed', () => {
    expect(isLocked(openedAt(0), at(hours(48) + minutes(1)), policy)).toBe(false);
  });

  it('locks at the policy window', () => {
    const short = licensingPolicy({ cycleWindowFromFirstLfr: days(2) });
    expect(isLocked(state, at(days(2) - minutes(1)), short)).toBe(false);
    expect(isLocked(state, at(days(2)), short)).toBe(true);
    expect(isLocked(state, at(days(2) + minutes(1)), short)).toBe(true);
  });

  it('keeps a lock carried over from a lapsed cycle while the new cycle is young', () => {
    const carried: LfrCycleState = { ...openedAt(days(8)), cycle: 2, lockedSince: at(days(7)) };
    expect(isLocked(carried, at(days(8) + minutes(1)), policy)).toBe(true);
    expect(lockedSince(carried, at(days(8) + minutes(1)), policy)).toEqual(at(days(7)));
  });
});
