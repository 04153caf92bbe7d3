import { readFileSync } from 'node:fs';
import type { Clock } from '@airlock/core/internal';

/** The system clock: the site in production. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock for tests of the running process (an end-to-end test cannot wait seven days): the
 * time is the ISO 8601 instant written in a file, read again at every reading, so a test moves
 * the site's time by rewriting the file. Set only through AIRLOCK_SITE_TEST_CLOCK_FILE, and
 * the site says so loudly when it starts with it. A file that does not hold an instant is an
 * error, never a silent fall back to the system clock.
 *
 * @example
 * ```ts
 * writeFileSync(file, '2026-12-01T00:00:00Z');
 * const clock = fileClock(file); // clock.now() is 2026-12-01
 * ```
 */
export function fileClock(path: string): Clock {
  return {
    now() {
      const text = readFileSync(path, 'utf8').trim();
      const time = Date.parse(text);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(time))
        throw new Error(`the test clock file ${path} holds no ISO 8601 instant: "${text.slice(0, 40)}"`);
      return new Date(time);
    },
  };
}

/**
 * The clock the ledger stamps its records with: the site's clock, but never earlier than the
 * ledger's latest record. A clock set back past the tolerance never gets this far (every change
 * is refused with CLOCK_ROLLED_BACK first); one a little behind, within the tolerance, would
 * otherwise stamp a record earlier than the one before it. Attach the ledger once it is open.
 *
 * @example
 * ```ts
 * const stamp = ledgerStamp(clock);
 * const opened = await openLedger({ ...options, now: stamp.now });
 * stamp.attach(opened.ledger);
 * ```
 */
export function ledgerStamp(clock: Clock): { readonly now: () => Date; attach(ledger: { latestAt(): number }): void } {
  let ledger: { latestAt(): number } | null = null;
  return {
    now: () => new Date(Math.max(clock.now().getTime(), ledger?.latestAt() ?? 0)),
    attach(opened) {
      ledger = opened;
    },
  };
}
