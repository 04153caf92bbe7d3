import { accept, refuse, type Outcome } from '../errors/outcome.ts';
import { isCalendarDate, utcDate } from '../time/duration.ts';

/** An OLF's validity, in UTC calendar dates `YYYY-MM-DD`, both days included. */
export interface OlfDates {
  readonly startsOn: string;
  readonly endsOn: string;
}

/**
 * Checks the dates chosen for an OLF at the authority (docs/design.md, F2): it starts today (the UTC
 * calendar date of `now`) and ends between today and the account's end date, both included.
 *
 * Precedence, first failure wins: `DATE_INVALID` (naming the field: nothing can be compared
 * with a malformed date), then `OLF_START_NOT_TODAY`, then `OLF_END_BEFORE_START` (the end is
 * judged against a start already known to be today), then `OLF_END_AFTER_ACCOUNT_END`.
 *
 * @example
 * ```ts
 * checkOlfDates({ startsOn: '2026-03-01', endsOn: '2027-02-28' },
 *   { now: new Date('2026-03-01T09:00:00Z'), accountEndsOn: '2027-12-31' }); // accepted
 * ```
 */
export function checkOlfDates(dates: OlfDates, context: { readonly now: Date; readonly accountEndsOn: string }): Outcome {
  const fields = { startsOn: dates.startsOn, endsOn: dates.endsOn, accountEndsOn: context.accountEndsOn };
  for (const [field, value] of Object.entries(fields)) {
    if (!isCalendarDate(value)) return refuse('DATE_INVALID', { field, value });
  }
  // Valid `YYYY-MM-DD` strings order as the dates they name.
  const today = utcDate(context.now);
  if (dates.startsOn !== today) return refuse('OLF_START_NOT_TODAY', { startsOn: dates.startsOn, today });
  if (dates.endsOn < dates.startsOn) {
    return refuse('OLF_END_BEFORE_START', { startsOn: dates.startsOn, endsOn: dates.endsOn });
  }
  if (dates.endsOn > context.accountEndsOn) {
    return refuse('OLF_END_AFTER_ACCOUNT_END', { endsOn: dates.endsOn, accountEndsOn: context.accountEndsOn });
  }
  return accept();
}
