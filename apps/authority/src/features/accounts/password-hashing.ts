import type { Random } from '@airlock/core';
import argon2 from 'argon2';

/**
 * Passwords are kept only as argon2id hashes (RFC 9106), salted from the authority's random
 * source. argon2's own defaults (64 MiB, 3 passes, 4 lanes) are above OWASP's minimum.
 */
const SALT_BYTES = 16;

/** Hashes a password for storage: an argon2id PHC string that carries its salt and parameters. */
export async function hashPassword(password: string, random: Random): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, salt: Buffer.from(random.bytes(SALT_BYTES)) });
}

/** Whether the password matches the stored hash; a malformed hash never matches. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time a real verification would when the e-mail address is unknown, so the answer's
 * timing does not tell which addresses have accounts. Always false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= argon2.hash('airlock-dummy-password', { type: argon2.argon2id, salt: Buffer.alloc(SALT_BYTES, 7) });
  await verifyPassword(await dummyHash, password);
  return false;
}

/** Letters and digits a person reads and types without mistaking one for another (no 0/O, 1/l/I). */
const TYPABLE = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const GROUPS = 5;
const GROUP_LENGTH = 5;

/**
 * A one-time password a person can type from a terminal: five groups of five characters from a
 * 55-letter alphabet (about 144 bits), drawn without modulo bias from `random`.
 *
 * @example
 * ```ts
 * generatePassword(random); // 'k7QmZ-4hTrw-...'
 * ```
 */
export function generatePassword(random: Random): string {
  const characters: string[] = [];
  const unbiasedBelow = 256 - (256 % TYPABLE.length);
  while (characters.length < GROUPS * GROUP_LENGTH) {
    for (const byte of random.bytes(32)) {
      if (byte < unbiasedBelow && characters.length < GROUPS * GROUP_LENGTH) characters.push(TYPABLE[byte % TYPABLE.length]!);
    }
  }
  const groups: string[] = [];
  for (let i = 0; i < GROUPS; i++) groups.push(characters.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH).join(''));
  return groups.join('-');
}
