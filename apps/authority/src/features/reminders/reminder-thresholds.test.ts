import { DAY, HOUR } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { parseThresholds, reminderDue } from './reminder-thresholds.ts';

const dueAt = new Date('2027-01-01T00:00:00Z');
const before = (ms: number) => new Date(dueAt.getTime() - ms);
const thresholds = [30, 7, 1];

describe('which reminder a deadline calls for', () => {
  it('calls for none before the largest threshold is reached', () => {
    expect(reminderDue(dueAt, before(30 * DAY + 1), thresholds)).toBeNull();
    expect(reminderDue(dueAt, before(400 * DAY), thresholds)).toBeNull();
  });

  it('calls for each threshold from the moment it is reached, saying the whole days left rounded up', () => {
    expect(reminderDue(dueAt, before(30 * DAY), thresholds)).toEqual({ threshold: 30, daysLeft: 30 });
    expect(reminderDue(dueAt, before(29 * DAY + HOUR), thresholds)).toEqual({ threshold: 30, daysLeft: 30 });
    expect(reminderDue(dueAt, before(7 * DAY + 1), thresholds)).toEqual({ threshold: 30, daysLeft: 8 });
    expect(reminderDue(dueAt, before(7 * DAY), thresholds)).toEqual({ threshold: 7, daysLeft: 7 });
    expect(reminderDue(dueAt, before(DAY), thresholds)).toEqual({ threshold: 1, daysLeft: 1 });
    expect(reminderDue(dueAt, before(1), thresholds)).toEqual({ threshold: 1, daysLeft: 1 });
  });

  it('catches up with the most urgent threshold reached only, never the ones it missed', () => {
    // Down from 40 days before until 5 days before: one reminder, the 7-day one.
    expect(reminderDue(dueAt, before(5 * DAY - HOUR), thresholds)).toEqual({ threshold: 7, daysLeft: 5 });
    // Down until the last day: the 1-day reminder alone.
    expect(reminderDue(dueAt, before(12 * HOUR), thresholds)).toEqual({ threshold: 1, daysLeft: 1 });
  });

  it('calls for none once the deadline has passed', () => {
    expect(reminderDue(dueAt, dueAt, thresholds)).toBeNull();
    expect(reminderDue(dueAt, new Date(dueAt.getTime() + DAY), thresholds)).toBeNull();
  });

  it('takes thresholds in any order', () => {
    expect(reminderDue(dueAt, before(3 * DAY), [1, 30, 7])).toEqual({ threshold: 7, daysLeft: 3 });
    expect(reminderDue(dueAt, before(3 * DAY), [14])).toEqual({ threshold: 14, daysLeft: 3 });
  });
});

describe('thresholds as configured', () => {
  it('reads whole days, largest first', () => {
    expect(parseThresholds('30,7,1')).toEqual([30, 7, 1]);
    expect(parseThresholds(' 1, 60 ,14')).toEqual([60, 14, 1]);
    expect(parseThresholds('365')).toEqual([365]);
  });

  it('refuses anything else', () => {
    for (const text of ['', '0', '366', '7,7', '7,,1', 'seven', '1.5', '-3', '1,2,3,4,5,6,7,8,9,10,11']) expect(parseThresholds(text), text).toBeNull();
  });
});
