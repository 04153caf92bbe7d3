import { hours } from '@airlock/core';
import { unsubscribeKeyOf } from './unsubscribe-token.ts';

/**
 * What the reminders feature needs, in `AuthorityDeps.reminders` (README, "Expiry reminders").
 * Without it (tests of other features) nothing is scanned, and unsubscribe links are checked
 * under a key of the app's own, which no letter carries.
 */
export interface ReminderSettings {
  /** Whether this authority scans for expiries at all (`AIRLOCK_REMINDERS`). */
  readonly enabled: boolean;
  /** Days before a deadline, largest first (`AIRLOCK_REMINDER_DAYS`). */
  readonly thresholds: readonly number[];
  /** The MAC key of unsubscribe links, the same on every replica. */
  readonly unsubscribeKey: Uint8Array;
  /** How often this replica scans (and once at start); absent: only when asked (tests). */
  readonly scanEveryMs?: number | undefined;
}

/** How often a running authority scans: every threshold is in whole days, so an hour is soon enough. */
const SCAN_EVERY_MS = hours(1);

/**
 * The reminder settings of a running authority: its configuration, and the key of unsubscribe
 * links derived from the key passphrase every replica shares.
 *
 * @example
 * ```ts
 * const reminders = reminderSettingsOf(config.reminders, secret.passphrase);
 * ```
 */
export function reminderSettingsOf(config: { readonly enabled: boolean; readonly thresholds: readonly number[] }, passphrase: string): ReminderSettings {
  return { enabled: config.enabled, thresholds: config.thresholds, unsubscribeKey: unsubscribeKeyOf(passphrase), scanEveryMs: SCAN_EVERY_MS };
}
