import type { Random } from '../crypto/random.ts';
import { AirlockError } from '../errors/airlock-error.ts';
import { accept, refuse, type Outcome } from '../errors/outcome.ts';
import { dammCheckSymbol, dammValid } from './damm-gf32.ts';

/**
 * A device license key in canonical form, `J7AB2-2XN31-7QVKK-CSC4J-SZZS4` (SPEC F4): the secret a
 * key-based license is activated with, typed by an end user into an application.
 *
 * Hard to guess: 24 Crockford base32 data symbols drawn from the caller's random source, that
 * is 120 bits, so it may be stored as a plain SHA-256 (nothing to guess from a dictionary).
 * Easy to type: five groups of five, case-insensitive, O read as 0 and I, L as 1, and a Damm
 * check symbol last that catches every single mistyped character and every swap of two
 * neighbours before the key ever reaches the authority.
 */
export type LicenseKey = string & { readonly __brand: 'LicenseKey' };

/** Crockford base32: digits and capitals without I, L, O and U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_LENGTH = 24;
const LENGTH = DATA_LENGTH + 1;
const GROUP = 5;
/** 24 symbols of 5 bits: exactly 15 random bytes, so no symbol is likelier than another. */
const RANDOM_BYTES = (DATA_LENGTH * 5) / 8;
/** Longer text is not a key, however generously spaced; the cap bounds the work on junk input. */
const MAX_INPUT_LENGTH = 64;

/** What each accepted character reads as (ASCII only, so no Unicode case folding sneaks in). */
const SYMBOL_OF: ReadonlyMap<string, number> = new Map([
  ...[...ALPHABET].flatMap((char, symbol) => [[char, symbol], [char.toLowerCase(), symbol]] as const),
  ...[...'Oo'].map((char) => [char, 0] as const),
  ...[...'IiLl'].map((char) => [char, 1] as const),
]);

/** Ignored between characters: white space, the hyphen and the dashes word processors put in its place. */
const SEPARATOR = /^[\s\u2010-\u2014\u2212-]$/u;

/**
 * A new license key: 120 random bits from `random` and a check symbol, in five groups of five.
 *
 * @example
 * ```ts
 * const key = generateLicenseKey(random); // 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4'
 * ```
 */
export function generateLicenseKey(random: Random): LicenseKey {
  const bytes = random.bytes(RANDOM_BYTES);
  if (bytes.length !== RANDOM_BYTES) throw new RangeError(`Random.bytes(${RANDOM_BYTES}) returned another length`);
  const data = Array.from({ length: DATA_LENGTH }, (_, index) => readFiveBits(bytes, index * 5));
  return canonical([...data, dammCheckSymbol(data)]);
}

/**
 * Checks a typed license key and gives its canonical form. Forgiving of how people type (case,
 * spaces, hyphens or none, O/I/L for 0/1); refuses with LICENSE_KEY_MALFORMED, in this order:
 * not text or too long; a character no key contains (with its index); the wrong number of
 * characters; a check symbol that does not match (a mistyped or swapped character).
 *
 * @example
 * ```ts
 * checkLicenseKey('j7ab2 2xn31 7qvkk csc4j szzs4'); // { ok: true, value: 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4' }
 * checkLicenseKey('J7AB2-2XN31');                   // { ok: false, code: 'LICENSE_KEY_MALFORMED', detail: { reason: 'wrong length', ... } }
 * ```
 */
export function checkLicenseKey(text: unknown): Outcome<LicenseKey> {
  if (typeof text !== 'string') return refuse('LICENSE_KEY_MALFORMED', { reason: 'not text' });
  if (text.length > MAX_INPUT_LENGTH) return refuse('LICENSE_KEY_MALFORMED', { reason: 'too long', maximum: MAX_INPUT_LENGTH });
  const symbols: number[] = [];
  let index = 0;
  for (const char of text) {
    const symbol = SYMBOL_OF.get(char);
    if (symbol !== undefined) symbols.push(symbol);
    else if (!SEPARATOR.test(char)) return refuse('LICENSE_KEY_MALFORMED', { reason: 'unexpected character', character: char, index });
    index += char.length;
  }
  if (symbols.length !== LENGTH) {
    return refuse('LICENSE_KEY_MALFORMED', { reason: 'wrong length', expected: LENGTH, found: symbols.length });
  }
  if (!dammValid(symbols)) return refuse('LICENSE_KEY_MALFORMED', { reason: 'check character does not match: a character is mistyped' });
  return accept(canonical(symbols));
}

/**
 * The canonical license key in typed text; throws LICENSE_KEY_MALFORMED as {@link checkLicenseKey}.
 *
 * @example
 * ```ts
 * parseLicenseKey('j7ab22xn317qvkkcsc4jszzs4'); // 'J7AB2-2XN31-7QVKK-CSC4J-SZZS4'
 * ```
 */
export function parseLicenseKey(text: unknown): LicenseKey {
  const outcome = checkLicenseKey(text);
  if (!outcome.ok) throw new AirlockError(outcome.code, outcome.detail);
  return outcome.value;
}

function readFiveBits(bytes: Uint8Array, bitOffset: number): number {
  let value = 0;
  for (let bit = bitOffset; bit < bitOffset + 5; bit++) {
    const byte = bytes[bit >> 3] ?? 0;
    value = (value << 1) | ((byte >> (7 - (bit & 7))) & 1);
  }
  return value;
}

function canonical(symbols: readonly number[]): LicenseKey {
  const chars = symbols.map((symbol) => ALPHABET.charAt(symbol)).join('');
  const groups = Array.from({ length: LENGTH / GROUP }, (_, group) => chars.slice(group * GROUP, (group + 1) * GROUP));
  return groups.join('-') as LicenseKey;
}
