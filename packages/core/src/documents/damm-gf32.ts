/**
 * A check symbol over a 32-symbol alphabet by the Damm algorithm, on the totally anti-symmetric
 * quasigroup x∘y = a·x ⊕ y over GF(32) (field polynomial x⁵ + x² + 1, a = 2).
 *
 * Why it catches every single substitution and every swap of two different neighbours:
 * - Each row (x ↦ x∘y, since a ≠ 0 is invertible) and each column (y ↦ x∘y) of ∘ is a
 *   permutation. A substituted symbol therefore changes the interim right after it, and every
 *   later step maps distinct interims to distinct interims, so the final interim changes.
 * - (c∘x)∘y = a²c ⊕ a·x ⊕ y, so (c∘x)∘y = (c∘y)∘x ⇒ a·x ⊕ y = a·y ⊕ x ⇒ (a ⊕ 1)(x ⊕ y) = 0
 *   ⇒ x = y, because a ≠ 1 and a field has no zero divisors. So a swap of two different
 *   neighbours changes the interim after the pair, and (rows being permutations) the final one.
 * The check symbol for interim i is the unique c with i∘c = 0, that is c = a·i. Verifying runs
 * ∘ over all symbols, the check symbol included, and expects 0, so a swap of the last data
 * symbol with the check symbol is caught like any other.
 *
 * Unlike Damm's original tables, this quasigroup has no zero diagonal (x∘x = (a ⊕ 1)·x), which
 * is why the check symbol is a·i rather than i itself.
 */

/** x⁵ + x² + 1, irreducible over GF(2): GF(2)[x] modulo it is the field GF(32). */
const FIELD_POLYNOMIAL = 0b10_0101;
/** The multiplier a of x∘y = a·x ⊕ y; any a ∉ {0, 1} gives a totally anti-symmetric quasigroup. */
const MULTIPLIER = 2;

/**
 * Multiplication in GF(32); symbols 0..31 are polynomials over GF(2), bit i the coefficient of xⁱ.
 *
 * @example
 * ```ts
 * gf32Multiply(2, 16); // 5: x · x⁴ = x⁵ ≡ x² + 1
 * ```
 */
export function gf32Multiply(x: number, y: number): number {
  let product = 0;
  let shifted = x;
  for (let rest = y; rest > 0; rest >>= 1) {
    if (rest & 1) product ^= shifted;
    shifted <<= 1;
    if (shifted & 0b10_0000) shifted ^= FIELD_POLYNOMIAL;
  }
  return product;
}

const TIMES_MULTIPLIER: readonly number[] = Array.from({ length: 32 }, (_, x) => gf32Multiply(MULTIPLIER, x));

function timesMultiplier(x: number): number {
  const product = TIMES_MULTIPLIER[x];
  if (product === undefined) throw new RangeError(`not a GF(32) symbol: ${x}`);
  return product;
}

/**
 * The quasigroup operation x∘y = 2·x ⊕ y on symbols 0..31.
 *
 * @example
 * ```ts
 * dammOperation(16, 1); // 4: 2·16 = 5 in GF(32), 5 ⊕ 1 = 4
 * ```
 */
export function dammOperation(x: number, y: number): number {
  return timesMultiplier(x) ^ y;
}

/**
 * The interim after running ∘ over the symbols, starting from 0.
 *
 * @example
 * ```ts
 * dammInterim([3, 1]); // 7: (0∘3)∘1 = 6 ⊕ 1
 * ```
 */
export function dammInterim(symbols: readonly number[]): number {
  return symbols.reduce((interim, symbol) => dammOperation(interim, symbol), 0);
}

/**
 * The check symbol to append to the symbols: the c that brings the interim to 0.
 *
 * @example
 * ```ts
 * dammCheckSymbol([3, 1]); // 14
 * dammValid([3, 1, 14]); // true
 * ```
 */
export function dammCheckSymbol(symbols: readonly number[]): number {
  return timesMultiplier(dammInterim(symbols));
}

/**
 * True when the symbols, check symbol last, are consistent.
 *
 * @example
 * ```ts
 * dammValid([3, 1, 14]); // true
 * dammValid([1, 3, 14]); // false: a swap of neighbours
 * ```
 */
export function dammValid(symbolsWithCheck: readonly number[]): boolean {
  return dammInterim(symbolsWithCheck) === 0;
}
