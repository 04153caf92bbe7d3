import { DAY } from '@airlock/core';
import type { ReminderKind } from '../../db/schema.ts';

export type { ReminderKind } from '../../db/schema.ts';

/** Every kind of reminder, in the order letters and pages list them. */
export const REMINDER_KINDS: readonly ReminderKind[] = ['account', 'device-license', 'olf-due'];

/** Days before a deadline at which a reminder goes out, unless configured otherwise (`AIRLOCK_REMINDER_DAYS`). */
export const DEFAULT_THRESHOLDS: readonly number[] = [30, 7, 1];

/** The reminder a deadline calls for now: which threshold, and the whole days left (rounded up). */
export interface DueReminder {
  readonly threshold: number;
  readonly daysLeft: number;
}

/**
 * The one reminder a deadline calls for at `now`, or null: none before the largest threshold
 * is reached, none once the deadline has passed.
 *
 * Threshold `t` is reached once `now ≥ dueAt − t days`. Of the thresholds reached, only the
 * smallest (the most urgent) is chosen: an authority that was down, or an object made or
 * changed close to its deadline, sends one reminder that says how little time is left, never
 * the 30-day and 7-day letters at once. The larger ones it missed are not sent afterwards,
 * since time only moves towards the smaller ones. `daysLeft` rounds up, so the reminder chosen
 * for threshold `t` always says `daysLeft ≤ t`.
 *
 * @example
 * ```ts
 * reminderDue(new Date('2027-01-01T00:00:00Z'), new Date('2026-12-27T12:00:00Z'), [30, 7, 1]);
 * // { threshold: 7, daysLeft: 5 }
 * ```
 */
export function reminderDue(dueAt: Date, now: Date, thresholds: readonly number[]): DueReminder | null {
  const left = dueAt.getTime() - now.getTime();
  if (left <= 0) return null;
  const reached = thresholds.filter((threshold) => left <= threshold * DAY);
  if (reached.length === 0) return null;
  return { threshold: Math.min(...reached), daysLeft: Math.ceil(left / DAY) };
}

/**
 * Thresholds as configured: whole days from 1 to 365, given largest or smallest first, without
 * repeats; returned largest first. Null for anything else (the configuration names the variable).
 *
 * @example
 * ```ts
 * parseThresholds('30,7,1'); // [30, 7, 1]
 * parseThresholds('7, 0');   // null
 * ```
 */
export function parseThresholds(text: string): number[] | null {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.length > 10 || parts.some((part) => !/^\d{1,3}$/.test(part))) return null;
  const days = parts.map(Number);
  if (days.some((day) => day < 1 || day > 365) || new Set(days).size !== days.length) return null;
  return days.sort((a, b) => b - a);
}
