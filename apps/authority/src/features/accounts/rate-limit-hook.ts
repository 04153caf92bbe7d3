import { AirlockError } from '@airlock/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimiter } from './rate-limiter.ts';

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
