import { describe, expect, it } from 'vitest';
import { isQuantity, quantityOf } from './quantities.ts';

describe('quantityOf', () => {
  it('reads a present type and counts an absent one as 0', () => {
    expect(quantityOf({ runner: 10 }, 'runner')).toBe(10);
    expect(quantityOf({ runner: 10 }, 'creator')).toBe(0);
  });

  it('ignores members inherited from Object.prototype', () => {
    expect(quantityOf({}, 'constructor')).toBe(0);
    expect(quantityOf({}, 'toString')).toBe(0);
  });
});

describe('isQuantity', () => {
  it.each([0, 1, 1_000_000_000])('accepts %d', (value) => {
    expect(isQuantity(value)).toBe(true);
  });

  it.each([-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('rejects %d', (value) => {
    expect(isQuantity(value)).toBe(false);
  });
});
