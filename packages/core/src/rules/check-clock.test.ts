import { describe, expect, it } from 'vitest';
import { licensingPolicy } from '../policy/licensing-policy.ts';
import { addDuration, minutes } from '../time/duration.ts';
import { checkClock } from './check-clock.ts';

const SEEN = new Date('2026-06-15T10:00:00.000Z');
const before = (n: number): Date => addDuration(SEEN, -minutes(n));
const policy = licensingPolicy();

function rolledBack(now: Date): unknown {
  return { ok: false, code: 'CLOCK_ROLLED_BACK', detail: { now: now.toISOString(), latestSeen: SEEN.toISOString() } };
}

describe('checkClock', () => {
  it('accepts any time when none was seen yet, and remembers it', () => {
    expect(checkClock(SEEN, null, policy)).toEqual({ ok: true, value: SEEN });
  });

  it('accepts a clock moving forward and remembers the new time', () => {
    const later = addDuration(SEEN, minutes(1));
    expect(checkClock(later, SEEN, policy)).toEqual({ ok: true, value: later });
  });

  it('accepts a clock up to the 5 min tolerance behind, keeping the latest time seen', () => {
    expect(checkClock(before(4), SEEN, policy)).toEqual({ ok: true, value: SEEN });
    expect(checkClock(before(5), SEEN, policy)).toEqual({ ok: true, value: SEEN });
  });

  it('refuses a clock one minute further back than the tolerance, and more', () => {
    expect(checkClock(before(6), SEEN, policy)).toEqual(rolledBack(before(6)));
    expect(checkClock(before(60 * 24), SEEN, policy)).toEqual(rolledBack(before(60 * 24)));
  });

  it('takes the tolerance from the policy', () => {
    const strict = licensingPolicy({ clockSkewTolerance: minutes(1) });
    expect(checkClock(before(0), SEEN, strict)).toEqual({ ok: true, value: SEEN });
    expect(checkClock(before(1), SEEN, strict)).toEqual({ ok: true, value: SEEN });
    expect(checkClock(before(2), SEEN, strict)).toEqual(rolledBack(before(2)));
  });
});
