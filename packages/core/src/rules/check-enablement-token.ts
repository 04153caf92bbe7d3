import { audience } from '../documents/document-kind.ts';
import { accept, refuse, type Outcome } from '../errors/outcome.ts';
import type { LicensingPolicy } from '../policy/licensing-policy.ts';
import { addDuration } from '../time/duration.ts';
import { checkSiteVersion } from './site-version.ts';

/** What the rule needs from an enablement token whose signature was already verified. */
export interface EnablementTokenFacts {
  readonly id: string;
  readonly siteGuid: string;
  readonly issuedAt: Date;
}

/** The site installing the token, at the time it does. */
export interface EnablementTokenSite {
  readonly now: Date;
  readonly siteGuid: string;
  readonly siteVersion: string;
  readonly policy: LicensingPolicy;
}

/**
 * Decides whether a site may install an enablement token (docs/design.md, F1). It accepts with the
 * instant the token stops being installable.
 *
 * Precedence, first failure wins:
 * 1. `WRONG_RECIPIENT`: a token for another site says nothing about this one.
 * 2. `DOCUMENT_FROM_FUTURE` (issued later than now + `clockSkewTolerance`): a clock is wrong,
 *    so the lifetime computed from that clock below would mean nothing.
 * 3. `VERSION_INVALID` / `SITE_VERSION_TOO_OLD`: before expiry, because the cure for an old
 *    site (an upgrade) outlasts any token; reporting expiry first would send the admin across
 *    the air gap for a fresh token that would expire again while the site is upgraded.
 * 4. `TOKEN_EXPIRED`: from `issuedAt + enablementTokenTtl` on (that instant included).
 *
 * @example
 * ```ts
 * const outcome = checkEnablementToken(
 *   { id: token.jti, siteGuid: token.siteGuid, issuedAt: fromNumericDate(token.iat) },
 *   { now, siteGuid, siteVersion: '40.1.2', policy });
 * if (!outcome.ok) return outcome; // e.g. { ok: false, code: 'TOKEN_EXPIRED', detail: {...} }
 * ```
 */
export function checkEnablementToken(token: EnablementTokenFacts, site: EnablementTokenSite): Outcome<{ readonly expiresAt: Date }> {
  const expected = audience.siteInstallation(site.siteGuid);
  const found = audience.siteInstallation(token.siteGuid);
  if (found !== expected) return refuse('WRONG_RECIPIENT', { tokenId: token.id, expected, found });

  const { policy, now } = site;
  if (token.issuedAt.getTime() > now.getTime() + policy.clockSkewTolerance) {
    return refuse('DOCUMENT_FROM_FUTURE', {
      tokenId: token.id,
      issuedAt: token.issuedAt.toISOString(),
      now: now.toISOString(),
    });
  }

  const version = checkSiteVersion(site.siteVersion, policy.minimumSiteVersion);
  if (!version.ok) return version;

  const expiresAt = addDuration(token.issuedAt, policy.enablementTokenTtl);
  if (now >= expiresAt) {
    return refuse('TOKEN_EXPIRED', {
      tokenId: token.id,
      issuedAt: token.issuedAt.toISOString(),
      expiredAt: expiresAt.toISOString(),
      now: now.toISOString(),
    });
  }
  return accept({ expiresAt });
}
