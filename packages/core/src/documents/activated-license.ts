import { parseRegistrationKey } from './registration-key.ts';
import { Type } from '@sinclair/typebox';
import { AirlockError } from '../errors/airlock-error.ts';
import { Id } from '../encoding/schema.ts';
import type { Milliseconds } from '../time/duration.ts';
import type { AuthoritySigner, TrustAnchor } from '../trust/trust-anchor.ts';
import { LicenseItems, type LicenseItem } from './claims.ts';
import { audience, commonClaims, defineKind, type DocumentBody, type DocumentClaims } from './document-kind.ts';
import { issueDocument, openDocument, type IssueContext, type IssuedDocument, type OpenedDocument } from './envelope.ts';
import { checkLicenseItems, Lrn } from './order-license.ts';

/** A Registration Key in its canonical form: four groups of four Crockford base32 characters. */
const RegistrationKey = Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$' });

/**
 * Activated license (docs/design.md, F5): what LRN + RK produce on the authority's activation page, for
 * the site tenant the RK names. Signed by the authority; not encrypted, because the authority
 * knows only the RK, not a key of the site. Each activation merges one more order into the
 * site's latest activated license, so the document answers the one it supersedes, counts
 * its revision and lists every LRN merged so far.
 */
export const activatedLicenseKind = defineKind({
  name: 'activated-license',
  typ: 'airlock-activated-license+jwt',
  label: 'ACTIVATED LICENSE',
  signer: 'authority',
  encrypted: false,
  schema: Type.Object(
    {
      ...commonClaims,
      registrationKey: RegistrationKey,
      customerId: Id,
      /** 1 for the site tenant's first activated license, then one more per activation. */
      revision: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
      /** The LRN whose activation produced this document. */
      activatedLrn: Lrn,
      /** Every LRN merged into this license so far, in the order they were activated. */
      lrns: Type.Array(Lrn, { minItems: 1, maxItems: 1000 }),
      items: LicenseItems,
    },
    { additionalProperties: false },
  ),
});

/** The claims of an activated license. */
export type ActivatedLicense = DocumentClaims<typeof activatedLicenseKind>;

/** What the authority puts in an activated license: the site tenant's Registration Key, the customer, the LRN activated and the merged items. */
export interface ActivatedLicenseRequest {
  readonly registrationKey: string;
  readonly customerId: string;
  readonly activatedLrn: string;
  /** The items after the merge (the licensing rules decide what survives it). */
  readonly items: readonly LicenseItem[];
  /** The site tenant's latest activated license, or null for its first activation. */
  readonly previous: Pick<ActivatedLicense, 'jti' | 'registrationKey' | 'revision' | 'lrns'> | null;
}

/**
 * Issues the activated license for one activation. The revision, the list of LRNs and the
 * id it answers follow from the previous license; only the merged items are new.
 *
 * @example
 * ```ts
 * const { text } = await issueActivatedLicense(
 *   { registrationKey: 'XBWJ-N5F3-EP7S-3BYJ', customerId: 'cust-1', activatedLrn: lrn, items: merged, previous: latest },
 *   { now, random, signer });
 * ```
 */
export async function issueActivatedLicense(
  request: ActivatedLicenseRequest,
  context: Omit<IssueContext, 'signer' | 'recipient'> & { readonly signer: AuthoritySigner },
): Promise<IssuedDocument<typeof activatedLicenseKind>> {
  const { previous, activatedLrn } = request;
  // A mistyped RK is named as such (its checksum), before it can address a license to nobody.
  const registrationKey = parseRegistrationKey(request.registrationKey);
  if (previous && previous.registrationKey !== registrationKey) {
    throw new RangeError('an activated license merges only into a license of the same Registration Key');
  }
  const priorLrns = previous?.lrns ?? [];
  const body: DocumentBody<typeof activatedLicenseKind> = {
    aud: audience.registrationKey(registrationKey),
    answers: previous ? [previous.jti] : [],
    registrationKey,
    customerId: request.customerId,
    revision: previous ? previous.revision + 1 : 1,
    activatedLrn,
    lrns: priorLrns.includes(activatedLrn) ? [...priorLrns] : [...priorLrns, activatedLrn],
    items: request.items.map((item) => ({ ...item })),
  };
  checkActivatedLicense(body);
  return issueDocument(activatedLicenseKind, body, context);
}

/**
 * Reads an activated license on the site tenant its RK names: every envelope check, then its
 * consistency (the activated LRN is among the merged ones, each listed once; the first
 * revision answers nothing and later ones answer their predecessor; item expiries).
 *
 * @example
 * ```ts
 * const license = await openActivatedLicense(text, { now, trust, registrationKey: tenant.registrationKey });
 * ```
 */
export async function openActivatedLicense(
  text: unknown,
  context: {
    readonly now: Date;
    readonly trust: TrustAnchor;
    /** The Registration Key of the site tenant reading it. */
    readonly registrationKey: string;
    readonly clockSkewTolerance?: Milliseconds | undefined;
    readonly isReplay?: ((id: string) => boolean) | undefined;
  },
): Promise<OpenedDocument<typeof activatedLicenseKind>> {
  const opened = await openDocument(activatedLicenseKind, text, {
    now: context.now,
    audience: audience.registrationKey(parseRegistrationKey(context.registrationKey)),
    trust: context.trust,
    clockSkewTolerance: context.clockSkewTolerance,
    isReplay: context.isReplay,
  });
  checkActivatedLicense(opened.claims);
  return opened;
}

function checkActivatedLicense(claims: DocumentBody<typeof activatedLicenseKind>): void {
  const invalid = (path: string, reason: string) => new AirlockError('PAYLOAD_INVALID', { document: activatedLicenseKind.name, path, reason });
  if (!claims.lrns.includes(claims.activatedLrn)) throw invalid('/lrns', 'does not list the activated LRN');
  if (new Set(claims.lrns).size !== claims.lrns.length) throw invalid('/lrns', 'lists an LRN twice');
  if ((claims.revision === 1) !== (claims.answers.length === 0)) {
    throw invalid('/answers', 'the first revision answers nothing; every later one answers the license it supersedes');
  }
  checkLicenseItems(claims.items, activatedLicenseKind.name);
}
