import { hours, type Random } from '@airlock/core';

/**
 * When a failed delivery is tried again: exponential backoff with jitter. After the n-th failed
 * attempt the wait is `base × 2^(n-1)`, capped at `max`, of which a random half is taken away
 * ("equal jitter"), so endpoints that failed together do not all retry at the same instant.
 */
export interface RetrySchedule {
  /** The wait after the first failure, before jitter. */
  readonly baseMs: number;
  /** The longest wait between two attempts, before jitter. */
  readonly maxMs: number;
}

export const defaultRetrySchedule: RetrySchedule = { baseMs: 30_000, maxMs: hours(1) };

/** A delivery still failing this long after its event is given up: later events of its object then go. */
export const GIVE_UP_AFTER_MS = hours(72);

/** An endpoint every attempt to which failed for this long (and at least `DISABLE_MIN_FAILURES` times) is disabled. */
export const DISABLE_AFTER_MS = hours(72);
export const DISABLE_MIN_FAILURES = 10;

/**
 * The wait after `attempts` failed attempts (1 for the first failure).
 *
 * @example
 * ```ts
 * retryDelay({ baseMs: 1000, maxMs: 60_000 }, 3, random); // between 2000 and 4000
 * ```
 */
export function retryDelay(schedule: RetrySchedule, attempts: number, random: Random): number {
  const exponent = Math.min(Math.max(0, attempts - 1), 30);
  const full = Math.min(schedule.baseMs * 2 ** exponent, schedule.maxMs);
  const bytes = random.bytes(4);
  const fraction = ((((bytes[0] ?? 0) << 24) >>> 0) + ((bytes[1] ?? 0) << 16) + ((bytes[2] ?? 0) << 8) + (bytes[3] ?? 0)) / 2 ** 32;
  return Math.round(full / 2 + (full / 2) * fraction);
}
