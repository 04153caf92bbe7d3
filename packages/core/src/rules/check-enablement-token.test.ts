import { describe, expect, it } from 'vitest';
import { licensingPolicy } from '../policy/licensing-policy.ts';
import { addDuration, hours, minutes } from '../time/duration.ts';
import { checkEnablementToken, type EnablementTokenSite } from './check-enablement-token.ts';

const SITE = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const OTHER_SITE = '0a0a0a0a-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const ISSUED_AT = new Date('2026-03-01T12:00:00.000Z');
const TOKEN = { id: 'token-1', siteGuid: SITE, issuedAt: ISSUED_AT };
const DEFAULT_POLICY = licensingPolicy();

function site(now: Date, overrides: Partial<EnablementTokenSite> = {}): EnablementTokenSite {
  return { now, siteGuid: SITE, siteVersion: '40.1.2', policy: DEFAULT_POLICY, ...overrides };
}

function expired(now: Date, expiredAt: Date): unknown {
  return {
    ok: false,
    code: 'TOKEN_EXPIRED',
    detail: { tokenId: 'token-1', issuedAt: ISSUED_AT.toISOString(), expiredAt: expiredAt.toISOString(), now: now.toISOString() },
  };
}

describe('checkEnablementToken: lifetime', () => {
  const expiresAt = addDuration(ISSUED_AT, hours(24));

  it('accepts a token one minute before its 24 h lifetime ends, with its expiry', () => {
    expect(checkEnablementToken(TOKEN, site(addDuration(expiresAt, -minutes(1))))).toEqual({ ok: true, value: { expiresAt } });
  });

  it('refuses a token exactly when its lifetime ends', () => {
    expect(checkEnablementToken(TOKEN, site(expiresAt))).toEqual(expired(expiresAt, expiresAt));
  });

  it('refuses a token one minute after its lifetime ended', () => {
    const now = addDuration(expiresAt, minutes(1));
    expect(checkEnablementToken(TOKEN, site(now))).toEqual(expired(now, expiresAt));
  });

  it('takes the lifetime from the policy', () => {
    const policy = licensingPolicy({ enablementTokenTtl: hours(2) });
    const end = addDuration(ISSUED_AT, hours(2));
    expect(checkEnablementToken(TOKEN, site(addDuration(end, -minutes(1)), { policy }))).toEqual({ ok: true, value: { expiresAt: end } });
    expect(checkEnablementToken(TOKEN, site(end, { policy }))).toEqual(expired(end, end));
    const after = addDuration(end, minutes(1));
    expect(checkEnablementToken(TOKEN, site(after, { policy }))).toEqual(expired(after, end));
  });
});

describe('checkEnablementToken: issue time', () => {
  const valid = { ok: true, value: { expiresAt: addDuration(ISSUED_AT, hours(24)) } };

  it('accepts a token issued up to the clock skew tolerance (5 min) ahead of the site clock', () => {
    expect(checkEnablementToken(TOKEN, site(addDuration(ISSUED_AT, -minutes(4))))).toEqual(valid);
    expect(checkEnablementToken(TOKEN, site(addDuration(ISSUED_AT, -minutes(5))))).toEqual(valid);
  });

  it('refuses a token issued more than the tolerance ahead of the site clock', () => {
    const now = addDuration(ISSUED_AT, -minutes(6));
    expect(checkEnablementToken(TOKEN, site(now))).toEqual({
      ok: false,
      code: 'DOCUMENT_FROM_FUTURE',
      detail: { tokenId: 'token-1', issuedAt: ISSUED_AT.toISOString(), now: now.toISOString() },
    });
  });

  it('takes the tolerance from the policy', () => {
    const policy = licensingPolicy({ clockSkewTolerance: minutes(1) });
    expect(checkEnablementToken(TOKEN, site(addDuration(ISSUED_AT, -minutes(1)), { policy }))).toEqual(valid);
    const now = addDuration(ISSUED_AT, -minutes(2));
    expect(checkEnablementToken(TOKEN, site(now, { policy }))).toEqual({
      ok: false,
      code: 'DOCUMENT_FROM_FUTURE',
      detail: { tokenId: 'token-1', issuedAt: ISSUED_AT.toISOString(), now: now.toISOString() },
    });
  });
});

describe('checkEnablementToken: recipient and version', () => {
  const now = addDuration(ISSUED_AT, hours(1));

  it('accepts the site GUID whatever its letter case', () => {
    expect(checkEnablementToken({ ...TOKEN, siteGuid: SITE.toUpperCase() }, site(now))).toEqual({
      ok: true,
      value: { expiresAt: addDuration(ISSUED_AT, hours(24)) },
    });
  });

  it('refuses a token for another site', () => {
    expect(checkEnablementToken({ ...TOKEN, siteGuid: OTHER_SITE }, site(now))).toEqual({
      ok: false,
      code: 'WRONG_RECIPIENT',
      detail: { tokenId: 'token-1', expected: `site:${SITE}`, found: `site:${OTHER_SITE}` },
    });
  });

  it('refuses a site below the policy minimum version, and admits one at it', () => {
    const policy = licensingPolicy({ minimumSiteVersion: '40.0.1' });
    expect(checkEnablementToken(TOKEN, site(now, { policy, siteVersion: '40' }))).toEqual({
      ok: false,
      code: 'SITE_VERSION_TOO_OLD',
      detail: { siteVersion: '40', minimumSiteVersion: '40.0.1' },
    });
    expect(checkEnablementToken(TOKEN, site(now, { policy, siteVersion: '40.0.1' }))).toEqual({
      ok: true,
      value: { expiresAt: addDuration(ISSUED_AT, hours(24)) },
    });
  });
});

describe('checkEnablementToken: precedence', () => {
  const late = addDuration(ISSUED_AT, hours(25));
  const old = { policy: licensingPolicy({ minimumSiteVersion: '41' }), siteVersion: '40' };

  it('names the wrong recipient before anything else', () => {
    expect(checkEnablementToken({ ...TOKEN, siteGuid: OTHER_SITE }, site(late, old))).toEqual({
      ok: false,
      code: 'WRONG_RECIPIENT',
      detail: { tokenId: 'token-1', expected: `site:${SITE}`, found: `site:${OTHER_SITE}` },
    });
  });

  it('names a token from the future before an old site version', () => {
    const now = addDuration(ISSUED_AT, -hours(1));
    expect(checkEnablementToken(TOKEN, site(now, old))).toEqual({
      ok: false,
      code: 'DOCUMENT_FROM_FUTURE',
      detail: { tokenId: 'token-1', issuedAt: ISSUED_AT.toISOString(), now: now.toISOString() },
    });
  });

  it('names an old site version before an expired token, since upgrading outlasts a token', () => {
    expect(checkEnablementToken(TOKEN, site(late, old))).toEqual({
      ok: false,
      code: 'SITE_VERSION_TOO_OLD',
      detail: { siteVersion: '40', minimumSiteVersion: '41' },
    });
  });
});
