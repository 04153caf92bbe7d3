import { hash, timingSafeEqual } from 'node:crypto';
import type { Random } from '@airlock/core';

/**
 * The secrets the site hands out — application keys and session secrets — are 256 random bits,
 * so a plain SHA-256 of them is all the site keeps (nothing can be guessed from a dictionary, so
 * no slow hash is needed) and compares, in constant time.
 */
const SECRET_BYTES = 32;
/** Base64url of 32 bytes. */
const SECRET = '[A-Za-z0-9_-]{43}';

/** Application keys carry a prefix, so a leaked one is recognisable (and secret scanners can find it). */
export const APP_KEY_PREFIX = 'airlock-site-app_';
const KEY_ID_LENGTH = 16;
const APP_KEY = new RegExp(`^${APP_KEY_PREFIX}[0-9a-f]{${KEY_ID_LENGTH}}_${SECRET}$`);
const SESSION_SECRET = new RegExp(`^${SECRET}$`);

const randomSecret = (random: Random): string => Buffer.from(random.bytes(SECRET_BYTES)).toString('base64url');

/** A new application key: its id (16 hex digits, public) and the key itself (shown once). */
export function newAppKey(random: Random): { readonly id: string; readonly key: string } {
  const id = Buffer.from(random.bytes(KEY_ID_LENGTH / 2)).toString('hex');
  return { id, key: `${APP_KEY_PREFIX}${id}_${randomSecret(random)}` };
}

/** The key id an application key names (no lookup, no hashing), or null when the text is not shaped like one. */
export function appKeyIdOf(text: string): string | null {
  if (!text.startsWith(APP_KEY_PREFIX) || !APP_KEY.test(text)) return null;
  return text.slice(APP_KEY_PREFIX.length, APP_KEY_PREFIX.length + KEY_ID_LENGTH);
}

/** A new session secret, for the session cookie. */
export function newSessionSecret(random: Random): string {
  return randomSecret(random);
}

export function isSessionSecretShaped(text: string): boolean {
  return SESSION_SECRET.test(text);
}

/** SHA-256 of a text, in one call (no Hash object: this runs on every enforcement request). */
export const sha256 = (text: string): Buffer => hash('sha256', text, 'buffer');

/** Whether a presented secret hashes to the stored digest, compared in constant time. */
export function matchesDigest(presented: string, digest: Buffer): boolean {
  const computed = sha256(presented);
  return computed.length === digest.length && timingSafeEqual(computed, digest);
}
