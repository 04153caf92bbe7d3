import type { FastifyRequest } from 'fastify';

/** The site's session cookie: http-only (scripts cannot read it), SameSite=Strict, Secure over HTTPS. */
export const SESSION_COOKIE = 'airlock_site_session';

/**
 * Every change made with the session cookie must carry this header (`x-airlock-csrf: 1`): the
 * guard against cross-site request forgery. Bearer credentials (the operator token, application
 * keys) need none: a browser never adds them by itself.
 */
export const CSRF_HEADER = 'x-airlock-csrf';

/** Methods that change nothing and so need no CSRF header (RFC 9110 §9.2.1 safe methods). */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session secret from the request's Cookie header, if any. */
export function readSessionCookie(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === SESSION_COOKIE) return pair.slice(separator + 1).trim();
  }
  return undefined;
}

/**
 * Whether the request came over HTTPS. A proxy's `x-forwarded-proto` is believed here because it
 * can only make the cookie stricter: a forged `https` merely keeps it off plain HTTP.
 */
export function isHttps(request: Pick<FastifyRequest, 'protocol' | 'headers'>): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  return request.protocol === 'https' || (typeof forwarded === 'string' && forwarded.split(',')[0]?.trim() === 'https');
}

/** The Set-Cookie value that opens a session (or, with `maxAgeSeconds` 0, ends it). */
export function sessionCookie(secret: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${secret}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}
