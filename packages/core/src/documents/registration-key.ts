import { createHash } from 'node:crypto';
import { AirlockError } from '../errors/airlock-error.ts';
import { accept, refuse, type Outcome } from '../errors/outcome.ts';
import { dammCheckSymbol, dammValid } from './damm-gf32.ts';

/**
 * A Registration Key (RK) names one tenant of one site, for a person to read off a screen and
 * type into the authority's activation page next to an order's LRN: `7K3Q-M9XD-2HFA-R5WC`.
 *
 * It is an identifier, not a credential: it is derived (SHA-256, domain-separated) from the
 * site GUID, the tenant and the site's signing-key thumbprint, so the site can always show it
 * again and tell whether an activated license names it. Fifteen Crockford base32 characters
 * (75 bits) and one Damm check character, which catches any single mistyped character and any
 * swap of two neighbours before a request leaves the browser.
 */
export type RegistrationKey = string & { readonly __brand: 'RegistrationKey' };

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_LENGTH = 15;
const LENGTH = DATA_LENGTH + 1;
/** Longest input worth reading: a key with generous spacing; anything longer is not a key. */
const MAX_INPUT = 64;

export interface RegistrationKeySubject {
  readonly siteGuid: string;
  readonly tenantId: string;
  readonly siteKeyThumbprint: string;
}

/**
 * The RK of one tenant of one site.
 *
 * @example
 * ```ts
 * const rk = deriveRegistrationKey({ siteGuid, tenantId: 'default', siteKeyThumbprint: site.signingKey.kid });
 * // '7K3Q-M9XD-2HFA-R5WC'
 * ```
 */
export function deriveRegistrationKey(subject: RegistrationKeySubject): RegistrationKey {
  const hash = createHash('sha256').update('airlock-rk-v1\0');
  for (const field of [subject.siteGuid.toLowerCase(), subject.tenantId, subject.siteKeyThumbprint]) {
    const bytes = Buffer.from(field, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  }
  const digest = hash.digest();
  const symbols: number[] = [];
  for (let i = 0; i < DATA_LENGTH; i++) symbols.push(readFiveBits(digest, i * 5));
  return format([...symbols, dammCheckSymbol(symbols)]);
}

function readFiveBits(bytes: Uint8Array, bitOffset: number): number {
  let value = 0;
  for (let bit = bitOffset; bit < bitOffset + 5; bit++) {
    value = (value << 1) | ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1);
  }
  return value;
}

function format(symbols: readonly number[]): RegistrationKey {
  const text = symbols.map((symbol) => ALPHABET[symbol]).join('');
  return text.replace(/(.{4})(?!$)/g, '$1-') as RegistrationKey;
}

/** Reads the symbols of a typed key, forgiving case, spacing, hyphens and O/I/L look-alikes. */
function symbolsOf(text: string): number[] | undefined {
  const symbols: number[] = [];
  for (const raw of text.toUpperCase()) {
    if (raw === '-' || raw === ' ') continue;
    const char = raw === 'O' ? '0' : raw === 'I' || raw === 'L' ? '1' : raw;
    const symbol = ALPHABET.indexOf(char);
    if (symbol < 0) return undefined;
    symbols.push(symbol);
  }
  return symbols;
}

/**
 * Checks a typed RK: the outcome holds its canonical form, or says whether it was malformed
 * or failed its checksum (a mistyped or swapped character).
 *
 * @example
 * ```ts
 * const outcome = checkRegistrationKey('7k3q m9xd 2hfa r5wc');
 * if (!outcome.ok) showError(outcome.code); // REGISTRATION_KEY_CHECKSUM for a typo
 * ```
 */
export function checkRegistrationKey(text: unknown): Outcome<RegistrationKey> {
  if (typeof text !== 'string' || text.length > MAX_INPUT) {
    return refuse('REGISTRATION_KEY_MALFORMED', { reason: 'not a key of at most 64 characters' });
  }
  const symbols = symbolsOf(text);
  if (!symbols) return refuse('REGISTRATION_KEY_MALFORMED', { reason: 'unexpected character' });
  if (symbols.length !== LENGTH) {
    return refuse('REGISTRATION_KEY_MALFORMED', { reason: `expected ${LENGTH} characters`, found: symbols.length });
  }
  if (!dammValid(symbols)) return refuse('REGISTRATION_KEY_CHECKSUM', {});
  return accept(format(symbols));
}

/**
 * The canonical form of a typed RK, or an AirlockError saying what is wrong with it.
 *
 * @example
 * ```ts
 * parseRegistrationKey('7k3qm9xd2hfar5wc'); // '7K3Q-M9XD-2HFA-R5WC'
 * ```
 */
export function parseRegistrationKey(text: unknown): RegistrationKey {
  const outcome = checkRegistrationKey(text);
  if (!outcome.ok) throw new AirlockError(outcome.code, outcome.detail);
  return outcome.value;
}

/** True when two typed keys name the same RK (both must be valid). */
export function registrationKeysEqual(a: string, b: string): boolean {
  const left = checkRegistrationKey(a);
  const right = checkRegistrationKey(b);
  return left.ok && right.ok && left.value === right.value;
}
