import { days, minutes } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import type { InstalledLicense, InstalledToken } from '../state/site-events.ts';
import { grantsOf, newTenantState, type TenantState } from '../state/site-state.ts';
import { checkFeature, checkLicensed, checkSiteSound, decideCheckout, decideConsume, type SiteConditions } from './enforcement.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const token: InstalledToken = {
  id: 'token',
  customerId: 'acme',
  issuedAt: 0,
  installedAt: 0,
  minimumSiteVersion: null,
  authorityEncryptionKey: 'cert',
  cycleWindows: { fromFirstLfr: days(7), fromLatestLfr: days(2) },
};
const license: InstalledLicense = {
  olfId: 'olf',
  lfrId: 'lfr',
  customerId: 'acme',
  cycle: 1,
  sequence: 1,
  start: '2026-11-01',
  end: '2026-12-31',
  installedAt: 0,
  entitlements: [
    { type: 'runner', category: 'seat', quantity: 2 },
    { type: 'runs', category: 'meter', quantity: 10 },
    { type: 'export', category: 'feature', quantity: 1 },
    { type: 'batch', category: 'feature', quantity: 0 },
  ],
};

function licensedTenant(changes: Partial<TenantState> = {}): TenantState {
  return { ...newTenantState('default', 'RK', 0), token, license, grants: grantsOf(license), ...changes };
}
const sound: SiteConditions = { now: NOW, ledgerProblem: null, latestSeen: NOW.getTime() - minutes(1) };
const tampered = { code: 'LEDGER_TAMPERED', detail: { sequence: 3, reason: 'edited' } } as const;

describe('what a licensed application may do', () => {
  it('checks, gravest first: tenant, ledger, clock, license, lock, expiry', () => {
    const lapsed = { cycle: 2, open: { firstLfrAt: new Date(NOW.getTime() - days(7)), latestLfrAt: NOW, latestLfrId: 'x', sequence: 3 }, lockedSince: null };
    const setBack = { ...sound, latestSeen: NOW.getTime() + minutes(5) + 1 };
    const expiredNow = { ...sound, now: new Date('2027-01-01T00:00:00Z'), latestSeen: 0 };
    expect(checkLicensed(undefined, 'x', { ...sound, ledgerProblem: tampered })).toMatchObject({ ok: false, code: 'TENANT_NOT_FOUND' });
    expect(checkLicensed(licensedTenant({ license: null }), 'default', { ...setBack, ledgerProblem: tampered })).toMatchObject({
      ok: false,
      code: 'LEDGER_TAMPERED',
      detail: tampered.detail,
    });
    expect(checkLicensed(licensedTenant({ license: null }), 'default', setBack)).toMatchObject({ ok: false, code: 'CLOCK_ROLLED_BACK' });
    expect(checkLicensed(licensedTenant({ license: null, cycle: lapsed }), 'default', sound)).toEqual({
      ok: false,
      code: 'SITE_NOT_LICENSED',
      detail: { tenant: 'default' },
    });
    expect(checkLicensed(licensedTenant({ cycle: lapsed }), 'default', { ...expiredNow })).toMatchObject({ ok: false, code: 'CYCLE_LOCKED' });
    expect(checkLicensed(licensedTenant(), 'default', expiredNow)).toEqual({
      ok: false,
      code: 'LICENSE_EXPIRED',
      detail: { tenant: 'default', endsOn: '2026-12-31', now: '2027-01-01T00:00:00.000Z' },
    });
    expect(checkLicensed(licensedTenant(), 'default', { ...sound, now: new Date('2026-12-31T23:59:59.999Z') })).toMatchObject({ ok: true });
  });

  it('accepts a clock behind by exactly the tolerance, and refuses one a millisecond further back', () => {
    expect(checkSiteSound({ ...sound, latestSeen: NOW.getTime() + minutes(5) })).toEqual({ ok: true, value: undefined });
    expect(checkSiteSound({ ...sound, latestSeen: NOW.getTime() + minutes(5) + 1 })).toEqual({
      ok: false,
      code: 'CLOCK_ROLLED_BACK',
      detail: { now: NOW.toISOString(), latestSeen: new Date(NOW.getTime() + minutes(5) + 1).toISOString() },
    });
  });

  it('grants features with a quantity of one or more', () => {
    expect(checkFeature(licensedTenant(), 'export')).toEqual({ ok: true, value: { feature: 'export' } });
    expect(checkFeature(licensedTenant(), 'batch')).toEqual({ ok: false, code: 'FEATURE_NOT_LICENSED', detail: { tenant: 'default', feature: 'batch' } });
    expect(checkFeature(licensedTenant(), 'runner')).toMatchObject({ ok: false, code: 'FEATURE_NOT_LICENSED' });
  });

  it('gives a seat while one is free, keeps the seat a user holds, and refuses past the limit', () => {
    const tenant = licensedTenant({ seats: new Map([['runner', new Map([['ana', 0]])]]) });
    expect(decideCheckout(tenant, 'runner', 'ana')).toEqual({ ok: true, value: { held: true, limit: 2, used: 1 } });
    expect(decideCheckout(tenant, 'runner', 'bo')).toEqual({ ok: true, value: { held: false, limit: 2, used: 1 } });
    tenant.seats.get('runner')!.set('bo', 0);
    expect(decideCheckout(tenant, 'runner', 'cy')).toEqual({
      ok: false,
      code: 'SEAT_LIMIT_REACHED',
      detail: { tenant: 'default', type: 'runner', limit: 2, used: 2 },
    });
    expect(decideCheckout(tenant, 'runner', 'bo')).toMatchObject({ ok: true, value: { held: true } });
    expect(decideCheckout(tenant, 'runs', 'cy')).toEqual({
      ok: false,
      code: 'LICENSE_TYPE_NOT_LICENSED',
      detail: { tenant: 'default', type: 'runs', expected: 'seat' },
    });
  });

  it('records consumption up to the limit exactly, all or nothing', () => {
    const tenant = licensedTenant({ meters: new Map([['runs', 7]]) });
    expect(decideConsume(tenant, 'runs', 3)).toEqual({ ok: true, value: { total: 10, limit: 10 } });
    expect(decideConsume(tenant, 'runs', 4)).toEqual({
      ok: false,
      code: 'METER_LIMIT_REACHED',
      detail: { tenant: 'default', meter: 'runs', used: 7, amount: 4, limit: 10 },
    });
    expect(decideConsume(tenant, 'runner', 1)).toMatchObject({ ok: false, code: 'LICENSE_TYPE_NOT_LICENSED', detail: { expected: 'meter' } });
  });
});
