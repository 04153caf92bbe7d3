import { type Milliseconds, MINUTE } from '@airlock/core';
import { type Clock } from '@airlock/core/internal';

/**
 * What stands between a password guesser and the site's accounts, in the process's memory:
 * - per client address, at most `attemptsPerMinute` sign-in attempts a minute (a fixed window);
 * - per account name, `maxFailures` failures in a row (each within `failureWindow` of the last)
 *   lock the name for `lockFor`: even the right password is refused until then. Names that
 *   have no account are counted alike, so a lock says nothing about whether an account exists.
 * Both are timed by the site's clock, so tests move time instead of sleeping. A restart of the
 * site forgets them; restarting it takes the machine's operator, who holds the site anyway.
 */
export interface SignInPolicy {
  readonly attemptsPerMinute: number;
  readonly maxFailures: number;
  readonly failureWindow: Milliseconds;
  readonly lockFor: Milliseconds;
}

export const DEFAULT_SIGN_IN_POLICY: SignInPolicy = { attemptsPerMinute: 10, maxFailures: 5, failureWindow: 15 * MINUTE, lockFor: 15 * MINUTE };

/** Names or addresses remembered before stale entries are swept: bounds memory under a flood. */
const SWEEP_ABOVE = 10_000;

export class SignInGuard {
  private readonly windows = new Map<string, { startsAt: number; count: number }>();
  private readonly failures = new Map<string, { count: number; lastAt: number; lockedUntil: number }>();

  constructor(
    private readonly clock: Clock,
    readonly policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY,
  ) {}

  /** Counts an attempt from `address`: null when it may go ahead, else the seconds to wait. */
  takeAttempt(address: string): number | null {
    const now = this.clock.now().getTime();
    let window = this.windows.get(address);
    if (!window || now - window.startsAt >= MINUTE) {
      if (this.windows.size >= SWEEP_ABOVE) {
        for (const [key, stale] of this.windows) if (now - stale.startsAt >= MINUTE) this.windows.delete(key);
      }
      window = { startsAt: now, count: 0 };
      this.windows.set(address, window);
    }
    if (window.count >= this.policy.attemptsPerMinute) return secondsUntil(window.startsAt + MINUTE, now);
    window.count += 1;
    return null;
  }

  /** Null when the name may try a password now, else the seconds until its lock ends. */
  lockedFor(name: string): number | null {
    const now = this.clock.now().getTime();
    const entry = this.failures.get(name);
    return entry && entry.lockedUntil > now ? secondsUntil(entry.lockedUntil, now) : null;
  }

  /** A wrong password (or unknown name): counts towards the lock. */
  failed(name: string): void {
    const now = this.clock.now().getTime();
    let entry = this.failures.get(name);
    if (!entry || now - entry.lastAt > this.policy.failureWindow) {
      if (this.failures.size >= SWEEP_ABOVE) this.sweep(now);
      entry = { count: 0, lastAt: now, lockedUntil: 0 };
      this.failures.set(name, entry);
    }
    entry.count += 1;
    entry.lastAt = now;
    if (entry.count >= this.policy.maxFailures) {
      entry.lockedUntil = now + this.policy.lockFor;
      entry.count = 0;
    }
  }

  /** A successful sign-in, or a password reset: the count starts again. */
  cleared(name: string): void {
    this.failures.delete(name);
  }

  private sweep(now: number): void {
    for (const [name, entry] of this.failures) {
      if (entry.lockedUntil <= now && now - entry.lastAt > this.policy.failureWindow) this.failures.delete(name);
    }
  }
}

function secondsUntil(at: number, now: number): number {
  return Math.max(1, Math.ceil((at - now) / 1000));
}
