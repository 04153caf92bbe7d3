import type { FastifyRequest } from 'fastify';

/**
 * The session cookies of Airlock's two servers: http-only (scripts cannot read them),
 * SameSite=Strict, Secure over HTTPS, Path=/. Each server has its own name: cookies ignore
 * ports, so an authority and a site on one host must not overwrite each other's session. The
 * value is a session secret (session-secrets.ts); see docs/design.md.
 */
export const AUTHORITY_SESSION_COOKIE = 'airlock_session';
export const SITE_SESSION_COOKIE = 'airlock_site_session';

/**
 * Cookies ride along on any request a browser sends, even one a hostile page provokes, so every
 * state-changing request authenticated by a session cookie must also carry this header
 * (`x-airlock-csrf: 1`). A page of another origin cannot set a custom header without a CORS
 * preflight, which neither server grants; SameSite=Strict is a second, independent guard.
 * Bearer credentials need no header: a browser never adds them by itself.
 */
export const CSRF_HEADER = 'x-airlock-csrf';

/** Methods that change nothing and so need no CSRF header (RFC 9110 §9.2.1 safe methods). */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request made with a session cookie may go ahead without the CSRF header, or carries it. */
export function passesCsrfCheck(request: Pick<FastifyRequest, 'method' | 'headers'>): boolean {
  return SAFE_METHODS.has(request.method) || request.headers[CSRF_HEADER] === '1';
}

/** When the cookie gets the Secure attribute. */
export type SecureCookies = 'auto' | 'always' | 'never';

/** The value of the cookie `name` in the request's Cookie header, if any. */
export function readSessionCookie(request: Pick<FastifyRequest, 'headers'>, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
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
export function sessionCookie(name: string, secret: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${name}=${secret}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

/** Whether this answer's cookie gets the Secure attribute, under the deployment's setting. */
export function wantsSecureCookie(request: Pick<FastifyRequest, 'protocol' | 'headers'>, setting: SecureCookies): boolean {
  return setting === 'always' || (setting === 'auto' && isHttps(request));
}
