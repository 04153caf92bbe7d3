import { createHash, timingSafeEqual } from 'node:crypto';
import type { Random } from '@airlock/core';

/**
 * Session secrets and API tokens: 32 random bytes, base64url. The database keeps only their
 * SHA-256, so a copy of the tables grants nothing; a plain hash suffices because the secrets
 * are random (unlike passwords, nothing can be guessed from a dictionary).
 */
const SECRET_BYTES = 32;

/** API tokens carry a prefix, so a leaked one is recognisable (and secret scanners can find it). */
export const API_TOKEN_PREFIX = 'alk_';

const API_TOKEN = /^alk_[A-Za-z0-9_-]{43}$/;
const SESSION_SECRET = /^[A-Za-z0-9_-]{43}$/;

function randomSecret(random: Random): string {
  return Buffer.from(random.bytes(SECRET_BYTES)).toString('base64url');
}

/** A new session secret, for the `airlock_session` cookie. */
export function newSessionSecret(random: Random): string {
  return randomSecret(random);
}

/** A new API token: `alk_` and 32 random bytes, base64url. */
export function newApiToken(random: Random): string {
  return API_TOKEN_PREFIX + randomSecret(random);
}

/** Whether the text could be a token at all; anything else is not looked up. */
export function isApiTokenShaped(text: string): boolean {
  return API_TOKEN.test(text);
}

/** Whether the text could be a session secret at all; anything else is not looked up. */
export function isSessionSecretShaped(text: string): boolean {
  return SESSION_SECRET.test(text);
}

/** The stored form of a secret: SHA-256, hex. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two stored hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
