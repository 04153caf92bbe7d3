import { describe, expect, it } from 'vitest';
import { licensingPolicy } from '../policy/licensing-policy.ts';
import { addDuration, days, hours, minutes, type Milliseconds } from '../time/duration.ts';
import { checkInstallWindow } from './check-install-window.ts';
import { initialCycleState, type LfrCycleState } from './lfr-cycle.ts';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (offset: Milliseconds): Date => addDuration(T0, offset);
const iso = (offset: Milliseconds): string => at(offset).toISOString();
const policy = licensingPolicy();

function cycle(latestOffset: Milliseconds): LfrCycleState {
  return { cycle: 3, open: { firstLfrAt: T0, latestLfrAt: at(latestOffset), latestLfrId: 'lfr-z', sequence: 4 }, lockedSince: null };
}

function lfrExpired(latestOffset: Milliseconds, expiredOffset: Milliseconds, nowOffset: Milliseconds): unknown {
  return {
    ok: false,
    code: 'LFR_EXPIRED',
    detail: { cycle: 3, latestLfrId: 'lfr-z', latestLfrAt: iso(latestOffset), expiredAt: iso(expiredOffset), now: iso(nowOffset) },
  };
}

function cycleLocked(lockedOffset: Milliseconds, nowOffset: Milliseconds): unknown {
  return {
    ok: false,
    code: 'CYCLE_LOCKED',
    detail: { cycle: 3, firstLfrAt: T0.toISOString(), lockedAt: iso(lockedOffset), now: iso(nowOffset) },
  };
}

describe('checkInstallWindow', () => {
  it('refuses when no cycle is open', () => {
    expect(checkInstallWindow(initialCycleState, T0, policy)).toEqual({ ok: false, code: 'NO_OPEN_CYCLE', detail: { cycle: 0 } });
    expect(checkInstallWindow({ cycle: 3, open: null, lockedSince: null }, T0, policy)).toEqual({
      ok: false,
      code: 'NO_OPEN_CYCLE',
      detail: { cycle: 3 },
    });
  });

  it('accepts one minute before 48 h after the latest LFR, with the deadlines', () => {
    expect(checkInstallWindow(cycle(0), at(hours(48) - minutes(1)), policy)).toEqual({
      ok: true,
      value: { firstLfrAt: T0, latestLfrAt: T0, lfrExpiresAt: at(hours(48)), locksAt: at(days(7)), installBefore: at(hours(48)) },
    });
  });

  it('refuses an expired LFR exactly 48 h after it, and one minute later', () => {
    expect(checkInstallWindow(cycle(0), at(hours(48)), policy)).toEqual(lfrExpired(0, hours(48), hours(48)));
    expect(checkInstallWindow(cycle(0), at(hours(48) + minutes(1)), policy)).toEqual(lfrExpired(0, hours(48), hours(48) + minutes(1)));
  });

  it('accepts one minute before 7 days after the first LFR when the latest LFR is recent', () => {
    expect(checkInstallWindow(cycle(days(6)), at(days(7) - minutes(1)), policy)).toEqual({
      ok: true,
      value: { firstLfrAt: T0, latestLfrAt: at(days(6)), lfrExpiresAt: at(days(8)), locksAt: at(days(7)), installBefore: at(days(7)) },
    });
  });

  it('refuses a lapsed cycle exactly 7 days after its first LFR, and one minute later', () => {
    expect(checkInstallWindow(cycle(days(6)), at(days(7)), policy)).toEqual(cycleLocked(days(7), days(7)));
    expect(checkInstallWindow(cycle(days(6)), at(days(7) + minutes(1)), policy)).toEqual(cycleLocked(days(7), days(7) + minutes(1)));
  });

  it('names the lock rather than the expired LFR when both windows have passed', () => {
    expect(checkInstallWindow(cycle(0), at(days(8)), policy)).toEqual(cycleLocked(days(7), days(8)));
  });

  it('takes both windows from the policy', () => {
    const short = licensingPolicy({ cycleWindowFromFirstLfr: days(2), cycleWindowFromLatestLfr: hours(6) });
    expect(checkInstallWindow(cycle(0), at(hours(6) - minutes(1)), short)).toEqual({
      ok: true,
      value: { firstLfrAt: T0, latestLfrAt: T0, lfrExpiresAt: at(hours(6)), locksAt: at(days(2)), installBefore: at(hours(6)) },
    });
    expect(checkInstallWindow(cycle(0), at(hours(6)), short)).toEqual(lfrExpired(0, hours(6), hours(6)));
    const late = days(1) + hours(23);
    expect(checkInstallWindow(cycle(late), at(days(2) - minutes(1)), short)).toEqual({
      ok: true,
      value: { firstLfrAt: T0, latestLfrAt: at(late), lfrExpiresAt: at(late + hours(6)), locksAt: at(days(2)), installBefore: at(days(2)) },
    });
    expect(checkInstallWindow(cycle(late), at(days(2)), short)).toEqual(cycleLocked(days(2), days(2)));
    expect(checkInstallWindow(cycle(late), at(days(2) + minutes(1)), short)).toEqual(cycleLocked(days(2), days(2) + minutes(1)));
  });
});
