import type { FastifyReply } from 'fastify';

/**
 * The authority signs in at the same paths as a site: `POST /v1/auth/sign-in` and
 * `/v1/auth/sign-in/mfa`. Its former names, `/v1/auth/login` and `/v1/auth/login/mfa`, stay as
 * deprecated aliases (same handler, `deprecated: true` in the OpenAPI document) for clients
 * written against them; their answers say so in a `Deprecation` header (RFC 9745: the date the
 * name was deprecated) and name the successor in a `Link` header.
 */
export const SIGN_IN_PATHS = [
  ['/v1/auth/sign-in', false],
  ['/v1/auth/login', true],
] as const;
export const SIGN_IN_MFA_PATHS = [
  ['/v1/auth/sign-in/mfa', false],
  ['/v1/auth/login/mfa', true],
] as const;

/** 2026-12-06, as an RFC 9745 date (seconds since the epoch). */
const LOGIN_DEPRECATED_SINCE = '@1796515200';

/** Marks an answer given under a deprecated path, pointing at the path to use instead. */
export function markDeprecated(reply: FastifyReply, successor: string): void {
  void reply.header('deprecation', LOGIN_DEPRECATED_SINCE).header('link', `<${successor}>; rel="successor-version"`);
}
