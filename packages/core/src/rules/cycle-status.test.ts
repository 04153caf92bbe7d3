import { describe, expect, it } from 'vitest';
import { licensingPolicy } from '../policy/licensing-policy.ts';
import { addDuration, days, hours, minutes, type Milliseconds } from '../time/duration.ts';
import { cycleStatus } from './cycle-status.ts';
import { initialCycleState, type LfrCycleState } from './lfr-cycle.ts';

const T0 = new Date('2026-03-02T08:00:00.000Z');
const at = (offset: Milliseconds): Date => addDuration(T0, offset);
const policy = licensingPolicy();
const ONE_LFR: LfrCycleState = { cycle: 1, open: { firstLfrAt: T0, latestLfrAt: T0, latestLfrId: 'lfr-a', sequence: 1 }, lockedSince: null };
const DEADLINES = { firstLfrAt: T0, latestLfrAt: T0, lfrExpiresAt: at(hours(48)), locksAt: at(days(7)), installBefore: at(hours(48)) };

describe('cycleStatus', () => {
  it('is idle before the first LFR', () => {
    expect(cycleStatus(initialCycleState, T0, policy)).toEqual({ status: 'idle', cycle: 0, sequence: null, lockedSince: null, deadlines: null });
  });

  it('is idle once the cycle completed', () => {
    expect(cycleStatus({ cycle: 1, open: null, lockedSince: null }, at(days(30)), policy)).toEqual({
      status: 'idle',
      cycle: 1,
      sequence: null,
      lockedSince: null,
      deadlines: null,
    });
  });

  it('awaits the OLF, with the deadlines, until one minute before 48 h after the latest LFR', () => {
    expect(cycleStatus(ONE_LFR, at(hours(48) - minutes(1)), policy)).toEqual({
      status: 'awaiting-olf',
      cycle: 1,
      sequence: 1,
      lockedSince: null,
      deadlines: DEADLINES,
    });
  });

  it('asks for a new LFR from 48 h after the latest one, the site still unlocked', () => {
    for (const now of [at(hours(48)), at(hours(48) + minutes(1)), at(days(7) - minutes(1))]) {
      expect(cycleStatus(ONE_LFR, now, policy)).toEqual({ status: 'lfr-expired', cycle: 1, sequence: 1, lockedSince: null, deadlines: DEADLINES });
    }
  });

  it('is locked from 7 days after the first LFR', () => {
    for (const now of [at(days(7)), at(days(7) + minutes(1))]) {
      expect(cycleStatus(ONE_LFR, now, policy)).toEqual({ status: 'locked', cycle: 1, sequence: 1, lockedSince: at(days(7)), deadlines: DEADLINES });
    }
  });

  it('stays locked during the next cycle, showing its deadlines', () => {
    const next: LfrCycleState = {
      cycle: 2,
      open: { firstLfrAt: at(days(8)), latestLfrAt: at(days(8)), latestLfrId: 'lfr-b', sequence: 1 },
      lockedSince: at(days(7)),
    };
    expect(cycleStatus(next, at(days(8) + minutes(1)), policy)).toEqual({
      status: 'locked',
      cycle: 2,
      sequence: 1,
      lockedSince: at(days(7)),
      deadlines: { firstLfrAt: at(days(8)), latestLfrAt: at(days(8)), lfrExpiresAt: at(days(10)), locksAt: at(days(15)), installBefore: at(days(10)) },
    });
  });

  it('takes the windows from the policy', () => {
    const short = licensingPolicy({ cycleWindowFromFirstLfr: days(1), cycleWindowFromLatestLfr: hours(2) });
    const deadlines = { firstLfrAt: T0, latestLfrAt: T0, lfrExpiresAt: at(hours(2)), locksAt: at(days(1)), installBefore: at(hours(2)) };
    const report = { cycle: 1, sequence: 1, deadlines };
    expect(cycleStatus(ONE_LFR, at(hours(2) - minutes(1)), short)).toEqual({ status: 'awaiting-olf', lockedSince: null, ...report });
    expect(cycleStatus(ONE_LFR, at(hours(2)), short)).toEqual({ status: 'lfr-expired', lockedSince: null, ...report });
    expect(cycleStatus(ONE_LFR, at(days(1) - minutes(1)), short)).toEqual({ status: 'lfr-expired', lockedSince: null, ...report });
    expect(cycleStatus(ONE_LFR, at(days(1)), short)).toEqual({ status: 'locked', lockedSince: at(days(1)), ...report });
  });
});
