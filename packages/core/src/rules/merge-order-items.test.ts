import { describe, expect, it } from 'vitest';
import type { LicenseItem } from '../documents/claims.ts';
import { mergeOrderItems } from './merge-order-items.ts';

const NOW = new Date('2026-06-15T10:00:00.000Z');

const permanent = (licenseType: string, quantity: number, product = 'rpa'): LicenseItem => ({ product, licenseType, quantity, kind: 'permanent' });
const dated = (kind: 'term' | 'pilot' | 'temporary', licenseType: string, quantity: number, expiresOn: string): LicenseItem => ({
  product: 'rpa',
  licenseType,
  quantity,
  kind,
  expiresOn,
});

describe('mergeOrderItems', () => {
  it('sums alike permanent and term items of the previous license and the order', () => {
    const previous = [permanent('runner', 5), dated('term', 'creator', 2, '2026-12-31')];
    const order = [permanent('runner', 3), dated('term', 'creator', 1, '2026-12-31'), dated('term', 'creator', 4, '2027-12-31')];
    expect(mergeOrderItems(previous, order, NOW)).toEqual({
      ok: true,
      value: [dated('term', 'creator', 3, '2026-12-31'), dated('term', 'creator', 4, '2027-12-31'), permanent('runner', 8)],
    });
  });

  it("drops the previous license's pilot and temporary items", () => {
    const previous = [permanent('runner', 5), dated('pilot', 'analyst', 2, '2026-07-01'), dated('temporary', 'runner', 10, '2026-07-01')];
    expect(mergeOrderItems(previous, [permanent('runner', 1)], NOW)).toEqual({ ok: true, value: [permanent('runner', 6)] });
  });

  it("keeps the order's own pilot and temporary items", () => {
    const order = [dated('temporary', 'runner', 10, '2026-07-01'), dated('pilot', 'analyst', 2, '2026-07-01')];
    expect(mergeOrderItems([permanent('runner', 5)], order, NOW)).toEqual({
      ok: true,
      value: [dated('pilot', 'analyst', 2, '2026-07-01'), permanent('runner', 5), dated('temporary', 'runner', 10, '2026-07-01')],
    });
  });

  it('keeps a previous term item through its expiry day and drops it the day after, in UTC', () => {
    const previous = [dated('term', 'runner', 5, '2026-06-15'), dated('term', 'creator', 1, '2026-06-14')];
    expect(mergeOrderItems(previous, [], new Date('2026-06-15T23:59:00.000Z'))).toEqual({
      ok: true,
      value: [dated('term', 'runner', 5, '2026-06-15')],
    });
    expect(mergeOrderItems(previous, [], new Date('2026-06-16T00:00:00.000Z'))).toEqual({ ok: true, value: [] });
  });

  it('keeps every item of the order, even a term item already expired', () => {
    expect(mergeOrderItems([], [dated('term', 'runner', 5, '2026-01-01')], NOW)).toEqual({
      ok: true,
      value: [dated('term', 'runner', 5, '2026-01-01')],
    });
  });

  it('sorts by product, license type, kind (permanent, term, pilot, temporary) and expiry', () => {
    const order = [
      dated('temporary', 'runner', 1, '2026-07-01'),
      dated('term', 'runner', 1, '2027-01-01'),
      dated('pilot', 'runner', 1, '2026-07-01'),
      dated('term', 'runner', 1, '2026-09-01'),
      permanent('runner', 1),
      permanent('seat', 1, 'ocr'),
    ];
    expect(mergeOrderItems([], order, NOW)).toEqual({
      ok: true,
      value: [
        permanent('seat', 1, 'ocr'),
        permanent('runner', 1),
        dated('term', 'runner', 1, '2026-09-01'),
        dated('term', 'runner', 1, '2027-01-01'),
        dated('pilot', 'runner', 1, '2026-07-01'),
        dated('temporary', 'runner', 1, '2026-07-01'),
      ],
    });
  });

  it('refuses invalid items, naming every one in either list', () => {
    const previous = [permanent('runner', -1)];
    const order: LicenseItem[] = [
      { product: 'rpa', licenseType: 'creator', quantity: 1, kind: 'term' },
      { product: 'rpa', licenseType: 'runner', quantity: 1, kind: 'permanent', expiresOn: '2027-01-01' },
      dated('pilot', 'analyst', 1, '2026-02-30'),
      permanent('viewer', 2.5),
      permanent('ok', 1),
    ];
    expect(mergeOrderItems(previous, order, NOW)).toEqual({
      ok: false,
      code: 'ORDER_ITEM_INVALID',
      detail: {
        invalid: [
          { source: 'previous', index: 0, product: 'rpa', licenseType: 'runner', reason: 'quantity is not a whole number of zero or more' },
          { source: 'order', index: 0, product: 'rpa', licenseType: 'creator', reason: 'a term item needs an expiry date' },
          { source: 'order', index: 1, product: 'rpa', licenseType: 'runner', reason: 'a permanent item has no expiry date' },
          { source: 'order', index: 2, product: 'rpa', licenseType: 'analyst', reason: 'expiry is not a real YYYY-MM-DD date' },
          { source: 'order', index: 3, product: 'rpa', licenseType: 'viewer', reason: 'quantity is not a whole number of zero or more' },
        ],
      },
    });
  });

  it('refuses a temporary item without an expiry', () => {
    const order: LicenseItem[] = [{ product: 'rpa', licenseType: 'runner', quantity: 1, kind: 'temporary' }];
    expect(mergeOrderItems([], order, NOW)).toEqual({
      ok: false,
      code: 'ORDER_ITEM_INVALID',
      detail: { invalid: [{ source: 'order', index: 0, product: 'rpa', licenseType: 'runner', reason: 'a temporary item needs an expiry date' }] },
    });
  });
});
