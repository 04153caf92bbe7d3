import { accept, refuse, type Outcome } from '../errors/outcome.ts';
import { compareText } from './compare-text.ts';
import { quantityOf, type Quantities } from './quantities.ts';

/** Users assigned per seat type, e.g. `{ 'bot-runner': ['ana', 'bo'] }`. */
export type SeatAssignments = Readonly<Record<string, readonly string[]>>;

/** A seat type whose new limit is below the users assigned to it. */
export interface SeatReduction {
  readonly type: string;
  readonly used: number;
  readonly limit: number;
  /** Every user assigned to the type, sorted, so the admin knows whom to de-provision. */
  readonly users: readonly string[];
}

/**
 * Checks, before a site installs an OLF, that no seat type would hold more assigned users than
 * its new limit (docs/design.md, F2). A type absent from the new license has limit 0. The refusal,
 * `SEAT_REDUCTION_BELOW_USE`, lists every violated type, sorted, with its users; a user listed
 * twice under one type counts once.
 *
 * @example
 * ```ts
 * checkSeatReduction({ runner: ['bo', 'ana'] }, { runner: 1 });
 * // { ok: false, code: 'SEAT_REDUCTION_BELOW_USE',
 * //   detail: { violations: [{ type: 'runner', used: 2, limit: 1, users: ['ana', 'bo'] }] } }
 * ```
 */
export function checkSeatReduction(assigned: SeatAssignments, newLimits: Quantities): Outcome {
  const violations: SeatReduction[] = Object.entries(assigned)
    .flatMap(([type, users]) => {
      const limit = quantityOf(newLimits, type);
      // A list no longer than the limit cannot pass it: a type of 100,000 holders costs nothing to clear.
      if (users.length <= limit) return [];
      const unique = [...new Set(users)];
      return unique.length > limit ? [{ type, used: unique.length, limit, users: unique.sort(compareText) }] : [];
    })
    .sort((a, b) => compareText(a.type, b.type));
  return violations.length > 0 ? refuse('SEAT_REDUCTION_BELOW_USE', { violations }) : accept();
}
