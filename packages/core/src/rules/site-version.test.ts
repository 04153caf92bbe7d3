import { describe, expect, it } from 'vitest';
import { checkSiteVersion, compareVersions, isVersion } from './site-version.ts';

describe('compareVersions', () => {
  it.each([
    ['40', '40.0.1', -1],
    ['40.0.1', '40', 1],
    ['40', '40.0', 0],
    ['40.0.0', '40', 0],
    ['40.9', '40.10', -1],
    ['40.10', '40.9', 1],
    ['9', '10', -1],
    ['40.1.2', '40.1.2', 0],
    ['40.01', '40.1', 0],
    ['39.99.99', '40', -1],
    ['1.2024010112', '1.2024010111', 1],
    ['1.99999999999999999999', '1.100000000000000000000', -1],
    ['0.0', '0', 0],
    ['007', '7', 0],
  ] as const)('orders %s against %s as %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });

  it('throws on a string that is not a version, a bug in the caller', () => {
    expect(() => compareVersions('40.x', '40')).toThrow(new TypeError('not a dotted numeric version: 40.x'));
    expect(() => compareVersions('40', '')).toThrow(new TypeError('not a dotted numeric version: '));
  });
});

describe('isVersion', () => {
  it.each(['40', '40.1.2', '2024.10.0.7', '0', '1.2024010112'])('accepts %s', (text) => {
    expect(isVersion(text)).toBe(true);
  });

  it.each(['', '40.', '.40', '40..1', 'v40', '40.1-beta', ' 40', '40 ', '1'.repeat(65)])('rejects %j', (text) => {
    expect(isVersion(text)).toBe(false);
  });
});

describe('checkSiteVersion', () => {
  it('admits any version when the policy sets no minimum', () => {
    expect(checkSiteVersion('1', null)).toEqual({ ok: true, value: undefined });
  });

  it('admits the minimum itself and anything above it', () => {
    expect(checkSiteVersion('40.0.1', '40.0.1')).toEqual({ ok: true, value: undefined });
    expect(checkSiteVersion('40.0.2', '40.0.1')).toEqual({ ok: true, value: undefined });
    expect(checkSiteVersion('41', '40.0.1')).toEqual({ ok: true, value: undefined });
  });

  it('refuses a version below the minimum, even one that is its prefix', () => {
    expect(checkSiteVersion('40', '40.0.1')).toEqual({
      ok: false,
      code: 'SITE_VERSION_TOO_OLD',
      detail: { siteVersion: '40', minimumSiteVersion: '40.0.1' },
    });
  });

  it('refuses a malformed site version, even with no minimum', () => {
    expect(checkSiteVersion('forty', null)).toEqual({
      ok: false,
      code: 'VERSION_INVALID',
      detail: { field: 'siteVersion', value: 'forty' },
    });
  });

  it('refuses a malformed minimum rather than guessing', () => {
    expect(checkSiteVersion('40', '40.x')).toEqual({
      ok: false,
      code: 'VERSION_INVALID',
      detail: { field: 'minimumSiteVersion', value: '40.x' },
    });
  });
});
