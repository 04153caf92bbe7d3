import { hash, timingSafeEqual } from 'node:crypto';
import { hours, type Milliseconds, type Random } from '@airlock/core';

/**
 * Session secrets (the session cookie's value) of both servers: 32 random bytes, base64url.
 * Only their SHA-256 is kept, so a copy of the store grants nothing; a plain hash suffices
 * because the secrets are random (unlike passwords, nothing can be guessed from a dictionary).
 * The same holds for the servers' other random bearer secrets (API tokens, application keys),
 * which build on `randomSecret` and `sha256`.
 */
const SECRET_BYTES = 32;
const SESSION_SECRET = /^[A-Za-z0-9_-]{43}$/;

/** A session lasts this long from sign-in, then the person signs in again. */
export const SESSION_LIFETIME: Milliseconds = hours(12);

/** 32 random bytes from `random`, base64url (43 characters). */
export function randomSecret(random: Random): string {
  return Buffer.from(random.bytes(SECRET_BYTES)).toString('base64url');
}

/** A new session secret, for a session cookie. */
export function newSessionSecret(random: Random): string {
  return randomSecret(random);
}

/** Whether the text could be a session secret at all; anything else is not looked up. */
export function isSessionSecretShaped(text: string): boolean {
  return SESSION_SECRET.test(text);
}

/** SHA-256 of a text, in one call (no Hash object: this runs on every request). */
export const sha256 = (text: string): Buffer => hash('sha256', text, 'buffer');

/** The stored form of a secret: SHA-256, hex. */
export function hashSecret(secret: string): string {
  return sha256(secret).toString('hex');
}

/** Compares two stored hashes (hex) in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Whether a presented secret hashes to the stored digest, compared in constant time. */
export function matchesDigest(presented: string, digest: Buffer): boolean {
  const computed = sha256(presented);
  return computed.length === digest.length && timingSafeEqual(computed, digest);
}
