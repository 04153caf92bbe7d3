import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activatedDevice, defaultTerms, expectCode, testVendor, type TestVendor } from '../test/test-vendor.ts';
import type { AirlockOptions } from './index.ts';

/**
 * The share of a meter's limit a file grants the device (docs/devices.md, "Meter limits shared
 * by devices"), enforced by the SDK: what the authority had counted, the allotment beyond the
 * reports it counted, the overage allowance; and files of earlier releases, which carry none.
 */
let vendor: TestVendor;
let checkIns: ((sequence: number) => { status: number; json: unknown })[];
beforeEach(async () => {
  vendor = await testVendor();
  checkIns = [];
});
afterEach(() => vendor.dispose());

/** Answers check-ins as the authority would (counted), or as a lost answer when told. */
const standIn = (async (url: string, init?: RequestInit) => {
  if (new URL(url).pathname !== '/v1/devices/check-in') return new Response('{}', { status: 404 });
  const { claims } = await vendor.openUsageReport((JSON.parse(init?.body as string) as { report: string }).report);
  const answer = checkIns.shift()?.(claims.sequence) ?? {
    status: 200,
    json: { licenseId: 'lic-1', activationId: 'act-1', sequence: claims.sequence, counted: true },
  };
  if (answer.status === 0) throw new TypeError('fetch failed');
  return new Response(JSON.stringify(answer.json), { status: answer.status, headers: { 'content-type': 'application/json' } });
}) as unknown as typeof fetch;
const online: Partial<AirlockOptions> = { authorityUrl: 'http://authority.test', fetch: standIn };

const shared = (grant: { counted: number; allotment: number; overage?: number }, reportedThrough: number) => ({
  entitlements: {
    features: ['export'],
    meters: [{ meter: 'renders', limit: 10, overage: grant.overage ?? 0, counted: grant.counted, allotment: grant.allotment }],
  },
  reportedThrough,
});

describe('meter grants', () => {
  it('enforces a file of an earlier release, with no share in it, as the whole limit', async () => {
    const { airlock, issued } = await activatedDevice(vendor);
    expect(issued.claims.entitlements.meters).toEqual([
      { meter: 'renders', limit: 10 },
      { meter: 'previews', limit: null },
    ]);
    expect(issued.claims.reportedThrough).toBeUndefined();
    expect(airlock.usage('renders')).toEqual({ meter: 'renders', used: 0, limit: 10, remaining: 10, overage: 0, overageAllowance: 0 });
    await airlock.consume('renders', 10);
    await expectCode(airlock.consume('renders', 1), 'METER_LIMIT_REACHED');
  });

  it('counts what other devices used and allots only its share', async () => {
    const { airlock } = await activatedDevice(vendor, shared({ counted: 6, allotment: 2 }, 0));
    expect(airlock.usage('renders')).toEqual({ meter: 'renders', used: 6, limit: 10, remaining: 2, overage: 0, overageAllowance: 0 });
    expect(await airlock.consume('renders', 2)).toEqual({ meter: 'renders', used: 8, limit: 10, remaining: 0, overage: 0, overageAllowance: 0 });
    const error = await expectCode(airlock.consume('renders', 1), 'METER_LIMIT_REACHED');
    expect(error.detail).toEqual({ meter: 'renders', used: 8, amount: 1, limit: 10, remaining: 0, overageAllowance: 0 });
  });

  it('takes out of a new allotment only the consumption its reportedThrough does not cover', async () => {
    const { airlock, issued } = await activatedDevice(vendor, shared({ counted: 0, allotment: 5 }, 0), online);
    await airlock.consume('renders', 3);
    await airlock.checkIn();
    await airlock.consume('renders', 1);
    vendor.clock.advance(1000);
    // The authority counted report 1 (3 renders): the new file grants 4 beyond it.
    await airlock.applyRefreshFile(await vendor.refresh(issued, { revision: 1, ...shared({ counted: 3, allotment: 4 }, 1) }));
    expect(airlock.usage('renders')).toEqual({ meter: 'renders', used: 4, limit: 10, remaining: 3, overage: 0, overageAllowance: 0 });
  });

  it('counts a report the file does not cover, acknowledged or not, against the new allotment', async () => {
    const { airlock, issued } = await activatedDevice(vendor, shared({ counted: 0, allotment: 5 }, 0), online);
    await airlock.consume('renders', 2);
    await airlock.checkIn();
    await airlock.consume('renders', 2);
    checkIns.push(() => ({ status: 0, json: null }));
    await expectCode(airlock.checkIn(), 'AUTHORITY_UNREACHABLE');
    vendor.clock.advance(1000);
    // Issued when only report 1 was counted: report 2, sent but unanswered, is beyond the grant.
    await airlock.applyRefreshFile(await vendor.refresh(issued, { revision: 1, ...shared({ counted: 2, allotment: 3 }, 1) }));
    expect(airlock.usage('renders')).toMatchObject({ used: 4, remaining: 1 });
  });

  it('keeps what the file in force covers however many reports it makes since', async () => {
    const { airlock, issued } = await activatedDevice(
      vendor,
      { entitlements: { features: [], meters: [{ meter: 'renders', limit: 100, counted: 0, allotment: 50 }] }, reportedThrough: 0 },
      online,
    );
    await airlock.consume('renders', 4);
    await airlock.checkIn();
    vendor.clock.advance(1000);
    await airlock.applyRefreshFile(
      await vendor.refresh(issued, {
        revision: 1,
        entitlements: { features: [], meters: [{ meter: 'renders', limit: 100, counted: 4, allotment: 40 }] },
        reportedThrough: 1,
      }),
    );
    for (let i = 0; i < 35; i++) {
      await airlock.consume('renders', 1);
      await airlock.checkIn();
    }
    expect(airlock.usage('renders')).toMatchObject({ used: 39, remaining: 5 });
  });

  it('applies a file of the same revision only when issued later than the one held', async () => {
    const { airlock, issued } = await activatedDevice(vendor, shared({ counted: 0, allotment: 5 }, 0));
    const sameSecond = await vendor.refresh(issued, { revision: 1, ...shared({ counted: 0, allotment: 9 }, 0) });
    await expectCode(airlock.applyRefreshFile(sameSecond), 'REFRESH_NOT_NEWER');
    vendor.clock.advance(1000);
    const older = await vendor.refresh(issued, { revision: 1, ...shared({ counted: 0, allotment: 7 }, 0) });
    vendor.clock.advance(1000);
    await airlock.applyRefreshFile(await vendor.refresh(issued, { revision: 1, ...shared({ counted: 0, allotment: 6 }, 0) }));
    await expectCode(airlock.applyRefreshFile(older), 'REFRESH_NOT_NEWER');
    expect(airlock.usage('renders')?.remaining).toBe(6);
    expect(airlock.license?.revision).toBe(defaultTerms.revision);
  });

  it('goes past the limit within the overage allowance, saying by how much', async () => {
    const { airlock } = await activatedDevice(vendor, shared({ counted: 9, allotment: 3, overage: 2 }, 0));
    expect((await airlock.consume('renders', 1)).overage).toBe(0);
    expect(await airlock.consume('renders', 2)).toEqual({ meter: 'renders', used: 12, limit: 10, remaining: 0, overage: 2, overageAllowance: 2 });
  });

  it('explains that an amount of 0 is refused: a whole number from 1', async () => {
    const { airlock } = await activatedDevice(vendor);
    const error = await expectCode(airlock.consume('renders', 0), 'QUANTITY_INVALID');
    expect(error.detail).toEqual({ meter: 'renders', amount: '0', reason: 'the amount consumed must be a whole number from 1 to 1000000000' });
    expect(error.message).toContain('from 1');
  });
});
