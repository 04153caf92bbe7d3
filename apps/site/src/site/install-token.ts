import { AirlockError, checkEnablementToken, licensingPolicy, openEnablementToken, type RevocationList } from '@airlock/core';
import { fromNumericDate } from '@airlock/core/internal';
import type { Actor, InstalledToken, SiteEvent } from '../state/site-events.ts';
import { must, type SiteContext } from './site-context.ts';

/** What an installed enablement token turned on. */
export interface TokenInstallation {
  readonly tenant: string;
  readonly tokenId: string;
  readonly customerId: string;
  readonly issuedAt: string;
  readonly installedAt: string;
  readonly minimumSiteVersion: string | null;
  /** The customer's cycle windows the tenant now enforces, in seconds. */
  readonly cycleWindows: { readonly fromFirstLfr: number; readonly fromLatestLfr: number };
}

/**
 * Installs an enablement token on a tenant (docs/design.md, F1), turning offline licensing on. Refused:
 * anything the document layer refuses (armour, kind, a signature that does not chain to the
 * pinned root, `WRONG_RECIPIENT` for another GUID), `DOCUMENT_REPLAYED` for a token this tenant
 * installed before, then `checkEnablementToken`'s rules (`DOCUMENT_FROM_FUTURE`,
 * `SITE_VERSION_TOO_OLD`, `TOKEN_EXPIRED`: its lifetime is the one it was issued with).
 * A newer token replaces the tenant's token; an open cycle carries on.
 *
 * @example
 * ```ts
 * const installed = await installToken(context, 'default', tokenText, 'site-admin');
 * ```
 */
export async function installToken(context: SiteContext, tenantId: string, text: unknown, by: Actor): Promise<TokenInstallation> {
  const { now } = context.beginChange(tenantId, { duringRebaseline: true });
  const { guid } = context.identity;
  const opened = await openEnablementToken(text, { now, siteGuid: guid, trust: context.trust() });
  const { tenant } = context.beginChange(tenantId, { duringRebaseline: true });
  const claims = opened.claims;
  const revocations = newerRevocations(context, opened.revocations);
  if (tenant.tokenIds.has(claims.jti)) throw new AirlockError('DOCUMENT_REPLAYED', { id: claims.jti });

  const policy = licensingPolicy({ enablementTokenTtl: (claims.exp - claims.iat) * 1000, minimumSiteVersion: claims.minimumSiteVersion });
  const checked = checkEnablementToken(
    { id: claims.jti, siteGuid: claims.siteGuid, issuedAt: fromNumericDate(claims.iat) },
    { now, siteGuid: guid, siteVersion: context.siteVersion, policy },
  );
  if (!checked.ok) {
    await recordRefusal(context, [
      ...revocations,
      { t: 'document-refused', tenant: tenantId, document: 'enablement-token', documentId: claims.jti, code: checked.code, by },
    ]);
    must(checked);
  }
  const token: InstalledToken = {
    id: claims.jti,
    customerId: claims.customerId,
    issuedAt: claims.iat * 1000,
    installedAt: now.getTime(),
    minimumSiteVersion: claims.minimumSiteVersion,
    authorityEncryptionKey: claims.authorityEncryptionKey,
    cycleWindows: { fromFirstLfr: claims.cycleWindows.fromFirstLfr * 1000, fromLatestLfr: claims.cycleWindows.fromLatestLfr * 1000 },
    ...(claims.siteLicensing ? { siteLicensing: { ...claims.siteLicensing } } : {}),
  };
  await context.journal.record([...revocations, { t: 'token-installed', tenant: tenantId, token, by }]);
  return {
    tenant: tenantId,
    tokenId: token.id,
    customerId: token.customerId,
    issuedAt: new Date(token.issuedAt).toISOString(),
    installedAt: now.toISOString(),
    minimumSiteVersion: token.minimumSiteVersion,
    cycleWindows: { ...claims.cycleWindows },
  };
}

/** The event that keeps a revocation list newer than the site's, if the document carried one. */
export function newerRevocations(context: SiteContext, found: RevocationList | undefined): SiteEvent[] {
  const known = context.journal.live.revocations;
  if (!found || (known && known.serial >= found.serial)) return [];
  return [{ t: 'revocations-updated', revocations: found }];
}

/**
 * Records that an authentic document was refused, for the audit. Best effort: the refusal is
 * what the caller must hear, whether or not its record reached the disk.
 */
export async function recordRefusal(context: SiteContext, events: readonly SiteEvent[]): Promise<void> {
  await context.journal.record(events).catch(() => undefined);
}
