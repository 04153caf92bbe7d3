import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { AirlockError } from '../errors/airlock-error.ts';
import { keyId, type KeyPair } from '../crypto/keys.ts';
import { Guid, Id, NumericDate } from '../encoding/schema.ts';
import { toNumericDate, type Milliseconds } from '../time/duration.ts';
import { verifyEncryptionKeyCertificate } from '../trust/key-certificate.ts';
import type { TrustAnchor } from '../trust/trust-anchor.ts';
import { audience, commonClaims, defineKind, type DocumentBody, type DocumentClaims } from './document-kind.ts';
import type { EnablementToken } from './enablement-token.ts';
import { SiteVersion } from './license-file-request.ts';
import { issueDocument, type IssueContext, type IssuedDocument } from './envelope.ts';
import { openSentToAuthority, type OpenAtAuthorityContext, type OpenedAtAuthority } from './sent-to-authority.ts';

/** How long a signed exchange request may be used: the site signs a new one at each attempt. */
export const SITE_EXCHANGE_LIFETIME_SECONDS = 300;
/** The longest lifetime an exchange request may claim. */
const MAX_EXCHANGE_LIFETIME_SECONDS = 3_600;
const Sha256Hex = Type.String({ pattern: '^[0-9a-f]{64}$' });

/**
 * Site exchange request (docs/connected.md): how a site in connected mode speaks to the
 * authority over HTTPS. Signed with the site's own Ed25519 key (the key its LFRs are signed
 * with, which the authority knows) and encrypted to the authority, it authenticates the site
 * without a shared secret. It either submits an LFR — sent beside it and bound by its SHA-256 —
 * or asks for the answer to an LFR submitted before. It lives a few minutes (`exp`) and the
 * authority takes each id once, so a copy cannot be played again.
 */
export const siteExchangeRequestKind = defineKind({
  name: 'site-exchange-request',
  typ: 'airlock-site-exchange+jwt',
  label: 'SITE EXCHANGE REQUEST',
  signer: 'site',
  encrypted: true,
  schema: Type.Object(
    {
      ...commonClaims,
      customerId: Id,
      siteGuid: Guid,
      tenant: Id,
      siteVersion: SiteVersion,
      /** The request is refused after this instant (at most an hour after `iat`). */
      exp: NumericDate,
      /** Submits an LFR: the SHA-256 (hex) of its armoured text as sent beside the request. */
      lfrSha256: Type.Optional(Sha256Hex),
      /** Asks for the answer to the LFR of this id, submitted before. */
      awaits: Type.Optional(Id),
    },
    { additionalProperties: false },
  ),
});

/** The claims of a site exchange request. */
export type SiteExchangeRequest = DocumentClaims<typeof siteExchangeRequestKind>;

/** What a connected site puts in an exchange request: its token, tenant and version, and the LFR it submits or the one it awaits. */
export interface SiteExchangeInput {
  /** The tenant's enablement token: the customer, the site and the authority's encryption-key certificate come from it. */
  readonly enablementToken: Pick<EnablementToken, 'customerId' | 'siteGuid' | 'authorityEncryptionKey'>;
  readonly tenant: string;
  readonly siteVersion: string;
  /** Exactly one: the armoured LFR submitted with this request, or the id of an LFR whose answer is awaited. */
  readonly submit?: { readonly lfr: string } | undefined;
  readonly awaits?: string | undefined;
}

/** The SHA-256 (hex) of an armoured LFR, as an exchange request binds it. */
export function lfrDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Makes a site's exchange request. The authority's encryption key comes from the certificate in
 * the enablement token and is checked against the pinned root before anything is encrypted to it.
 *
 * @example
 * ```ts
 * const request = await issueSiteExchangeRequest({ enablementToken, tenant: 'default', siteVersion: '41.2', submit: { lfr: lfr.text } },
 *   { now, random, signer: site.signingKey, trust });
 * await fetch(`${authority}/v1/site-exchange`, { method: 'POST', body: JSON.stringify({ request: request.text, lfr: lfr.text }) });
 * ```
 */
export async function issueSiteExchangeRequest(
  input: SiteExchangeInput,
  context: Omit<IssueContext, 'signer' | 'recipient'> & { readonly signer: KeyPair; readonly trust: TrustAnchor },
): Promise<IssuedDocument<typeof siteExchangeRequestKind>> {
  const { submit, awaits } = input;
  if ((submit === undefined) === (awaits === undefined)) throw new Error('an exchange request either submits an LFR or awaits an answer');
  const authorityKey = await verifyEncryptionKeyCertificate(input.enablementToken.authorityEncryptionKey, context.trust.root, context.now);
  const body: DocumentBody<typeof siteExchangeRequestKind> = {
    aud: audience.authority(keyId(context.trust.root)),
    answers: awaits === undefined ? [] : [awaits],
    customerId: input.enablementToken.customerId,
    siteGuid: input.enablementToken.siteGuid,
    tenant: input.tenant,
    siteVersion: input.siteVersion,
    exp: toNumericDate(context.now) + SITE_EXCHANGE_LIFETIME_SECONDS,
    ...(submit ? { lfrSha256: lfrDigest(submit.lfr) } : awaits === undefined ? {} : { awaits }),
  };
  return issueDocument(siteExchangeRequestKind, body, { ...context, recipient: authorityKey.jwk });
}

/** A site exchange request opened on the authority, with the key that signed it. */
export type OpenedSiteExchangeRequest = OpenedAtAuthority<typeof siteExchangeRequestKind>;

/**
 * Reads a site's exchange request on the authority: every envelope check (the signature by the
 * key in its header: whether that is the site's known key is the caller's check), then its own
 * rules: it submits or awaits, not both nor neither, and `awaits` is what it answers
 * (PAYLOAD_INVALID); its lifetime is at most an hour (PAYLOAD_INVALID) and has not passed,
 * with the clock tolerance (SITE_EXCHANGE_EXPIRED).
 *
 * @example
 * ```ts
 * const request = await openSiteExchangeRequest(body.request, { now, rootKid, encryptionKey, isReplay });
 * if (request.signerKid !== site.siteKeyThumbprint) refuse();
 * ```
 */
export async function openSiteExchangeRequest(text: unknown, context: OpenAtAuthorityContext): Promise<OpenedSiteExchangeRequest> {
  const opened = await openSentToAuthority(siteExchangeRequestKind, text, context);
  const { claims } = opened;
  const invalid = (path: string, reason: string) => new AirlockError('PAYLOAD_INVALID', { document: siteExchangeRequestKind.name, path, reason });
  if ((claims.lfrSha256 === undefined) === (claims.awaits === undefined))
    throw invalid('/lfrSha256', 'an exchange request either submits an LFR or awaits an answer');
  const answers = claims.awaits === undefined ? [] : [claims.awaits];
  if (claims.answers.length !== answers.length || claims.answers.some((id, index) => id !== answers[index]))
    throw invalid('/answers', 'the request answers what it awaits, and nothing else');
  if (claims.exp <= claims.iat || claims.exp > claims.iat + MAX_EXCHANGE_LIFETIME_SECONDS)
    throw invalid('/exp', 'an exchange request lives from a second to an hour');
  const tolerance: Milliseconds = context.clockSkewTolerance ?? 300_000;
  if (context.now.getTime() > claims.exp * 1000 + tolerance) {
    throw new AirlockError('SITE_EXCHANGE_EXPIRED', { id: claims.jti, expiredAt: new Date(claims.exp * 1000).toISOString() });
  }
  return opened;
}
