import { AirlockError, type Milliseconds } from '@airlock/core';
import type { Clock } from '@airlock/core/internal';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type RateVerdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one attempt for `key` and says whether it may go ahead. */
  take(key: string): RateVerdict;
}

export interface RateLimitOptions {
  /** Attempts allowed per key and window. */
  readonly limit: number;
  readonly windowMs: Milliseconds;
  readonly clock: Clock;
  /** Keys remembered before expired windows are swept (bounds memory under a flood of addresses). */
  readonly sweepAbove?: number;
}

/**
 * A fixed-window counter per key (a client address), timed by the server's clock so tests move
 * time instead of sleeping. It lives in the process: each replica counts on its own, so N
 * replicas allow up to N × limit — still a hard ceiling against guessing passwords.
 *
 * @example
 * ```ts
 * const limiter = createRateLimiter({ limit: 10, windowMs: MINUTE, clock });
 * if (!limiter.take(request.ip).allowed) refuse();
 * ```
 */
export function createRateLimiter({ limit, windowMs, clock, sweepAbove = 10_000 }: RateLimitOptions): RateLimiter {
  const windows = new Map<string, { startsAt: number; count: number }>();
  const sweep = (now: number) => {
    for (const [key, window] of windows) if (now - window.startsAt >= windowMs) windows.delete(key);
  };
  return {
    take(key) {
      const now = clock.now().getTime();
      let window = windows.get(key);
      if (!window || now - window.startsAt >= windowMs) {
        if (windows.size >= sweepAbove) sweep(now);
        window = { startsAt: now, count: 0 };
        windows.set(key, window);
      }
      if (window.count >= limit) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.startsAt + windowMs - now) / 1000)) };
      }
      window.count += 1;
      return { allowed: true };
    },
  };
}

/**
 * A route hook that counts each request against the client's address and refuses, with
 * RATE_LIMITED and a `Retry-After` (RFC 9110 §10.2.3, in seconds), those past the limit. It runs
 * before the body is read, so refused attempts cost no argon2 work.
 */
export function limitedBy(limiter: RateLimiter) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const verdict = limiter.take(request.ip);
    if (verdict.allowed) return;
    void reply.header('retry-after', String(verdict.retryAfterSeconds));
    throw new AirlockError('RATE_LIMITED', { retryAfterSeconds: verdict.retryAfterSeconds });
  };
}
