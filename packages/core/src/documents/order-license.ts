import { Type } from '@sinclair/typebox';
import { AirlockError } from '../errors/airlock-error.ts';
import type { Random } from '../crypto/random.ts';
import { Id } from '../encoding/schema.ts';
import { isCalendarDate, type Milliseconds } from '../time/duration.ts';
import { LicenseItems, type LicenseItem } from './claims.ts';
import { audience, commonClaims, defineKind, type DocumentBody, type DocumentClaims } from './document-kind.ts';
import { issueDocument, openDocument, type IssueContext, type IssuedDocument, type OpenedDocument } from './envelope.ts';

/** Crockford's base32: no I, L, O or U, so an LRN read aloud or retyped stays unambiguous. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A License Reference Number: `LRN-` and four groups of four Crockford base32 characters (80 random bits). */
export const LRN_PATTERN = /^LRN-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;
export const Lrn = Type.String({ pattern: LRN_PATTERN.source });

/**
 * A new LRN from the given random source. The authority still checks it is unused: 80 bits
 * make a collision unlikely, not impossible.
 *
 * @example
 * ```ts
 * generateLrn(random); // 'LRN-7K3Q-M2ZD-09XA-HV4T'
 * ```
 */
export function generateLrn(random: Random): string {
  const bytes = random.bytes(10);
  let bits = 0;
  let value = 0;
  let chars = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      chars += CROCKFORD[(value >> bits) & 31];
    }
    value &= (1 << bits) - 1;
  }
  return `LRN-${chars.match(/.{4}/g)?.join('-') ?? ''}`;
}

/**
 * The canonical form of an LRN a person typed (any case, spaces or dashes anywhere, the
 * `LRN` prefix optional, O read as 0 and I or L as 1), or undefined if it cannot be one.
 *
 * @example
 * ```ts
 * normalizeLrn('lrn 7k3q m2zd o9xa hv4t'); // 'LRN-7K3Q-M2ZD-09XA-HV4T'
 * ```
 */
export function normalizeLrn(text: string): string | undefined {
  const compact = text
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/^LRN/, '');
  const chars = compact.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(chars)) return undefined;
  return `LRN-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12)}`;
}

/**
 * Order license (docs/design.md, F5): the license an order creates before it is bound to any site,
 * identified by its LRN. **It carries no authority**: it is unsigned (JWS `alg: none`, empty
 * signature), so anyone can alter it. The authority keeps the order; the license letter only
 * carries the LRN, and what an activation grants comes from the authority's own record of the
 * order, never from a file a customer sends back. The document exists so that an order can be
 * shown, exported and read by the same tools as every other document.
 */
export const orderLicenseKind = defineKind({
  name: 'order-license',
  typ: 'airlock-order-license+jwt',
  label: 'ORDER LICENSE',
  signer: 'none',
  encrypted: false,
  schema: Type.Object({ ...commonClaims, lrn: Lrn, orderId: Id, customerId: Id, items: LicenseItems }, { additionalProperties: false }),
});

/** The claims of an order license. */
export type OrderLicense = DocumentClaims<typeof orderLicenseKind>;

/** What an order license holds: its LRN, the order, the customer and the items bought. */
export interface OrderLicenseRequest {
  readonly lrn: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly items: readonly LicenseItem[];
}

/**
 * Writes the unsigned order license for one order.
 *
 * @example
 * ```ts
 * const { text } = await issueOrderLicense(
 *   { lrn: generateLrn(random), orderId: 'order-7', customerId: 'cust-1',
 *     items: [{ product: 'studio', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' }] },
 *   { now, random });
 * ```
 */
export async function issueOrderLicense(
  request: OrderLicenseRequest,
  context: Pick<IssueContext, 'now' | 'random'>,
): Promise<IssuedDocument<typeof orderLicenseKind>> {
  const body: DocumentBody<typeof orderLicenseKind> = {
    aud: audience.customer(request.customerId),
    answers: [],
    lrn: request.lrn,
    orderId: request.orderId,
    customerId: request.customerId,
    items: request.items.map((item) => ({ ...item })),
  };
  checkLicenseItems(body.items, orderLicenseKind.name);
  return issueDocument(orderLicenseKind, body, { ...context, signer: null });
}

/**
 * Reads an order license for a customer. Nothing in it can be trusted (see the kind); this
 * checks only its form: kind, `alg: none`, version, claims, the customer as audience, items.
 *
 * @example
 * ```ts
 * const order = await openOrderLicense(text, { now, customerId: 'cust-1' });
 * ```
 */
export async function openOrderLicense(
  text: unknown,
  context: { readonly now: Date; readonly customerId: string; readonly clockSkewTolerance?: Milliseconds | undefined },
): Promise<OpenedDocument<typeof orderLicenseKind>> {
  const opened = await openDocument(orderLicenseKind, text, {
    now: context.now,
    audience: audience.customer(context.customerId),
    clockSkewTolerance: context.clockSkewTolerance,
  });
  checkLicenseItems(opened.claims.items, orderLicenseKind.name);
  return opened;
}

/**
 * Every item but a permanent one has an expiry date (a real one), and a permanent item has
 * none: the merge of activated licenses (docs/design.md, F5) decides by kind and date, so neither may be
 * ambiguous. Throws PAYLOAD_INVALID naming the item.
 *
 * @example
 * ```ts
 * checkLicenseItems([{ product: 'studio', licenseType: 'bot-runner', quantity: 1, kind: 'term' }], 'order-license');
 * // throws PAYLOAD_INVALID { path: '/items/0/expiresOn', reason: 'a term item needs an expiry date' }
 * ```
 */
export function checkLicenseItems(items: readonly LicenseItem[], document: string): void {
  items.forEach((item, index) => {
    const invalid = (reason: string) => new AirlockError('PAYLOAD_INVALID', { document, path: `/items/${index}/expiresOn`, reason });
    if (item.kind === 'permanent') {
      if (item.expiresOn !== undefined) throw invalid('a permanent item does not expire');
    } else if (item.expiresOn === undefined) {
      throw invalid(`a ${item.kind} item needs an expiry date`);
    } else if (!isCalendarDate(item.expiresOn)) {
      throw invalid('not a calendar date');
    }
  });
}
