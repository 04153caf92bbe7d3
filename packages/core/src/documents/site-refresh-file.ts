import { Type } from '@sinclair/typebox';
import { parsePublicJwk, type PublicJwk } from '../crypto/keys.ts';
import { CalendarDate, Guid, Id } from '../encoding/schema.ts';
import type { AuthoritySigner } from '../trust/trust-anchor.ts';
import { SiteEntitlements } from './claims.ts';
import { audience, commonClaims, defineKind, type DocumentBody, type DocumentClaims } from './document-kind.ts';
import { issueDocument, openDocument, type IssueContext, type IssuedDocument, type OpenedDocument } from './envelope.ts';
import { checkSiteLicenseTerms, siteOpenContext, type OpenSiteLicenseContext, type SiteLicenseTerms } from './offline-license-file.ts';

/**
 * Site license refresh file (docs/design.md, F4, for sites): new entitlements and dates for the license a
 * site already has installed (an OLF or an activated license), without a new LFR cycle.
 * Signed by the authority and encrypted to the site, like the OLF it amends. Refreshes of one
 * installed license are numbered: a site applies one only if its revision is higher than the
 * last it applied, so an old refresh file cannot roll the license back.
 */
export const siteRefreshFileKind = defineKind({
  name: 'site-refresh-file',
  typ: 'airlock-site-refresh+jwt',
  label: 'SITE LICENSE REFRESH FILE',
  signer: 'authority',
  encrypted: true,
  schema: Type.Object(
    {
      ...commonClaims,
      siteGuid: Guid,
      tenant: Id,
      /** Id of the installed license document (OLF or activated license) this refresh amends. */
      refreshes: Id,
      /** 1 for the first refresh of that license, then one more each time. */
      revision: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
      start: CalendarDate,
      end: CalendarDate,
      entitlements: SiteEntitlements,
    },
    { additionalProperties: false },
  ),
});

export type SiteRefreshFile = DocumentClaims<typeof siteRefreshFileKind>;

export interface SiteRefreshRequest extends SiteLicenseTerms {
  readonly siteGuid: string;
  readonly tenant: string;
  /** Id of the license document installed on the site. */
  readonly refreshes: string;
  readonly revision: number;
  /** The site's X25519 key, as its latest LFR carried it. */
  readonly siteEncryptionKey: PublicJwk;
}

/**
 * Issues a refresh file for one tenant of one site. The file answers the license it refreshes.
 *
 * @example
 * ```ts
 * const { text } = await issueSiteRefreshFile(
 *   { siteGuid, tenant: 'default', refreshes: olf.jti, revision: 1, start: '2026-11-23', end: '2028-11-22',
 *     entitlements: [{ type: 'bot-runner', category: 'seat', quantity: 20 }], siteEncryptionKey: lfr.siteEncryptionKey },
 *   { now, random, signer });
 * ```
 */
export async function issueSiteRefreshFile(
  request: SiteRefreshRequest,
  context: Omit<IssueContext, 'signer' | 'recipient'> & { readonly signer: AuthoritySigner },
): Promise<IssuedDocument<typeof siteRefreshFileKind>> {
  const body: DocumentBody<typeof siteRefreshFileKind> = {
    aud: audience.site(request.siteGuid, request.tenant),
    answers: [request.refreshes],
    siteGuid: request.siteGuid.toLowerCase(),
    tenant: request.tenant,
    refreshes: request.refreshes,
    revision: request.revision,
    start: request.start,
    end: request.end,
    entitlements: request.entitlements.map(({ type, category, quantity }) => ({ type, category, quantity })),
  };
  checkSiteLicenseTerms(body, siteRefreshFileKind.name);
  return issueDocument(siteRefreshFileKind, body, { ...context, recipient: parsePublicJwk(request.siteEncryptionKey, 'X25519') });
}

/**
 * Reads a refresh file on the site: every envelope check, this site and tenant as audience,
 * then its terms. Whether it applies (it refreshes the installed license and is newer, see
 * `isNewerRefresh`) is for the caller, which knows what is installed.
 *
 * @example
 * ```ts
 * const refresh = await openSiteRefreshFile(text, { now, trust, siteEncryptionKey, siteGuid, tenant: 'default' });
 * ```
 */
export async function openSiteRefreshFile(
  text: unknown,
  context: OpenSiteLicenseContext,
): Promise<OpenedDocument<typeof siteRefreshFileKind>> {
  const opened = await openDocument(siteRefreshFileKind, text, siteOpenContext(context));
  checkSiteLicenseTerms(opened.claims, siteRefreshFileKind.name);
  return opened;
}

/**
 * True when the refresh is newer than the last one the site applied to its installed license
 * (`currentRevision`, 0 when none was): only then may the site apply it.
 *
 * @example
 * ```ts
 * if (isNewerRefresh(installed.refreshRevision, refresh.claims)) apply(refresh.claims);
 * ```
 */
export function isNewerRefresh(currentRevision: number, refresh: Pick<SiteRefreshFile, 'revision'>): boolean {
  return refresh.revision > currentRevision;
}
