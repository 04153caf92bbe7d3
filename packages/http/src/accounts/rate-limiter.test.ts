import { MINUTE } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.ts';
import { testClock } from '../testing/test-clock.ts';

describe('the rate limiter', () => {
  const start = new Date('2026-11-23T10:00:00Z');

  it('allows the limit within a window, then refuses with the seconds left', () => {
    const clock = testClock(start);
    const limiter = createRateLimiter({ limit: 3, windowMs: MINUTE, clock });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    clock.advance(15_500);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 45 });
  });

  it('counts each key apart', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: MINUTE, clock: testClock(start) });
    expect([limiter.take('a'), limiter.take('b'), limiter.take('a')]).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: false, retryAfterSeconds: 60 },
    ]);
  });

  it('allows again once the window has passed', () => {
    const clock = testClock(start);
    const limiter = createRateLimiter({ limit: 1, windowMs: MINUTE, clock });
    limiter.take('a');
    clock.advance(MINUTE - 1);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(1);
    expect(limiter.take('a')).toEqual({ allowed: true });
  });

  it('forgets expired windows when it holds too many keys, and keeps counting live ones', () => {
    const clock = testClock(start);
    const limiter = createRateLimiter({ limit: 1, windowMs: MINUTE, clock, sweepAbove: 2 });
    limiter.take('old');
    clock.advance(MINUTE);
    limiter.take('live');
    limiter.take('new');
    expect(limiter.take('live')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.take('old')).toEqual({ allowed: true });
  });
});
