import { AirlockError, MINUTE, type Milliseconds } from '@airlock/core';

/**
 * What stops a password guesser who has many addresses (the per-address rate limit does not):
 * per account name (an e-mail address on the authority, an account name on the site),
 * `maxFailures` wrong passwords in a row, each within `failureWindow` of the last, lock the name
 * for `lockFor` — even the right password is then refused with ACCOUNT_LOCKED and Retry-After.
 * Names that have no account are counted and locked alike, so a lock says nothing about whether
 * an account exists. The counting rule is here; where the counts live is each server's
 * (`SignInFailureStore`): the authority's database, so every replica sees them, or the site's
 * memory. Times are the server's clock.
 */
export interface SignInLockoutPolicy {
  readonly maxFailures: number;
  readonly failureWindow: Milliseconds;
  readonly lockFor: Milliseconds;
}

export const DEFAULT_SIGN_IN_LOCKOUT: SignInLockoutPolicy = { maxFailures: 5, failureWindow: 15 * MINUTE, lockFor: 15 * MINUTE };

/** Where a server keeps the failure counts and locks. Methods may answer at once or by promise. */
export interface SignInFailureStore {
  /** When the name's lock ends, if it has one (past or not). */
  lockedUntil(name: string): Promise<Date | null> | Date | null;
  /**
   * Counts one failure for the name and answers the failures in a row: one more than before
   * when the previous failure is at or after `windowStart`, else 1. Concurrent counts must
   * not be lost.
   */
  countFailure(name: string, now: Date, windowStart: Date): Promise<number> | number;
  /** Locks the name until `until`; its count starts again. */
  lock(name: string, until: Date): Promise<void> | void;
  /** A successful sign-in, or a password reset: the name's count and lock are forgotten. */
  clear(name: string): Promise<void> | void;
}

/** The seconds until the name's lock ends, or null when it is not locked now. */
export async function lockedForSeconds(store: SignInFailureStore, name: string, now: Date): Promise<number | null> {
  const until = await store.lockedUntil(name);
  return until && until.getTime() > now.getTime() ? secondsUntil(until.getTime(), now.getTime()) : null;
}

/** Refuses with ACCOUNT_LOCKED while the name is locked; nothing else is checked or counted then. */
export async function refuseWhileLocked(store: SignInFailureStore, name: string, now: Date): Promise<void> {
  const retryAfterSeconds = await lockedForSeconds(store, name, now);
  if (retryAfterSeconds !== null) throw new AirlockError('ACCOUNT_LOCKED', { retryAfterSeconds });
}

/**
 * Counts a wrong password (or code, or an unknown name). The failure that reaches the limit
 * locks the name: its result is then the lock (until when, after how many failures), for the
 * server to audit; otherwise null.
 */
export async function countSignInFailure(
  store: SignInFailureStore,
  name: string,
  now: Date,
  policy: SignInLockoutPolicy = DEFAULT_SIGN_IN_LOCKOUT,
): Promise<{ readonly lockedUntil: Date; readonly failures: number } | null> {
  const failures = await store.countFailure(name, now, new Date(now.getTime() - policy.failureWindow));
  if (failures < policy.maxFailures) return null;
  const lockedUntil = new Date(now.getTime() + policy.lockFor);
  await store.lock(name, lockedUntil);
  return { lockedUntil, failures };
}

/** Names remembered in memory before stale entries are swept: bounds memory under a flood. */
const SWEEP_ABOVE = 10_000;

/**
 * Failure counts in the process's memory (the site's: a restart forgets them, and restarting
 * the site takes the machine's operator, who holds the site anyway).
 */
export function memoryFailureStore(sweepAbove = SWEEP_ABOVE): SignInFailureStore {
  const entries = new Map<string, { failures: number; lastAt: number; lockedUntil: number }>();
  return {
    lockedUntil: (name) => {
      const entry = entries.get(name);
      return entry && entry.lockedUntil > 0 ? new Date(entry.lockedUntil) : null;
    },
    countFailure(name, now, windowStart) {
      let entry = entries.get(name);
      if (!entry || entry.lastAt < windowStart.getTime()) {
        if (entries.size >= sweepAbove) {
          for (const [key, stale] of entries) if (stale.lockedUntil <= now.getTime() && stale.lastAt < windowStart.getTime()) entries.delete(key);
        }
        entry = { failures: 0, lastAt: now.getTime(), lockedUntil: entry?.lockedUntil ?? 0 };
        entries.set(name, entry);
      }
      entry.failures += 1;
      entry.lastAt = now.getTime();
      return entry.failures;
    },
    lock(name, until) {
      const entry = entries.get(name) ?? { failures: 0, lastAt: until.getTime(), lockedUntil: 0 };
      entries.set(name, { ...entry, failures: 0, lockedUntil: until.getTime() });
    },
    clear(name) {
      entries.delete(name);
    },
  };
}

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}
