import type { Random } from '@airlock/core';
import { randomSecret } from '@airlock/http';

/**
 * Application keys: like session secrets (`@airlock/http`), 256 random bits, so a plain SHA-256
 * of them is all the site keeps and compares, in constant time (`matchesDigest`).
 * Base64url of 32 bytes:
 */
const SECRET = '[A-Za-z0-9_-]{43}';

/** Application keys carry a prefix, so a leaked one is recognisable (and secret scanners can find it). */
export const APP_KEY_PREFIX = 'airlock-site-app_';
const KEY_ID_LENGTH = 16;
const APP_KEY = new RegExp(`^${APP_KEY_PREFIX}[0-9a-f]{${KEY_ID_LENGTH}}_${SECRET}$`);

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
