import { describe, expect, it } from 'vitest';
import { describeBorrowMax, describePeriod } from './floating-view.ts';

/** How the floating seats page says its settings (docs/floating.md: 1 minute to 24 hours; 0 to 90 days). */
describe('the floating seats settings, in words', () => {
  it('says a lease period in the largest units that keep it exact', () => {
    expect([60, 900, 3600, 5400, 86_400, 90, 61].map(describePeriod)).toEqual([
      '1 minute',
      '15 minutes',
      '1 hour',
      '1 hour 30 minutes',
      '24 hours',
      '90 seconds',
      '61 seconds',
    ]);
  });

  it('says the longest borrow in days, and that 0 turns borrowing off', () => {
    expect([0, 1, 7].map(describeBorrowMax)).toEqual(['off (no seat may be borrowed)', '1 day', '7 days']);
  });
});
