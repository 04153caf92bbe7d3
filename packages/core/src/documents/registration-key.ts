import { createHash } from 'node:crypto';
import { AirlockError } from '../errors/airlock-error.ts';
import { refuse, type Outcome } from '../errors/outcome.ts';
import { checkTypedKey, symbolsOfBits, typedKeyOf, type TypedKeyFormat } from './typed-key.ts';

/**
 * A Registration Key (RK) in canonical form, `XBWJ-N5F3-EP7S-3BYJ`: it names one tenant of one
 * site, for a person to read off the site's screen and type into the authority's activation
 * page next to an order's LRN (docs/design.md, F5).
 *
 * An RK is an identifier, not a credential. It is derived from public facts (the site GUID, the
 * tenant id and the thumbprint of the site's public signing key) and proves nothing secret, so
 * it may be shown, e-mailed and logged, and comparing it needs no constant time. Anyone who
 * knows those facts can compute it; what it buys is a short name that the authority can
 * recompute and compare, and that a new site key or another tenant never shares.
 *
 * Layout: 15 Crockford base32 data symbols (75 bits) and one Damm check symbol, which catches
 * every single mistyped character and every swap of two different neighbouring characters.
 */
export type RegistrationKey = string & { readonly __brand: 'RegistrationKey' };

/** The facts an RK is derived from. */
export interface RegistrationKeySubject {
  /** The site's GUID; compared case-insensitively. */
  readonly siteGuid: string;
  /** The tenant on that site, exactly as the site names it. */
  readonly tenantId: string;
  /** RFC 7638 thumbprint of the site's public signing key (its `kid`). */
  readonly siteKeyThumbprint: string;
}

/** How {@link formatRegistrationKey} separates the four groups. */
export type RegistrationKeySeparator = '-' | ' ' | '';

const DATA_LENGTH = 15;
/** Domain separation: a hash made for anything else can never be read as an RK. */
const DERIVATION_TAG = 'airlock-rk-v1\0';
const FORMAT: TypedKeyFormat = { dataLength: DATA_LENGTH, group: 4, malformed: 'REGISTRATION_KEY_MALFORMED', mismatch: refuse('REGISTRATION_KEY_CHECKSUM') };

/**
 * The RK of one tenant of one site. The data symbols are the first 75 bits (most significant bit
 * first, 5 bits per symbol) of SHA-256 over `airlock-rk-v1\0` followed by each field — the
 * lowercased site GUID, the tenant id, the key thumbprint — as a 4-byte big-endian UTF-8 length
 * and its UTF-8 bytes, so no two different subjects share an encoding.
 *
 * @example
 * ```ts
 * deriveRegistrationKey({
 *   siteGuid: '0b6f3c1e-8d2a-4f7b-9c3e-5a1d2e3f4a5b',
 *   tenantId: 'default',
 *   siteKeyThumbprint: 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
 * }); // 'XBWJ-N5F3-EP7S-3BYJ'
 * ```
 */
export function deriveRegistrationKey(subject: RegistrationKeySubject): RegistrationKey {
  const hash = createHash('sha256').update(DERIVATION_TAG, 'utf8');
  for (const field of [subject.siteGuid.toLowerCase(), subject.tenantId, subject.siteKeyThumbprint]) {
    const bytes = Buffer.from(field, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  }
  return typedKeyOf(symbolsOfBits(hash.digest(), DATA_LENGTH), FORMAT) as RegistrationKey;
}

/**
 * Checks a typed RK. Forgiving of how people type: case, white space, hyphens (or none) and
 * O/I/L for 0/1. The checks run in this order, so that the first refusal is the useful one:
 * not text or too long; a character no RK contains (with the character and its index); the
 * wrong number of characters; a checksum mismatch, which only a well-formed key can have.
 *
 * @example
 * ```ts
 * checkRegistrationKey('xbwj n5f3 ep7s 3byj'); // { ok: true, value: 'XBWJ-N5F3-EP7S-3BYJ' }
 * checkRegistrationKey('XBWJ-N5F3-EP7S-3BJY'); // { ok: false, code: 'REGISTRATION_KEY_CHECKSUM', detail: {} }
 * ```
 */
export function checkRegistrationKey(text: unknown): Outcome<RegistrationKey> {
  return checkTypedKey(text, FORMAT) as Outcome<RegistrationKey>;
}

/**
 * The canonical RK in typed text; throws {@link AirlockError} with `REGISTRATION_KEY_MALFORMED`
 * or `REGISTRATION_KEY_CHECKSUM` (details as in {@link checkRegistrationKey}).
 *
 * @example
 * ```ts
 * parseRegistrationKey('xbwjn5f3ep7s3byj'); // 'XBWJ-N5F3-EP7S-3BYJ'
 * ```
 */
export function parseRegistrationKey(text: unknown): RegistrationKey {
  const outcome = checkRegistrationKey(text);
  if (!outcome.ok) throw new AirlockError(outcome.code, outcome.detail);
  return outcome.value;
}

/**
 * An RK for display: its four groups joined by a hyphen (the canonical form), a space (to read
 * aloud) or nothing (for a URL or a QR code). Every form parses back to the same key.
 *
 * @example
 * ```ts
 * formatRegistrationKey(rk);      // 'XBWJ-N5F3-EP7S-3BYJ'
 * formatRegistrationKey(rk, ' '); // 'XBWJ N5F3 EP7S 3BYJ'
 * formatRegistrationKey(rk, '');  // 'XBWJN5F3EP7S3BYJ'
 * ```
 */
export function formatRegistrationKey(key: RegistrationKey, separator: RegistrationKeySeparator = '-'): string {
  return key.split('-').join(separator);
}

/**
 * True when both texts are valid RKs and name the same key, however each was typed. An invalid
 * text equals nothing, not even itself. A plain comparison: an RK is not a secret.
 *
 * @example
 * ```ts
 * registrationKeysEqual('xbwj n5f3 ep7s 3byj', 'XBWJ-N5F3-EP7S-3BYJ'); // true
 * ```
 */
export function registrationKeysEqual(a: string, b: string): boolean {
  const left = checkRegistrationKey(a);
  const right = checkRegistrationKey(b);
  return left.ok && right.ok && left.value === right.value;
}
