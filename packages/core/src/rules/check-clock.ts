import { accept, refuse, type Outcome } from '../errors/outcome.ts';
import type { LicensingPolicy } from '../policy/licensing-policy.ts';

/**
 * Detects a clock set back (docs/design.md, F3): `now` earlier than the latest time already seen by more
 * than `clockSkewTolerance` is `CLOCK_ROLLED_BACK`. The tolerance absorbs small corrections
 * (NTP, a VM resumed); exactly at the tolerance is still accepted. Accepts with the latest
 * time to remember from now on, which never moves backwards.
 *
 * @example
 * ```ts
 * const clock = checkClock(now, store.latestSeen, policy);
 * if (clock.ok) store.latestSeen = clock.value;
 * ```
 */
export function checkClock(now: Date, latestSeen: Date | null, policy: LicensingPolicy): Outcome<Date> {
  if (latestSeen === null) return accept(now);
  if (now.getTime() < latestSeen.getTime() - policy.clockSkewTolerance) {
    return refuse('CLOCK_ROLLED_BACK', { now: now.toISOString(), latestSeen: latestSeen.toISOString() });
  }
  return accept(now > latestSeen ? now : latestSeen);
}
