import { describe, expect, it } from 'vitest';
import { dammCheckSymbol, dammInterim, dammOperation, dammValid, gf32Multiply } from './damm-gf32.ts';

const symbols = Array.from({ length: 32 }, (_, symbol) => symbol);

describe('GF(32) multiplication', () => {
  it('reduces by x⁵ + x² + 1', () => {
    expect([gf32Multiply(2, 16), gf32Multiply(16, 2), gf32Multiply(1, 31), gf32Multiply(0, 31)]).toEqual([5, 5, 31, 0]);
  });

  it('is a field: every non-zero symbol has exactly one inverse (all 32²)', () => {
    const inverses = symbols.slice(1).map((x) => symbols.filter((y) => gf32Multiply(x, y) === 1));
    expect(inverses.every((found) => found.length === 1)).toBe(true);
  });

  it('is commutative, associative and distributes over ⊕ (all 32³ triples)', () => {
    const failures: [number, number, number][] = [];
    for (const x of symbols)
      for (const y of symbols)
        for (const z of symbols) {
          const commutes = gf32Multiply(x, y) === gf32Multiply(y, x);
          const associates = gf32Multiply(gf32Multiply(x, y), z) === gf32Multiply(x, gf32Multiply(y, z));
          const distributes = gf32Multiply(x, y ^ z) === (gf32Multiply(x, y) ^ gf32Multiply(x, z));
          if (!commutes || !associates || !distributes) failures.push([x, y, z]);
        }
    expect(failures).toEqual([]);
  });
});

describe('the Damm quasigroup x∘y = 2·x ⊕ y', () => {
  it('has a permutation of the 32 symbols in every row and every column', () => {
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    for (const x of symbols) {
      expect(sorted(symbols.map((y) => dammOperation(x, y)))).toEqual(symbols);
      expect(sorted(symbols.map((y) => dammOperation(y, x)))).toEqual(symbols);
    }
  });

  it('is totally anti-symmetric: (c∘x)∘y = (c∘y)∘x only when x = y (all 32³ triples)', () => {
    const collisions: [number, number, number][] = [];
    for (const c of symbols)
      for (const x of symbols)
        for (const y of symbols) if (x !== y && dammOperation(dammOperation(c, x), y) === dammOperation(dammOperation(c, y), x)) collisions.push([c, x, y]);
    expect(collisions).toEqual([]);
  });

  it('appends the one check symbol that brings every interim back to 0', () => {
    for (const interim of symbols) {
      const closing = symbols.filter((c) => dammOperation(interim, c) === 0);
      expect(closing).toEqual([dammCheckSymbol([interim])]);
    }
  });

  it('matches the worked example', () => {
    expect(dammInterim([3, 1])).toBe(7);
    expect(dammCheckSymbol([3, 1])).toBe(14);
    expect([dammValid([3, 1, 14]), dammValid([1, 3, 14]), dammValid([3, 14, 1]), dammValid([3, 1, 15])]).toEqual([true, false, false, false]);
  });
});
