import { describe, expect, it } from 'vitest';
import { checkAllocation } from './check-allocation.ts';

const PURCHASED = { creator: 5, runner: 20 };

describe('checkAllocation', () => {
  it('accepts quantities up to what is left of the purchase, with one line per type', () => {
    expect(checkAllocation({ requested: { runner: 12, creator: 5 }, heldByOtherSites: [{ runner: 5 }, { runner: 3 }], purchased: PURCHASED })).toEqual({
      ok: true,
      value: [
        { type: 'creator', requested: 5, heldElsewhere: 0, purchased: 5, available: 5 },
        { type: 'runner', requested: 12, heldElsewhere: 8, purchased: 20, available: 12 },
      ],
    });
  });

  it('refuses one more than is available, listing every violated type', () => {
    const outcome = checkAllocation({
      requested: { runner: 13, creator: 6, analyst: 1, viewer: 0 },
      heldByOtherSites: [{ runner: 5 }, { runner: 3 }],
      purchased: PURCHASED,
    });
    expect(outcome).toEqual({
      ok: false,
      code: 'ALLOCATION_EXCEEDS_PURCHASE',
      detail: {
        violations: [
          { type: 'analyst', requested: 1, heldElsewhere: 0, purchased: 0, available: 0 },
          { type: 'creator', requested: 6, heldElsewhere: 0, purchased: 5, available: 5 },
          { type: 'runner', requested: 13, heldElsewhere: 8, purchased: 20, available: 12 },
        ],
      },
    });
  });

  it('counts nothing as available when other sites already hold more than was bought', () => {
    expect(checkAllocation({ requested: { runner: 1 }, heldByOtherSites: [{ runner: 25 }], purchased: PURCHASED })).toEqual({
      ok: false,
      code: 'ALLOCATION_EXCEEDS_PURCHASE',
      detail: { violations: [{ type: 'runner', requested: 1, heldElsewhere: 25, purchased: 20, available: 0 }] },
    });
  });

  it('accepts zero of a type never bought', () => {
    expect(checkAllocation({ requested: { analyst: 0 }, heldByOtherSites: [], purchased: PURCHASED })).toEqual({
      ok: true,
      value: [{ type: 'analyst', requested: 0, heldElsewhere: 0, purchased: 0, available: 0 }],
    });
  });

  it('reads a type named like an object member as data', () => {
    expect(checkAllocation({ requested: { constructor: 1 }, heldByOtherSites: [], purchased: {} })).toEqual({
      ok: false,
      code: 'ALLOCATION_EXCEEDS_PURCHASE',
      detail: { violations: [{ type: 'constructor', requested: 1, heldElsewhere: 0, purchased: 0, available: 0 }] },
    });
  });

  it('refuses negative, fractional and non-finite quantities, listing every one before any sum', () => {
    const outcome = checkAllocation({
      requested: { runner: -1, creator: 1.5 },
      heldByOtherSites: [{ runner: 2 }, { runner: Number.NaN }],
      purchased: { runner: Number.POSITIVE_INFINITY },
    });
    expect(outcome).toEqual({
      ok: false,
      code: 'QUANTITY_INVALID',
      detail: {
        invalid: [
          { field: 'requested', type: 'creator', quantity: 1.5 },
          { field: 'requested', type: 'runner', quantity: -1 },
          { field: 'heldByOtherSites[1]', type: 'runner', quantity: 'NaN' },
          { field: 'purchased', type: 'runner', quantity: 'Infinity' },
        ],
      },
    });
  });
});
