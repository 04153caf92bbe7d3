import { compareText } from './compare-text.ts';
import { quantityOf, type Quantities } from './quantities.ts';

/** A type the admin is about to set below the use the site reported. */
export interface BelowUseWarning {
  readonly type: string;
  readonly requested: number;
  readonly used: number;
}

/**
 * The types whose requested quantity is below the use reported in the LFR, sorted by type, for
 * the authority to warn before the admin issues an OLF the site would refuse to install
 * (docs/design.md, F2). A type in use but left out of the request counts as requested 0. A warning, not a
 * refusal: the admin may mean to de-provision users first.
 *
 * @example
 * ```ts
 * quantitiesBelowUse({ runner: 3 }, { runner: 5, creator: 1 });
 * // [{ type: 'creator', requested: 0, used: 1 }, { type: 'runner', requested: 3, used: 5 }]
 * ```
 */
export function quantitiesBelowUse(requested: Quantities, reportedUse: Quantities): readonly BelowUseWarning[] {
  return Object.keys(reportedUse)
    .sort(compareText)
    .map((type) => ({ type, requested: quantityOf(requested, type), used: quantityOf(reportedUse, type) }))
    .filter((line) => line.requested < line.used);
}
