import { audience } from '../documents/document-kind.ts';
import { refuse, type Outcome } from '../errors/outcome.ts';
import type { LicensingPolicy } from '../policy/licensing-policy.ts';
import { checkSeatReduction, type SeatAssignments } from './check-seat-reduction.ts';
import { completeCycle } from './complete-cycle.ts';
import type { LfrCycleState } from './lfr-cycle.ts';
import type { Quantities } from './quantities.ts';

/** What the rule needs from an OLF whose signature chain was already verified. */
export interface OlfFacts {
  readonly siteGuid: string;
  readonly tenant: string;
  /** Id of the LFR the OLF answers. */
  readonly answersLfrId: string;
  /** The new quantity of each seat type. */
  readonly seatLimits: Quantities;
}

/** The site tenant installing the OLF, at the time it does. */
export interface InstallingTenant {
  readonly siteGuid: string;
  readonly tenant: string;
  readonly now: Date;
  readonly policy: LicensingPolicy;
  readonly cycle: LfrCycleState;
  readonly assignedUsers: SeatAssignments;
}

/**
 * Decides whether a site tenant installs an OLF (docs/design.md, F2) and accepts with the completed cycle
 * state to store with it. Signatures are checked before, by the document layer.
 *
 * Precedence, first failure wins; each check presumes the ones before it:
 * 1. `WRONG_RECIPIENT`: a file for another site or tenant says nothing about this one's cycle.
 * 2. `NO_OPEN_CYCLE`, `LFR_SUPERSEDED`: which cycle the file answers...
 * 3. `CYCLE_LOCKED`, `LFR_EXPIRED`: ...decides whose windows apply.
 * 4. `SEAT_REDUCTION_BELOW_USE` last: its cure (de-provisioning users) is work an admin should
 *    only be asked to do for a file that would otherwise be installed.
 *
 * @example
 * ```ts
 * const outcome = checkOlfInstall(
 *   { siteGuid: olf.siteGuid, tenant: olf.tenant, answersLfrId: olf.answers[0], seatLimits },
 *   { siteGuid, tenant, now, policy, cycle, assignedUsers });
 * if (outcome.ok) await store.install(olf, outcome.value);
 * ```
 */
export function checkOlfInstall(olf: OlfFacts, site: InstallingTenant): Outcome<LfrCycleState> {
  const expected = audience.site(site.siteGuid, site.tenant);
  const found = audience.site(olf.siteGuid, olf.tenant);
  if (found !== expected) return refuse('WRONG_RECIPIENT', { expected, found });
  const completed = completeCycle(site.cycle, { answersLfrId: olf.answersLfrId, now: site.now }, site.policy);
  if (!completed.ok) return completed;
  const seats = checkSeatReduction(site.assignedUsers, olf.seatLimits);
  return seats.ok ? completed : seats;
}
