/** Quantities per license type, e.g. `{ 'bot-runner': 10, 'bot-creator': 2 }`. */
export type Quantities = Readonly<Record<string, number>>;

/**
 * The quantity of one type, 0 when the type is absent. Only own keys count, so a license type
 * that happens to be named `constructor` or `toString` is read as data, not as a prototype member.
 *
 * @example
 * ```ts
 * quantityOf({ 'bot-runner': 10 }, 'bot-runner'); // 10
 * quantityOf({ 'bot-runner': 10 }, 'bot-creator'); // 0
 * ```
 */
export function quantityOf(quantities: Quantities, type: string): number {
  return Object.hasOwn(quantities, type) ? (quantities[type] ?? 0) : 0;
}

/**
 * True for a whole, non-negative count that a number can hold exactly.
 *
 * @example
 * ```ts
 * isQuantity(3); // true
 * isQuantity(-1); // false
 * isQuantity(2.5); // false
 * ```
 */
export function isQuantity(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
