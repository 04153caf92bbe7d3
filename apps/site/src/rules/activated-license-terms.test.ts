import { describe, expect, it } from 'vitest';
import { newTenantState } from '../state/site-state.ts';
import { item } from '../testing/activated-license-testing.ts';
import { activatedGrantsOn, type InstalledActivatedLicense } from '../state/activated-license-state.ts';
import { activatedLicenseEnd, checkActivatedLicenseInstall, tenantOnDay } from './activated-license-terms.ts';

const license = (revision: number, items: InstalledActivatedLicense['items']): InstalledActivatedLicense => ({
  licenseId: `license-${revision}`,
  registrationKey: 'XBWJ-N5F3-EP7S-3BYJ',
  customerId: 'acme',
  revision,
  activatedLrn: 'LRN-0000-0000-0000-0001',
  lrns: ['LRN-0000-0000-0000-0001'],
  items,
  issuedAt: 0,
  installedAt: 0,
});
const at = (instant: string) => new Date(instant);

describe('what an activated license grants', () => {
  it('sums the items in force on the day per license type, each item to the end of its expiry day', () => {
    const terms = license(1, [
      item('runner', 2),
      item('runner', 3, 'term', '2026-12-31'),
      item('creator', 1, 'pilot', '2026-12-15'),
      item('runner', 1, 'temporary', '2026-12-15'),
    ]);
    expect([...activatedGrantsOn(terms, at('2026-12-15T23:59:59.999Z')).values()]).toEqual([
      { type: 'creator', category: null, quantity: 1 },
      { type: 'runner', category: null, quantity: 6 },
    ]);
    expect([...activatedGrantsOn(terms, at('2026-12-16T00:00:00.000Z')).values()]).toEqual([{ type: 'runner', category: null, quantity: 5 }]);
    expect([...activatedGrantsOn(terms, at('2027-01-01T00:00:00.000Z')).values()]).toEqual([{ type: 'runner', category: null, quantity: 2 }]);
  });

  it('ends with its latest item, and never while it holds a permanent one', () => {
    expect(activatedLicenseEnd(license(1, [item('runner', 3, 'term', '2027-01-31'), item('creator', 1, 'pilot', '2026-12-15')]))).toEqual({
      endsOn: '2027-01-31',
      expiresAt: Date.parse('2027-02-01T00:00:00Z'),
    });
    expect(activatedLicenseEnd(license(1, [item('runner', 3, 'term', '2027-01-31'), item('runner', 1)]))).toBeNull();
    expect(activatedLicenseEnd(null)).toBeNull();
  });

  it('gives a tenant licensed by orders the grants of the day in a copy, leaving the state as it is', () => {
    const terms = license(1, [item('runner', 2), item('runner', 3, 'term', '2026-12-31')]);
    const tenant = {
      ...newTenantState('blue', 'XBWJ-N5F3-EP7S-3BYJ', 0),
      activated: terms,
      activatedRevision: 1,
      grants: activatedGrantsOn(terms, at('2026-12-01T00:00:00Z')),
    };
    expect(tenantOnDay(tenant, at('2026-12-01T23:00:00Z'))).toBe(tenant);
    const later = tenantOnDay(tenant, at('2027-01-01T00:00:00Z'));
    expect(later.grants.get('runner')?.quantity).toBe(2);
    expect(later.seats).toBe(tenant.seats);
    expect(tenant.grants.get('runner')?.quantity).toBe(5);
  });

  it('checks a newer revision first, then that something is in force, then the seats in use', () => {
    const tenant = {
      ...newTenantState('blue', 'XBWJ-N5F3-EP7S-3BYJ', 0),
      activatedRevision: 2,
      seats: new Map([
        [
          'runner',
          new Map([
            ['bo', 0],
            ['ana', 0],
          ]),
        ],
      ]),
    };
    const now = at('2027-01-01T00:00:00Z');
    const endedAndSmall = (revision: number) => license(revision, [item('runner', 1, 'term', '2026-12-31')]);
    expect(checkActivatedLicenseInstall(tenant, endedAndSmall(2), now)).toEqual({
      ok: false,
      code: 'ACTIVATED_LICENSE_NOT_NEWER',
      detail: { tenant: 'blue', installed: 2, found: 2 },
    });
    expect(checkActivatedLicenseInstall(tenant, endedAndSmall(3), now)).toEqual({
      ok: false,
      code: 'LICENSE_EXPIRED',
      detail: { tenant: 'blue', endsOn: '2026-12-31', now: now.toISOString() },
    });
    expect(checkActivatedLicenseInstall(tenant, license(3, [item('runner', 1)]), now)).toEqual({
      ok: false,
      code: 'SEAT_REDUCTION_BELOW_USE',
      detail: { violations: [{ type: 'runner', used: 2, limit: 1, users: ['ana', 'bo'] }] },
    });
    expect(checkActivatedLicenseInstall(tenant, license(3, [item('runner', 2)]), now)).toEqual({ ok: true, value: undefined });
  });
});
