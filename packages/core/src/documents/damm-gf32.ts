/**
 * A check character over a 32-symbol alphabet by the Damm algorithm, on the totally
 * anti-symmetric quasigroup x∘y = a·x ⊕ y over GF(32) (field polynomial x⁵ + x² + 1, a = 2).
 *
 * Why it catches every single substitution and every swap of two neighbours:
 * - each row and column of ∘ is a permutation, so changing one symbol changes the running
 *   interim, and every later step maps distinct interims to distinct interims;
 * - (c∘x)∘y = a²c ⊕ a·x ⊕ y, so (c∘x)∘y = (c∘y)∘x ⇒ (a ⊕ 1)(x ⊕ y) = 0 ⇒ x = y, as a ≠ 1.
 * The check symbol for interim i is the c with i∘c = 0, that is c = a·i; verifying runs ∘ over
 * all symbols, check included, and expects 0 — so a swap with the check symbol is caught too.
 */
const FIELD_POLYNOMIAL = 0b100101; // x^5 + x^2 + 1
const A = 2;

/** Multiplication in GF(32). */
export function gf32Multiply(x: number, y: number): number {
  let product = 0;
  let a = x;
  let b = y;
  while (b > 0) {
    if (b & 1) product ^= a;
    b >>= 1;
    a <<= 1;
    if (a & 0b100000) a ^= FIELD_POLYNOMIAL;
  }
  return product;
}

/** The quasigroup operation x∘y. */
export function dammOperation(x: number, y: number): number {
  return gf32Multiply(A, x) ^ y;
}

/** The running interim over a sequence of symbols (0..31). */
export function dammInterim(symbols: readonly number[]): number {
  return symbols.reduce((interim, symbol) => dammOperation(interim, symbol), 0);
}

/** The check symbol to append to the given symbols. */
export function dammCheckSymbol(symbols: readonly number[]): number {
  return gf32Multiply(A, dammInterim(symbols));
}

/** True when the symbols, check symbol last, are consistent. */
export function dammValid(symbolsWithCheck: readonly number[]): boolean {
  return dammInterim(symbolsWithCheck) === 0;
}
