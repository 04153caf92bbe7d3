import type { Random } from '../crypto/random.ts';
import { AirlockError } from '../errors/airlock-error.ts';
import { refuse, type Outcome } from '../errors/outcome.ts';
import { checkTypedKey, symbolsOfBits, typedKeyOf, type TypedKeyFormat } from './typed-key.ts';

/**
 * A device license key in canonical form, `J7AB2-2XN31-7QVKK-CSC4J-SZZS4` (docs/design.md, F4): the secret a
 * key-based license is activated with, typed by an end user into an application.
 *
 * Hard to guess: 24 Crockford base32 data symbols drawn from the caller's random source, that
 * is 120 bits, so it may be stored as a plain SHA-256 (nothing to guess from a dictionary).
 * Easy to type: five groups of five, case-insensitive, O read as 0 and I, L as 1, and a Damm
 * check symbol last that catches every single mistyped character and every swap of two
 * neighbours before the key ever reaches the authority.
 */
export type LicenseKey = string & { readonly __brand: 'LicenseKey' };

const DATA_LENGTH = 24;
/** 24 symbols of 5 bits: exactly 15 random bytes, so no symbol is likelier than another. */
const RANDOM_BYTES = (DATA_LENGTH * 5) / 8;
const FORMAT: TypedKeyFormat = {
  dataLength: DATA_LENGTH,
  group: 5,
  malformed: 'LICENSE_KEY_MALFORMED',
  mismatch: refuse('LICENSE_KEY_MALFORMED', { reason: 'check character does not match: a character is mistyped' }),
};

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
  return typedKeyOf(symbolsOfBits(bytes, DATA_LENGTH), FORMAT) as LicenseKey;
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
  return checkTypedKey(text, FORMAT) as Outcome<LicenseKey>;
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
