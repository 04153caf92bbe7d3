import { Type, type Static } from '@sinclair/typebox';
import { Guid, Id, NumericDate } from '../encoding/schema.ts';
import { fromNumericDate, toNumericDate, type Milliseconds } from '../time/duration.ts';
import { defineKind, audience, commonClaims, type DocumentBody, type DocumentClaims } from './document-kind.ts';
import { issueDocument, openDocument, type IssueContext, type IssuedDocument, type OpenedDocument } from './envelope.ts';
import type { AuthoritySigner, TrustAnchor } from '../trust/trust-anchor.ts';

/**
 * How the customer's policy lets its sites exchange license files with the authority
 * (docs/connected.md): by files carried by hand, over a link on their own, or either; whether a
 * person approves each answer over the link; and how often a connected site sends its request.
 */
export const SiteLicensingClaim = Type.Object(
  {
    files: Type.Boolean(),
    connected: Type.Boolean(),
    approval: Type.Union([Type.Literal('automatic'), Type.Literal('manual')]),
    /** Seconds between a connected site's scheduled exchanges (five minutes to 31 days). */
    exchangeInterval: Type.Integer({ minimum: 300, maximum: 31 * 86_400 }),
    /** The lowest site version connected mode needs (beside `minimumSiteVersion`, which every mode needs), or null. */
    connectedMinimumSiteVersion: Type.Union([Type.String({ pattern: '^\\d+(\\.\\d+){0,3}$', maxLength: 32 }), Type.Null()]),
  },
  { additionalProperties: false },
);
/** How a customer's policy lets its sites exchange license files with the authority: by hand, over a link, or either (docs/connected.md). */
export type SiteLicensing = Static<typeof SiteLicensingClaim>;

/**
 * Enablement token (docs/design.md, F1): the authority's signed permission for one approved customer's
 * site to take part in offline licensing. It carries the authority's encryption-key
 * certificate (LFRs are encrypted to that key) and the cycle windows the site must enforce.
 * Signed, not encrypted: it holds no secret.
 */
export const enablementTokenKind = defineKind({
  name: 'enablement-token',
  typ: 'airlock-enablement-token+jwt',
  label: 'ENABLEMENT TOKEN',
  signer: 'authority',
  encrypted: false,
  schema: Type.Object(
    {
      ...commonClaims,
      customerId: Id,
      siteGuid: Guid,
      /** The token may be installed until this instant (issue time + the policy's token lifetime). */
      exp: NumericDate,
      /** Lowest site version allowed to take part, or null for any. */
      minimumSiteVersion: Type.Union([Type.String({ pattern: '^\\d+(\\.\\d+){0,3}$', maxLength: 32 }), Type.Null()]),
      /** Root-signed certificate of the authority's X25519 key, which LFRs are encrypted to. */
      authorityEncryptionKey: Type.String({ minLength: 1, maxLength: 4096 }),
      /** The cycle windows of the customer's policy, in seconds. */
      cycleWindows: Type.Object(
        {
          fromFirstLfr: Type.Integer({ minimum: 60, maximum: 366 * 86_400 }),
          fromLatestLfr: Type.Integer({ minimum: 60, maximum: 366 * 86_400 }),
        },
        { additionalProperties: false },
      ),
      /** Only from an authority that offers connected mode (docs/connected.md); absent: files only. */
      siteLicensing: Type.Optional(SiteLicensingClaim),
    },
    { additionalProperties: false },
  ),
});

/** The claims of an enablement token. */
export type EnablementToken = DocumentClaims<typeof enablementTokenKind>;

/** What the authority puts in an enablement token: the customer, the site, its lifetime and the cycle windows. */
export interface EnablementTokenRequest {
  readonly customerId: string;
  readonly siteGuid: string;
  readonly lifetime: Milliseconds;
  readonly minimumSiteVersion: string | null;
  readonly authorityEncryptionKey: string;
  readonly cycleWindows: { readonly fromFirstLfr: Milliseconds; readonly fromLatestLfr: Milliseconds };
  /** The modes the customer's policy allows its sites (docs/connected.md); left out, the token says files only. */
  readonly siteLicensing?: SiteLicensing | undefined;
}

/**
 * Issues an enablement token for one site of an approved customer (approval is checked by the
 * caller, see `checkTokenDownload`).
 *
 * @example
 * ```ts
 * const { text } = await issueEnablementToken(
 *   { customerId, siteGuid, lifetime: hours(24), minimumSiteVersion: null,
 *     authorityEncryptionKey, cycleWindows: { fromFirstLfr: days(7), fromLatestLfr: hours(48) } },
 *   { now, random, signer });
 * ```
 */
export function issueEnablementToken(
  request: EnablementTokenRequest,
  context: IssueContext & { readonly signer: AuthoritySigner },
): Promise<IssuedDocument<typeof enablementTokenKind>> {
  const body: DocumentBody<typeof enablementTokenKind> = {
    aud: audience.siteInstallation(request.siteGuid),
    answers: [],
    customerId: request.customerId,
    siteGuid: request.siteGuid.toLowerCase(),
    exp: toNumericDate(context.now) + Math.floor(request.lifetime / 1000),
    minimumSiteVersion: request.minimumSiteVersion,
    authorityEncryptionKey: request.authorityEncryptionKey,
    cycleWindows: {
      fromFirstLfr: Math.floor(request.cycleWindows.fromFirstLfr / 1000),
      fromLatestLfr: Math.floor(request.cycleWindows.fromLatestLfr / 1000),
    },
    ...(request.siteLicensing ? { siteLicensing: { ...request.siteLicensing } } : {}),
  };
  return issueDocument(enablementTokenKind, body, context);
}

/**
 * Reads an enablement token on the site it was issued for: armour, kind, the signature chain
 * to the pinned root and the audience (this site's GUID). Its lifetime is a licensing rule,
 * checked by `checkEnablementToken` so that it is tested to the minute with the other windows.
 */
export function openEnablementToken(
  text: unknown,
  context: { readonly now: Date; readonly siteGuid: string; readonly trust: TrustAnchor },
): Promise<OpenedDocument<typeof enablementTokenKind>> {
  return openDocument(enablementTokenKind, text, {
    now: context.now,
    trust: context.trust,
    audience: audience.siteInstallation(context.siteGuid),
  });
}

/** What a token says of the site's modes: a token without `siteLicensing` (older authorities) allows files only. */
export function siteLicensingOf(token: Pick<EnablementToken, 'siteLicensing'>): SiteLicensing {
  return token.siteLicensing ?? { files: true, connected: false, approval: 'automatic', exchangeInterval: 86_400, connectedMinimumSiteVersion: null };
}

/** The instant after which the token can no longer be installed. */
export function enablementTokenExpiry(token: EnablementToken): Date {
  return fromNumericDate(token.exp);
}
