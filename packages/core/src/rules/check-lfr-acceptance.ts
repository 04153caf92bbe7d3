import { accept, refuse, type Outcome } from '../errors/outcome.ts';

/** What the authority reads from an LFR whose signature it verified. */
export interface LfrFacts {
  readonly id: string;
  readonly siteGuid: string;
  /** RFC 7638 thumbprint of the key that signed the LFR. */
  readonly siteKeyThumbprint: string;
  readonly cycle: number;
  readonly sequence: number;
}

/** What the authority already knows about the customer and the site. */
export interface LfrHistory {
  readonly registeredSiteGuids: readonly string[];
  /** Thumbprint of the key this site signed with before; null for its first LFR (trust on first use). */
  readonly siteKeyThumbprint: string | null;
  /** The highest (cycle, sequence) seen from this site; null before its first LFR. */
  readonly latestSeen: { readonly cycle: number; readonly sequence: number } | null;
  /** True when an OLF was already issued for this LFR id. */
  readonly lfrUsed: boolean;
}

/**
 * Decides whether the authority accepts an LFR to configure an OLF from (docs/design.md, F2).
 *
 * Precedence, first failure wins:
 * 1. `SITE_NOT_REGISTERED`, then 2. `SITE_KEY_MISMATCH`: who is asking comes first. A sender
 *    that is not the registered site with its known key learns nothing about that site's cycles.
 * 3. `LFR_ALREADY_USED` before 4. `LFR_SUPERSEDED`: a replayed LFR is usually also behind the
 *    latest seen, and "already used" is the more exact reason.
 *
 * An LFR at the same (cycle, sequence) as the latest seen is accepted: the site never makes two
 * LFRs at one position, so it is the same LFR uploaded again, and replay is `lfrUsed`'s job.
 * GUIDs compare case-insensitively.
 *
 * @example
 * ```ts
 * checkLfrAcceptance(lfr, { registeredSiteGuids, siteKeyThumbprint: null, latestSeen: null, lfrUsed: false });
 * // { ok: true, value: undefined }: a registered site's first LFR
 * ```
 */
export function checkLfrAcceptance(lfr: LfrFacts, known: LfrHistory): Outcome {
  const siteGuid = lfr.siteGuid.toLowerCase();
  if (!known.registeredSiteGuids.some((guid) => guid.toLowerCase() === siteGuid)) {
    return refuse('SITE_NOT_REGISTERED', { siteGuid: lfr.siteGuid });
  }
  if (known.siteKeyThumbprint !== null && known.siteKeyThumbprint !== lfr.siteKeyThumbprint) {
    return refuse('SITE_KEY_MISMATCH', {
      siteGuid: lfr.siteGuid,
      expected: known.siteKeyThumbprint,
      found: lfr.siteKeyThumbprint,
    });
  }
  if (known.lfrUsed) return refuse('LFR_ALREADY_USED', { lfrId: lfr.id });
  const latest = known.latestSeen;
  if (latest && isBefore(lfr, latest)) {
    return refuse('LFR_SUPERSEDED', {
      lfrId: lfr.id,
      cycle: lfr.cycle,
      sequence: lfr.sequence,
      latestCycle: latest.cycle,
      latestSequence: latest.sequence,
    });
  }
  return accept();
}

/** (cycle, sequence) order: a later cycle supersedes every LFR of earlier cycles. */
function isBefore(a: { cycle: number; sequence: number }, b: { cycle: number; sequence: number }): boolean {
  return a.cycle < b.cycle || (a.cycle === b.cycle && a.sequence < b.sequence);
}
