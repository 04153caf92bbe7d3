import { describe, expect, it } from 'vitest';
import { siteModes, tenantMode, VERSION_NOT_KNOWN, type ModePolicy } from './site-modes.ts';

const either: ModePolicy = { siteLicensing: 'files-or-connected', minimumSiteVersion: null, minimumConnectedSiteVersion: null };
const yes = { allowed: true, reason: null };

describe('which modes a site may use', () => {
  it('allows both modes under files-or-connected with no minimum', () => {
    expect(siteModes(either, '41.2')).toEqual({ files: yes, connected: yes });
  });

  it('allows only the mode the policy names', () => {
    expect(siteModes({ ...either, siteLicensing: 'files' }, '41.2')).toEqual({
      files: yes,
      connected: { allowed: false, reason: 'the policy allows files only' },
    });
    expect(siteModes({ ...either, siteLicensing: 'connected' }, '41.2')).toEqual({
      files: { allowed: false, reason: 'the policy requires connected mode' },
      connected: yes,
    });
  });

  it('holds connected mode to both minimums, and files to the one every mode needs', () => {
    const policy = { ...either, minimumSiteVersion: '40', minimumConnectedSiteVersion: '42.1' };
    expect(siteModes(policy, '42.1')).toEqual({ files: yes, connected: yes });
    expect(siteModes(policy, '42.0.9')).toEqual({
      files: yes,
      connected: { allowed: false, reason: 'site version 42.0.9 is below 42.1, the lowest connected mode needs' },
    });
    const refused = { allowed: false, reason: 'site version 39.9 is below 40, the lowest any mode needs' };
    expect(siteModes(policy, '39.9')).toEqual({ files: refused, connected: refused });
    // Versions compare as numbers, group by group.
    expect(siteModes({ ...either, minimumConnectedSiteVersion: '42.9' }, '42.10').connected).toEqual(yes);
  });

  it('allows what the policy allows to a site whose version is not known yet, and says so', () => {
    const policy = { ...either, minimumSiteVersion: '40', minimumConnectedSiteVersion: '42' };
    const unknown = { allowed: true, reason: VERSION_NOT_KNOWN };
    expect(siteModes(policy, null)).toEqual({ files: unknown, connected: unknown });
    expect(siteModes({ ...policy, siteLicensing: 'files' }, null)).toEqual({
      files: unknown,
      connected: { allowed: false, reason: 'the policy allows files only' },
    });
  });

  it('refuses a mode when a version cannot be compared, naming which', () => {
    expect(siteModes({ ...either, minimumConnectedSiteVersion: '42' }, '42-beta').connected).toEqual({
      allowed: false,
      reason: 'version 42-beta is not a dotted list of numbers',
    });
    expect(siteModes({ ...either, minimumSiteVersion: 'latest' }, '42').files).toEqual({
      allowed: false,
      reason: 'version latest of the policy is not a dotted list of numbers',
    });
  });
});

describe('the mode a site tenant uses', () => {
  const day = (n: number) => new Date(Date.UTC(2026, 11, n));
  it('is the way its latest LFR came, unless it exchanged over the link after an LFR carried by hand', () => {
    expect(tenantMode(undefined, undefined)).toBe('files');
    expect(tenantMode({ via: 'file', receivedAt: day(1) }, undefined)).toBe('files');
    expect(tenantMode({ via: 'link', receivedAt: day(1) }, undefined)).toBe('connected');
    expect(tenantMode(undefined, day(1))).toBe('connected');
    // Back to files: an LFR carried by hand after the last exchange.
    expect(tenantMode({ via: 'file', receivedAt: day(2) }, day(1))).toBe('files');
    // An exchange after the LFR carried by hand: on the link again.
    expect(tenantMode({ via: 'file', receivedAt: day(1) }, day(2))).toBe('connected');
    expect(tenantMode({ via: 'link', receivedAt: day(1) }, day(1))).toBe('connected');
  });
});
