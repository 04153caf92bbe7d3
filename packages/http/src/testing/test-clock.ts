import type { Clock } from '@airlock/core/internal';

/** A clock the accounts tests move by hand (unit tests only). */
export function testClock(start: Date): Clock & { advance(ms: number): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
  };
}
