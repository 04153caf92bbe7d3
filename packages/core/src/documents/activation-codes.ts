import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Random } from '../crypto/random.ts';
import { accept, refuse, type Outcome, type Refusal } from '../errors/outcome.ts';
import type { LicenseKey } from './license-key.ts';
import { charactersOfSymbols, checkTypedKey, symbolsOfBits, symbolsOfCanonical, typedKeyOf, type TypedKeyFormat } from './typed-key.ts';

/**
 * Activation by typed codes (docs/formats.md §7.2), for a device that neither a file nor a
 * camera can reach: it shows a short initialization code, a person types it with the license
 * key into the offline portal, and types the activation code the portal answers back into the
 * device. A signature does not fit in a few groups of characters, so the activation code is
 * authenticated by a MAC under a secret both sides already hold: the license key.
 *
 * Every code is Crockford base32 with a Damm check symbol and is read as license keys are
 * (case, spaces, hyphens, O/I/L). Its first symbol names its kind and version, so one kind
 * typed where another is expected is refused as such rather than read as nonsense.
 */

/** The kinds of typed codes. */
export type TypedCodeKind = 'initialization' | 'activation' | 'deactivation';

/** The first symbol of each kind: its kind and format version in one. */
const KIND_SYMBOL: Record<TypedCodeKind, number> = { initialization: 1, activation: 2, deactivation: 3 };

/** Symbols of the device id: 40 bits of a hash of the device's identity. */
const DEVICE_ID_SYMBOLS = 8;
/** Symbols of the nonce: 30 random bits, new for every initialization code. */
const NONCE_SYMBOLS = 6;
/** Symbols of a truncated MAC: 40 bits. */
const MAC_SYMBOLS = 8;
/** Symbols of the license's end, a day number: 20 bits. */
const DAY_SYMBOLS = 4;
/** Symbols of the feature bit mask: 20 bits. */
const FEATURE_SYMBOLS = 4;

/** The most features an activation code can carry: one bit each. */
export const CODE_FEATURE_LIMIT = FEATURE_SYMBOLS * 5;
/** The latest day an activation code can name (in the year 4840): a later end is carried as this day. */
export const LAST_CODE_DAY = 2 ** (DAY_SYMBOLS * 5) - 1;
const DAY_MS = 86_400_000;

const HKDF_SALT = 'airlock-activation-code-v1';
const DEVICE_ID_TAG = 'airlock-code-device-v1\0';

function format(kind: TypedCodeKind, dataLength: number, group: number): TypedKeyFormat {
  return {
    dataLength,
    group,
    malformed: 'ACTIVATION_CODE_INVALID',
    mismatch: refuse('ACTIVATION_CODE_INVALID', { kind, reason: 'check character does not match: a character is mistyped' }),
  };
}

const INITIALIZATION = format('initialization', 1 + DEVICE_ID_SYMBOLS + NONCE_SYMBOLS, 4);
const ACTIVATION = format('activation', 1 + DAY_SYMBOLS + FEATURE_SYMBOLS + MAC_SYMBOLS, 6);
const DEACTIVATION = format('deactivation', 1 + NONCE_SYMBOLS + MAC_SYMBOLS, 4);

/** An initialization code, read: its canonical text and its fields as Crockford characters. */
export interface InitializationCode {
  /** `XXXX-XXXX-XXXX-XXXX`. */
  readonly text: string;
  /** The device id, 8 characters. */
  readonly deviceId: string;
  /** The nonce, 6 characters. */
  readonly nonce: string;
}

/** An activation code, read but not yet verified. */
export interface ActivationCode {
  /** `XXXXXX-XXXXXX-XXXXXX`. */
  readonly text: string;
  /** The day (since 1970-01-01, UTC) at whose start the license ends; 0: it never ends. */
  readonly endDay: number;
  /** Bit i set: the i-th feature of the product's code features. */
  readonly featureMask: number;
  readonly mac: string;
}

/** A deactivation code, read but not yet verified. */
export interface DeactivationCode {
  /** `XXXX-XXXX-XXXX-XXXX`. */
  readonly text: string;
  /** The nonce of the initialization code the device's license was activated with. */
  readonly nonce: string;
  readonly mac: string;
}

/** What an activation code grants, once verified. */
export interface CodeLicenseTerms {
  /** The start of the day after the license's end (UTC midnight), or null when it never ends. */
  readonly validUntil: Date | null;
  /** The features granted, in the order of the product's code features. */
  readonly features: readonly string[];
}

/** Whoever types codes for this device: the facts its device id is derived from. */
export interface CodeDeviceSubject {
  readonly product: string;
  readonly fingerprint: string;
  /** RFC 7638 thumbprint of the device's signing key. */
  readonly deviceKeyThumbprint: string;
}

/**
 * The device id an initialization code carries: the first 40 bits of SHA-256 over
 * `airlock-code-device-v1\0` and each of the product, the fingerprint and the device key
 * thumbprint as a 4-byte big-endian length and its UTF-8 bytes. A new device key (a new store)
 * is a new device.
 *
 * @example
 * ```ts
 * deriveCodeDeviceId({ product: 'studio', fingerprint, deviceKeyThumbprint: signingKey.kid }); // 'H8XSEV4M'
 * ```
 */
export function deriveCodeDeviceId(subject: CodeDeviceSubject): string {
  const hash = createHash('sha256').update(DEVICE_ID_TAG, 'utf8');
  for (const field of [subject.product, subject.fingerprint, subject.deviceKeyThumbprint]) {
    const bytes = Buffer.from(field, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length).update(bytes);
  }
  return charactersOfSymbols(symbolsOfBits(hash.digest(), DEVICE_ID_SYMBOLS));
}

/**
 * SHA-256 of the canonical, hyphenated license key: what the authority stores (as hex), and
 * the input of {@link activationCodeSecret}.
 *
 * @example
 * ```ts
 * licenseKeyDigest(parseLicenseKey(typed)); // 32 bytes
 * ```
 */
export function licenseKeyDigest(key: LicenseKey): Uint8Array {
  return new Uint8Array(createHash('sha256').update(key, 'utf8').digest());
}

/**
 * The MAC key of a license's codes: HKDF-SHA256 with the license key's SHA-256 as input key
 * material, `airlock-activation-code-v1` as salt and the product id as info, 32 bytes.
 *
 * @example
 * ```ts
 * const secret = activationCodeSecret(licenseKeyDigest(key), 'studio');
 * ```
 */
export function activationCodeSecret(keyDigest: Uint8Array, product: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', keyDigest, HKDF_SALT, product, 32));
}

/**
 * A new initialization code for the device: its device id and 30 random bits.
 *
 * @example
 * ```ts
 * makeInitializationCode(deriveCodeDeviceId(subject), random).text; // '1H8X-SEV4-MAPP-JY4V'
 * ```
 */
export function makeInitializationCode(deviceId: string, random: Random): InitializationCode {
  const deviceSymbols = symbolsOfCanonical(deviceId);
  if (deviceSymbols.length !== DEVICE_ID_SYMBOLS || deviceSymbols.some((symbol) => symbol < 0)) throw new RangeError('not a device id');
  const nonce = symbolsOfBits(random.bytes(4), NONCE_SYMBOLS);
  const text = typedKeyOf([KIND_SYMBOL.initialization, ...deviceSymbols, ...nonce], INITIALIZATION);
  return { text, deviceId, nonce: charactersOfSymbols(nonce) };
}

/**
 * Reads a typed initialization code. ACTIVATION_CODE_INVALID (with `kind` and `reason`) for
 * what {@link checkLicenseKey} would refuse, in its order, and then for a code of another kind.
 *
 * @example
 * ```ts
 * checkInitializationCode('1h8x sev4 mapp jy4v'); // { ok: true, value: { text: '1H8X-SEV4-MAPP-JY4V', deviceId: 'H8XSEV4M', nonce: 'APPJY4' } }
 * ```
 */
export function checkInitializationCode(text: unknown): Outcome<InitializationCode> {
  const read = readCode(text, 'initialization', INITIALIZATION);
  if (!read.ok) return read;
  const { canonical, symbols } = read.value;
  return accept({
    text: canonical,
    deviceId: charactersOfSymbols(symbols.slice(1, 1 + DEVICE_ID_SYMBOLS)),
    nonce: charactersOfSymbols(symbols.slice(1 + DEVICE_ID_SYMBOLS, 1 + DEVICE_ID_SYMBOLS + NONCE_SYMBOLS)),
  });
}

/**
 * The activation code answering an initialization code: the license's end (rounded up to the
 * next UTC midnight; capped at {@link LAST_CODE_DAY}), the granted features that are among the
 * first {@link CODE_FEATURE_LIMIT} code features, and the MAC binding them to the code.
 *
 * @example
 * ```ts
 * issueActivationCode({ secret, initialization, validUntil, features: ['export'], codeFeatures: ['batch', 'export'] });
 * // { text: '20MMT0-002Q9W-4X21YV', validUntil: 2027-11-24T00:00:00Z, features: ['export'] }
 * ```
 */
export function issueActivationCode(input: {
  readonly secret: Uint8Array;
  readonly initialization: InitializationCode;
  readonly validUntil: Date | null;
  readonly features: readonly string[];
  readonly codeFeatures: readonly string[];
}): CodeLicenseTerms & { readonly text: string } {
  const granted = new Set(input.features);
  const carried = input.codeFeatures.slice(0, CODE_FEATURE_LIMIT);
  const featureMask = carried.reduce((mask, name, bit) => (granted.has(name) ? mask | (1 << bit) : mask), 0);
  const endDay = input.validUntil === null ? 0 : Math.min(LAST_CODE_DAY, Math.max(1, Math.ceil(input.validUntil.getTime() / DAY_MS)));
  const payload = [KIND_SYMBOL.activation, ...symbolsOfNumber(endDay, DAY_SYMBOLS), ...symbolsOfNumber(featureMask, FEATURE_SYMBOLS)];
  const features = featuresOf(featureMask, carried)!;
  const mac = activationMac(input.secret, input.initialization, payload, features);
  return { text: typedKeyOf([...payload, ...mac], ACTIVATION), ...termsOf(endDay, features) };
}

/**
 * Reads a typed activation code, as {@link checkInitializationCode} reads its kind. Only
 * {@link verifyActivationCode} tells whether it is genuine.
 *
 * @example
 * ```ts
 * checkActivationCode('20mmt0 002q9w 4x21yv'); // { ok: true, value: { endDay: 21146, featureMask: 2, mac: 'Q9W4X21Y', … } }
 * ```
 */
export function checkActivationCode(text: unknown): Outcome<ActivationCode> {
  const read = readCode(text, 'activation', ACTIVATION);
  if (!read.ok) return read;
  const { canonical, symbols } = read.value;
  return accept({
    text: canonical,
    endDay: numberOfSymbols(symbols.slice(1, 1 + DAY_SYMBOLS)),
    featureMask: numberOfSymbols(symbols.slice(1 + DAY_SYMBOLS, 1 + DAY_SYMBOLS + FEATURE_SYMBOLS)),
    mac: charactersOfSymbols(symbols.slice(1 + DAY_SYMBOLS + FEATURE_SYMBOLS, -1)),
  });
}

/**
 * Verifies an activation code against the initialization code it must answer, the license
 * key's secret and the application's code features: ACTIVATION_CODE_MISMATCH when the MAC does
 * not match (another device's or another initialization code's answer, another license key,
 * an altered code, or code features listed differently from the authority's) or a bit names no
 * code feature. Compared in constant time.
 *
 * @example
 * ```ts
 * verifyActivationCode(code, { secret, initialization, codeFeatures: ['batch', 'export'] }); // { ok: true, value: { validUntil, features: ['export'] } }
 * ```
 */
export function verifyActivationCode(
  code: ActivationCode,
  expected: { readonly secret: Uint8Array; readonly initialization: InitializationCode; readonly codeFeatures: readonly string[] },
): Outcome<CodeLicenseTerms> {
  const mismatch = refuse('ACTIVATION_CODE_MISMATCH', { initializationCode: expected.initialization.text });
  const features = featuresOf(code.featureMask, expected.codeFeatures.slice(0, CODE_FEATURE_LIMIT));
  if (!features) return mismatch;
  const payload = symbolsOfCanonical(code.text).slice(0, 1 + DAY_SYMBOLS + FEATURE_SYMBOLS);
  const mac = charactersOfSymbols(activationMac(expected.secret, expected.initialization, payload, features));
  if (!timingSafeEqual(Buffer.from(mac), Buffer.from(code.mac))) return mismatch;
  return accept(termsOf(code.endDay, features));
}

/**
 * The deactivation code a device shows when it gives up a license it activated by code: the
 * nonce of its initialization code and a MAC over that code, so the portal can free the slot
 * of exactly that activation.
 *
 * @example
 * ```ts
 * issueDeactivationCode(secret, initialization); // '3APP-JY4Q-P9DR-2ZR6'
 * ```
 */
export function issueDeactivationCode(secret: Uint8Array, initialization: InitializationCode): string {
  return typedKeyOf([KIND_SYMBOL.deactivation, ...symbolsOfCanonical(initialization.nonce), ...deactivationMac(secret, initialization)], DEACTIVATION);
}

/**
 * Reads a typed deactivation code, as {@link checkInitializationCode} reads its kind.
 *
 * @example
 * ```ts
 * checkDeactivationCode('3app-jy4q-p9dr-2zr6'); // { ok: true, value: { nonce: 'APPJY4', … } }
 * ```
 */
export function checkDeactivationCode(text: unknown): Outcome<DeactivationCode> {
  const read = readCode(text, 'deactivation', DEACTIVATION);
  if (!read.ok) return read;
  const { canonical, symbols } = read.value;
  return accept({
    text: canonical,
    nonce: charactersOfSymbols(symbols.slice(1, 1 + NONCE_SYMBOLS)),
    mac: charactersOfSymbols(symbols.slice(1 + NONCE_SYMBOLS, -1)),
  });
}

/**
 * Verifies a deactivation code against the initialization code of the activation it frees:
 * ACTIVATION_CODE_MISMATCH unless its nonce and MAC match. Compared in constant time.
 *
 * @example
 * ```ts
 * verifyDeactivationCode(code, secret, initialization); // { ok: true, value: undefined }
 * ```
 */
export function verifyDeactivationCode(code: DeactivationCode, secret: Uint8Array, initialization: InitializationCode): Outcome {
  const mac = charactersOfSymbols(deactivationMac(secret, initialization));
  const same = code.nonce === initialization.nonce && timingSafeEqual(Buffer.from(mac), Buffer.from(code.mac));
  return same ? accept() : refuse('ACTIVATION_CODE_MISMATCH', { initializationCode: initialization.text });
}

function readCode(text: unknown, kind: TypedCodeKind, codeFormat: TypedKeyFormat): Outcome<{ canonical: string; symbols: number[] }> {
  const checked = checkTypedKey(text, codeFormat);
  if (!checked.ok) return withKind(checked, kind);
  const symbols = symbolsOfCanonical(checked.value);
  if (symbols[0] !== KIND_SYMBOL[kind]) {
    const found = (Object.keys(KIND_SYMBOL) as TypedCodeKind[]).find((other) => KIND_SYMBOL[other] === symbols[0]);
    return refuse('ACTIVATION_CODE_INVALID', {
      kind,
      reason: found ? `this is ${article(found)} ${found} code` : 'unknown kind or version',
      found: found ?? null,
    });
  }
  return accept({ canonical: checked.value, symbols });
}

function withKind(refusal: Refusal, kind: TypedCodeKind): Refusal {
  return refuse(refusal.code, { kind, ...refusal.detail });
}

function article(kind: TypedCodeKind): string {
  return kind === 'deactivation' ? 'a' : 'an';
}

/**
 * HMAC-SHA256 under the secret over `activate\0`, the initialization code's 15 data characters,
 * `\0`, the activation code's first 9 characters (kind, end day, feature mask), `\0`, and each
 * granted feature's name followed by `\0`; its first 40 bits.
 */
function activationMac(secret: Uint8Array, initialization: InitializationCode, payload: readonly number[], features: readonly string[]): number[] {
  const hmac = createHmac('sha256', secret).update('activate\0', 'utf8').update(initializationData(initialization), 'utf8');
  hmac.update(`\0${charactersOfSymbols(payload)}\0`, 'utf8');
  for (const feature of features) hmac.update(`${feature}\0`, 'utf8');
  return symbolsOfBits(hmac.digest(), MAC_SYMBOLS);
}

/** HMAC-SHA256 under the secret over `deactivate\0` and the initialization code's 15 data characters; its first 40 bits. */
function deactivationMac(secret: Uint8Array, initialization: InitializationCode): number[] {
  return symbolsOfBits(createHmac('sha256', secret).update('deactivate\0', 'utf8').update(initializationData(initialization), 'utf8').digest(), MAC_SYMBOLS);
}

function initializationData(initialization: InitializationCode): string {
  return initialization.text.replace(/-/g, '').slice(0, -1);
}

/** The features a mask names, in list order; undefined when a bit names none. */
function featuresOf(mask: number, codeFeatures: readonly string[]): string[] | undefined {
  if (mask >= 2 ** codeFeatures.length) return undefined;
  return codeFeatures.filter((_, bit) => (mask & (1 << bit)) !== 0);
}

function termsOf(endDay: number, features: readonly string[]): CodeLicenseTerms {
  return { validUntil: endDay === 0 ? null : new Date(endDay * DAY_MS), features };
}

function symbolsOfNumber(value: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => Math.floor(value / 2 ** (5 * (count - 1 - index))) % 32);
}

function numberOfSymbols(symbols: readonly number[]): number {
  return symbols.reduce((value, symbol) => value * 32 + symbol, 0);
}
