import { Type } from '@sinclair/typebox';
import { AirlockError } from '../errors/airlock-error.ts';
import type { KeyPair } from '../crypto/keys.ts';
import { CalendarDate, Guid, Id, Kid } from '../encoding/schema.ts';
import { isCalendarDate, type Milliseconds } from '../time/duration.ts';
import type { AuthoritySigner, TrustAnchor } from '../trust/trust-anchor.ts';
import { SiteEntitlements, type SiteEntitlement } from './claims.ts';
import { audience, commonClaims, defineKind, type DocumentBody, type DocumentClaims } from './document-kind.ts';
import { issueDocument, openDocument, type IssueContext, type IssuedDocument, type OpenContext, type OpenedDocument } from './envelope.ts';
import { copyLedgerRestore, Counter, firstDuplicate, LedgerRestoreClaim, type OpenedLicenseFileRequest } from './license-file-request.ts';

/**
 * Offline License File (docs/design.md, F2): the authority's answer to exactly one LFR. Signed by the
 * authority and encrypted to the X25519 key the site put in that LFR. It names the LFR, its
 * cycle and sequence and the thumbprint of the site key that signed it, so the site can tell
 * it answers its latest request, and no other site key can claim it.
 */
export const offlineLicenseFileKind = defineKind({
  name: 'offline-license-file',
  typ: 'airlock-olf+jwt',
  label: 'OFFLINE LICENSE FILE',
  signer: 'authority',
  encrypted: true,
  schema: Type.Object(
    {
      ...commonClaims,
      lfrId: Id,
      customerId: Id,
      siteGuid: Guid,
      tenant: Id,
      cycle: Counter,
      sequence: Counter,
      /** Thumbprint of the site key that signed the LFR: the license is bound to that key. */
      siteKeyThumbprint: Kid,
      /** First and last day of the license (UTC calendar dates, both included). */
      start: CalendarDate,
      end: CalendarDate,
      entitlements: SiteEntitlements,
      /**
       * Only in the answer to an LFR that declared a ledger restore (`ledgerRestore`), once the
       * vendor accepted the gap: the same pair, which tells the site its restored ledger is the
       * new baseline (docs/formats.md, "Ledger restore").
       */
      rebaseline: Type.Optional(LedgerRestoreClaim),
    },
    { additionalProperties: false },
  ),
});

/** The claims of an Offline License File. */
export type OfflineLicenseFile = DocumentClaims<typeof offlineLicenseFileKind>;

/** What the vendor or customer admin chose when configuring the OLF (docs/design.md, F2). */
export interface SiteLicenseTerms {
  readonly start: string;
  readonly end: string;
  readonly entitlements: readonly SiteEntitlement[];
}

/**
 * What issuing an OLF reads of the LFR it answers: who asked, the cycle, the site's keys and a
 * restore, never the seat holders' names (an authority may leave them out of what it reads).
 */
export interface AnsweredLicenseFileRequest {
  readonly claims: Pick<
    OpenedLicenseFileRequest['claims'],
    'jti' | 'customerId' | 'siteGuid' | 'tenant' | 'cycle' | 'sequence' | 'siteEncryptionKey' | 'ledgerRestore'
  >;
  readonly signerKid: string;
}

/**
 * Issues the OLF that answers an opened LFR. Everything that binds the license (LFR id,
 * customer, site, tenant, cycle, sequence, site key, and the key it is encrypted to) is copied
 * from the request, never typed again; only the configured terms are new. Whether those terms
 * are allowed (start today, end within the account, quantities bought) is for the rules.
 *
 * @example
 * ```ts
 * const lfr = await openLicenseFileRequest(upload, { now, rootKid, encryptionKey });
 * const { text } = await issueOfflineLicenseFile(lfr,
 *   { start: '2026-11-23', end: '2027-11-22', entitlements: [{ type: 'bot-runner', category: 'seat', quantity: 10 }] },
 *   { now, random, signer });
 * ```
 */
export async function issueOfflineLicenseFile(
  lfr: AnsweredLicenseFileRequest,
  terms: SiteLicenseTerms,
  context: Omit<IssueContext, 'signer' | 'recipient'> & { readonly signer: AuthoritySigner },
): Promise<IssuedDocument<typeof offlineLicenseFileKind>> {
  const request = lfr.claims;
  const body: DocumentBody<typeof offlineLicenseFileKind> = {
    aud: audience.site(request.siteGuid, request.tenant),
    answers: [request.jti],
    lfrId: request.jti,
    customerId: request.customerId,
    siteGuid: request.siteGuid,
    tenant: request.tenant,
    cycle: request.cycle,
    sequence: request.sequence,
    siteKeyThumbprint: lfr.signerKid,
    start: terms.start,
    end: terms.end,
    entitlements: terms.entitlements.map(({ type, category, quantity }) => ({ type, category, quantity })),
    // Copied from the request like every binding claim: the authority only answers such a request once the vendor accepted it.
    ...(request.ledgerRestore ? { rebaseline: copyLedgerRestore(request.ledgerRestore) } : {}),
  };
  checkSiteLicenseTerms(body, offlineLicenseFileKind.name);
  return issueDocument(offlineLicenseFileKind, body, { ...context, recipient: request.siteEncryptionKey });
}

/** What a site tenant reads its Offline License File with: the time, its trust anchor, its encryption key pair and who it is. */
export interface OpenSiteLicenseContext {
  readonly now: Date;
  /** The pinned authority root and the newest revocation list known. */
  readonly trust: TrustAnchor;
  /** The site's X25519 key pair, whose public half went out in the LFR. */
  readonly siteEncryptionKey: KeyPair;
  readonly siteGuid: string;
  readonly tenant: string;
  readonly clockSkewTolerance?: Milliseconds | undefined;
  readonly isReplay?: ((id: string) => boolean) | undefined;
}

/**
 * Reads an OLF on the site: every envelope check (its recipient key, the authority's chain,
 * this site and tenant as audience), then its terms (real dates, start before end, each type
 * once). That it answers the latest LFR of the open cycle and fits the seats in use are
 * licensing rules, run on the claims returned.
 *
 * @example
 * ```ts
 * const olf = await openOfflineLicenseFile(text, { now, trust, siteEncryptionKey, siteGuid, tenant: 'default' });
 * ```
 */
export async function openOfflineLicenseFile(text: unknown, context: OpenSiteLicenseContext): Promise<OpenedDocument<typeof offlineLicenseFileKind>> {
  const opened = await openDocument(offlineLicenseFileKind, text, siteOpenContext(context));
  checkSiteLicenseTerms(opened.claims, offlineLicenseFileKind.name);
  return opened;
}

/** The envelope's context for a document sent to one tenant of one site. */
function siteOpenContext(context: OpenSiteLicenseContext): OpenContext {
  return {
    now: context.now,
    audience: audience.site(context.siteGuid, context.tenant),
    trust: context.trust,
    recipient: context.siteEncryptionKey,
    clockSkewTolerance: context.clockSkewTolerance,
    isReplay: context.isReplay,
  };
}

/**
 * The terms of a site license make sense on their own: both dates exist in the calendar, the
 * license does not end before it starts, and no license type is granted twice.
 * Throws PAYLOAD_INVALID naming the field.
 *
 * @example
 * ```ts
 * checkSiteLicenseTerms({ start: '2026-11-23', end: '2026-11-22', entitlements: [] }, 'offline-license-file');
 * // throws PAYLOAD_INVALID { path: '/end', reason: 'the license ends before it starts' }
 * ```
 */
function checkSiteLicenseTerms(terms: SiteLicenseTerms, document: string): void {
  if (!isCalendarDate(terms.start)) throw invalidTerms(document, '/start', 'not a calendar date');
  if (!isCalendarDate(terms.end)) throw invalidTerms(document, '/end', 'not a calendar date');
  // YYYY-MM-DD strings compare in calendar order.
  if (terms.end < terms.start) throw invalidTerms(document, '/end', 'the license ends before it starts');
  const type = firstDuplicate(terms.entitlements.map((entitlement) => entitlement.type));
  if (type !== undefined) throw invalidTerms(document, '/entitlements', `license type ${type} is granted twice`);
}

function invalidTerms(document: string, path: string, reason: string): AirlockError {
  return new AirlockError('PAYLOAD_INVALID', { document, path, reason });
}
