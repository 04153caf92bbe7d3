import { createHash, timingSafeEqual } from 'node:crypto';
import type { Random } from '@airlock/core';
import { base32Encode } from './base32.ts';

/**
 * Recovery codes: what a person signs in with when the authenticator is lost. Ten are made at
 * enrolment and shown once; only their SHA-256 is stored, and each opens one sign-in. A plain
 * hash suffices: each code holds 50 random bits and a guess costs a sign-in attempt, which the
 * lockout counts.
 */
export const RECOVERY_CODE_COUNT = 10;

const RECOVERY_CODE = /^[A-Z2-7]{5}-?[A-Z2-7]{5}$/;

/**
 * New recovery codes, `XXXXX-XXXXX` in the base32 alphabet (no 0/1/8/9 to misread).
 *
 * @example
 * ```ts
 * const codes = newRecoveryCodes(random); // ['K3Q7D-MZ2PA', …]
 * const stored = codes.map(hashRecoveryCode);
 * ```
 */
export function newRecoveryCodes(random: Random, count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const text = base32Encode(random.bytes(7)).slice(0, 10);
    return `${text.slice(0, 5)}-${text.slice(5)}`;
  });
}

/** A code as typed, in its one canonical form (upper case, no spaces), or null if it cannot be one. */
export function normalizeRecoveryCode(text: string): string | null {
  const clean = text.replace(/\s/g, '').toUpperCase();
  if (!RECOVERY_CODE.test(clean)) return null;
  return clean.replace('-', '');
}

/** The stored form of a recovery code: SHA-256 of its canonical form, hex. */
export function hashRecoveryCode(code: string): string {
  const canonical = normalizeRecoveryCode(code);
  if (canonical === null) throw new Error('not a recovery code');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * The index of the unused stored hash the presented code matches, or null. Every hash is
 * compared in constant time, so the time taken does not tell which code came close.
 */
export function matchRecoveryCode(storedHashes: readonly (string | null)[], presented: string): number | null {
  if (normalizeRecoveryCode(presented) === null) return null;
  const candidate = Buffer.from(hashRecoveryCode(presented), 'utf8');
  let found: number | null = null;
  storedHashes.forEach((hash, index) => {
    if (hash === null) return;
    const stored = Buffer.from(hash, 'utf8');
    if (stored.length === candidate.length && timingSafeEqual(stored, candidate) && found === null) found = index;
  });
  return found;
}

/** Whether text is shaped like a recovery code (rather than a TOTP code). */
export function isRecoveryCodeShaped(text: string): boolean {
  return normalizeRecoveryCode(text) !== null;
}
