import { describe, expect, it } from 'vitest';
import { AUTHORITY_SESSION_COOKIE, passesCsrfCheck, readSessionCookie, sessionCookie, SITE_SESSION_COOKIE, wantsSecureCookie } from './session-cookie.ts';

describe('the session cookie', () => {
  it('keeps the names browsers already hold, one per server', () => {
    expect(AUTHORITY_SESSION_COOKIE).toBe('airlock_session');
    expect(SITE_SESSION_COOKIE).toBe('airlock_site_session');
  });

  it('is read from among other cookies, by its exact name', () => {
    expect(readSessionCookie({ headers: { cookie: 'theme=dark; airlock_session=abc_-123; lang=en' } }, AUTHORITY_SESSION_COOKIE)).toBe('abc_-123');
    expect(readSessionCookie({ headers: { cookie: 'theme=dark; not_airlock_session=x' } }, AUTHORITY_SESSION_COOKIE)).toBeUndefined();
    expect(readSessionCookie({ headers: { cookie: 'airlock_site_session=site; airlock_session=authority' } }, SITE_SESSION_COOKIE)).toBe('site');
    expect(readSessionCookie({ headers: { cookie: 'airlock_site_session=site; airlock_session=authority' } }, AUTHORITY_SESSION_COOKIE)).toBe('authority');
    expect(readSessionCookie({ headers: {} }, AUTHORITY_SESSION_COOKIE)).toBeUndefined();
  });

  it('is http-only and SameSite=Strict, and Secure when asked', () => {
    expect(sessionCookie(AUTHORITY_SESSION_COOKIE, 's3cret', 43200, true)).toBe(
      'airlock_session=s3cret; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict; Secure',
    );
    expect(sessionCookie(AUTHORITY_SESSION_COOKIE, '', 0, false)).toBe('airlock_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
    expect(sessionCookie(SITE_SESSION_COOKIE, 's3cret', 43200, false)).toBe('airlock_site_session=s3cret; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict');
  });

  it('is Secure over HTTPS, directly or behind a proxy, when set to auto', () => {
    expect(wantsSecureCookie({ protocol: 'https', headers: {} }, 'auto')).toBe(true);
    expect(wantsSecureCookie({ protocol: 'http', headers: { 'x-forwarded-proto': 'https' } }, 'auto')).toBe(true);
    expect(wantsSecureCookie({ protocol: 'http', headers: {} }, 'auto')).toBe(false);
    expect(wantsSecureCookie({ protocol: 'http', headers: {} }, 'always')).toBe(true);
    expect(wantsSecureCookie({ protocol: 'https', headers: {} }, 'never')).toBe(false);
  });

  it('lets safe methods through, and changes only with the CSRF header', () => {
    expect(passesCsrfCheck({ method: 'GET', headers: {} })).toBe(true);
    expect(passesCsrfCheck({ method: 'POST', headers: {} })).toBe(false);
    expect(passesCsrfCheck({ method: 'POST', headers: { 'x-airlock-csrf': '0' } })).toBe(false);
    expect(passesCsrfCheck({ method: 'DELETE', headers: { 'x-airlock-csrf': '1' } })).toBe(true);
  });
});
