import { accept, refuse, type Outcome } from '../errors/outcome.ts';
import { compareText } from './compare-text.ts';
import { isQuantity, quantityOf, type Quantities } from './quantities.ts';

/** The quantities asked for one site, against what the customer bought and its other sites hold. */
export interface AllocationRequest {
  readonly requested: Quantities;
  /** One entry per other site of the customer: what its latest OLF grants. */
  readonly heldByOtherSites: readonly Quantities[];
  readonly purchased: Quantities;
}

/** One requested type: `available` is what is left of the purchase once the other sites are counted. */
export interface AllocationLine {
  readonly type: string;
  readonly requested: number;
  readonly heldElsewhere: number;
  readonly purchased: number;
  readonly available: number;
}

/**
 * Checks the quantities of an OLF against the customer's purchase (docs/design.md, F2), accepting with one
 * line per requested type, sorted by type.
 * - `QUANTITY_INVALID` first, listing every quantity that is negative or not a whole number,
 *   since no sum means anything with one of them in it;
 * - then `ALLOCATION_EXCEEDS_PURCHASE`, listing every type whose request exceeds what is
 *   available, so the admin fixes them all in one pass. A type never bought has 0 available.
 *
 * @example
 * ```ts
 * checkAllocation({ requested: { runner: 8 }, heldByOtherSites: [{ runner: 5 }], purchased: { runner: 10 } });
 * // { ok: false, code: 'ALLOCATION_EXCEEDS_PURCHASE', detail: { violations: [
 * //   { type: 'runner', requested: 8, heldElsewhere: 5, purchased: 10, available: 5 }] } }
 * ```
 */
export function checkAllocation(request: AllocationRequest): Outcome<readonly AllocationLine[]> {
  const invalid = invalidQuantities(request);
  if (invalid.length > 0) return refuse('QUANTITY_INVALID', { invalid });
  const lines = Object.keys(request.requested)
    .sort(compareText)
    .map((type) => allocationLine(type, request));
  const violations = lines.filter((line) => line.requested > line.available);
  if (violations.length > 0) return refuse('ALLOCATION_EXCEEDS_PURCHASE', { violations });
  return accept(lines);
}

function allocationLine(type: string, request: AllocationRequest): AllocationLine {
  const heldElsewhere = request.heldByOtherSites.reduce((sum, site) => sum + quantityOf(site, type), 0);
  const purchased = quantityOf(request.purchased, type);
  const requested = quantityOf(request.requested, type);
  return { type, requested, heldElsewhere, purchased, available: Math.max(0, purchased - heldElsewhere) };
}

/** Every bad quantity; a non-finite one is written as text (`'NaN'`) so the detail stays JSON. */
function invalidQuantities(request: AllocationRequest): { field: string; type: string; quantity: number | string }[] {
  const sources: [string, Quantities][] = [
    ['requested', request.requested],
    ...request.heldByOtherSites.map((site, index): [string, Quantities] => [`heldByOtherSites[${index}]`, site]),
    ['purchased', request.purchased],
  ];
  return sources.flatMap(([field, quantities]) =>
    Object.entries(quantities)
      .filter(([, quantity]) => !isQuantity(quantity))
      .sort(([a], [b]) => compareText(a, b))
      .map(([type, quantity]) => ({ field, type, quantity: Number.isFinite(quantity) ? quantity : String(quantity) })),
  );
}
