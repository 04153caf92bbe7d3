import { describe, expect, it } from 'vitest';
import { readSessionCookie, sessionCookie, wantsSecureCookie } from './session-cookie.ts';

describe('the session cookie', () => {
  it('is read from among other cookies', () => {
    expect(readSessionCookie({ headers: { cookie: 'theme=dark; airlock_session=abc_-123; lang=en' } })).toBe('abc_-123');
    expect(readSessionCookie({ headers: { cookie: 'theme=dark; not_airlock_session=x' } })).toBeUndefined();
    expect(readSessionCookie({ headers: {} })).toBeUndefined();
  });

  it('is http-only and SameSite=Strict, and Secure when asked', () => {
    expect(sessionCookie('s3cret', 43200, true)).toBe('airlock_session=s3cret; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict; Secure');
    expect(sessionCookie('', 0, false)).toBe('airlock_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict');
  });

  it('is Secure over HTTPS, directly or behind a proxy, when set to auto', () => {
    expect(wantsSecureCookie({ protocol: 'https', headers: {} }, 'auto')).toBe(true);
    expect(wantsSecureCookie({ protocol: 'http', headers: { 'x-forwarded-proto': 'https' } }, 'auto')).toBe(true);
    expect(wantsSecureCookie({ protocol: 'http', headers: {} }, 'auto')).toBe(false);
    expect(wantsSecureCookie({ protocol: 'http', headers: {} }, 'always')).toBe(true);
    expect(wantsSecureCookie({ protocol: 'https', headers: {} }, 'never')).toBe(false);
  });
});
