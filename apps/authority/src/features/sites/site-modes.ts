import { checkSiteVersion } from '@airlock/core/internal';

/** How a site tenant is licensed from the cycle (docs/connected.md): files by hand, or over the link. */
export type SiteMode = 'files' | 'connected';

/** The settings of a customer's policy that decide which modes its sites may use. */
export interface ModePolicy {
  /** `files` (by hand only), `files-or-connected`, or `connected` (over the link only). */
  readonly siteLicensing: 'files' | 'files-or-connected' | 'connected';
  /** The lowest site version any mode needs, or null for none. */
  readonly minimumSiteVersion: string | null;
  /** The lowest site version connected mode needs, or null for none. */
  readonly minimumConnectedSiteVersion: string | null;
}

/** Whether a site may use one mode, and, when it may not (or it is not sure), why. */
export interface ModeAllowance {
  readonly allowed: boolean;
  /** Why not, or what the answer rests on; null when the mode is allowed without a doubt. */
  readonly reason: string | null;
}

export type SiteModes = Readonly<Record<SiteMode, ModeAllowance>>;

/** What is said of a site whose version the authority has not learned yet (no LFR, no exchange). */
export const VERSION_NOT_KNOWN = 'version not known yet';

/**
 * Which modes a site may use, by its customer's policy and the site's version (docs/connected.md,
 * "The policy" and "Versions"): files need `siteLicensing` other than `connected` and the site at
 * `minimumSiteVersion` or above; connected mode needs `siteLicensing` other than `files` and the
 * site at both minimums. A site whose version is not known yet is allowed what the policy allows,
 * with the reason `version not known yet`: the authority checks the version at its first LFR.
 * Pure: the consoles and the sites API show the same answer.
 *
 * @example
 * ```ts
 * siteModes({ siteLicensing: 'files-or-connected', minimumSiteVersion: null, minimumConnectedSiteVersion: '42' }, '41.2');
 * // { files: { allowed: true, reason: null }, connected: { allowed: false, reason: 'site version 41.2 is below 42, the lowest connected mode needs' } }
 * ```
 */
export function siteModes(policy: ModePolicy, siteVersion: string | null): SiteModes {
  return {
    files:
      policy.siteLicensing === 'connected'
        ? { allowed: false, reason: 'the policy requires connected mode' }
        : versionAllowance(siteVersion, [[policy.minimumSiteVersion, 'the lowest any mode needs']]),
    connected:
      policy.siteLicensing === 'files'
        ? { allowed: false, reason: 'the policy allows files only' }
        : versionAllowance(siteVersion, [
            [policy.minimumSiteVersion, 'the lowest any mode needs'],
            [policy.minimumConnectedSiteVersion, 'the lowest connected mode needs'],
          ]),
  };
}

/** Checks the version against each minimum in turn; the first it falls short of says why. */
function versionAllowance(siteVersion: string | null, minimums: readonly (readonly [string | null, string])[]): ModeAllowance {
  if (siteVersion === null) return { allowed: true, reason: VERSION_NOT_KNOWN };
  for (const [minimum, which] of minimums) {
    const outcome = checkSiteVersion(siteVersion, minimum);
    if (outcome.ok) continue;
    if (outcome.code === 'SITE_VERSION_TOO_OLD') return { allowed: false, reason: `site version ${siteVersion} is below ${minimum ?? ''}, ${which}` };
    // A version the rule cannot read: the authority refuses such a site at its next LFR.
    return {
      allowed: false,
      reason: `version ${outcome.detail.field === 'minimumSiteVersion' ? `${minimum ?? ''} of the policy` : siteVersion} is not a dotted list of numbers`,
    };
  }
  return { allowed: true, reason: null };
}

/**
 * The mode a site tenant uses, as the authority sees it: `files` when its latest LFR was carried
 * by hand after its last exchange over the link (it left the link, or never used it), else
 * `connected` when it has exchanged or its latest LFR came over the link. One rule for the sites
 * API and the list of site links, so a tenant moved back to files is not reported late.
 *
 * @example
 * ```ts
 * tenantMode({ via: 'file', receivedAt: new Date('2026-12-02') }, new Date('2026-12-01')); // 'files'
 * ```
 */
export function tenantMode(latestLfr: { readonly via: 'file' | 'link'; readonly receivedAt: Date } | undefined, lastExchangeAt: Date | undefined): SiteMode {
  if (latestLfr?.via === 'file' && (lastExchangeAt === undefined || latestLfr.receivedAt.getTime() > lastExchangeAt.getTime())) return 'files';
  return latestLfr?.via === 'link' || lastExchangeAt !== undefined ? 'connected' : 'files';
}
