import type { Random } from '@airlock/core';
import argon2 from 'argon2';

/**
 * How the site keeps passwords: argon2id hashes (RFC 9106) only, salted from the site's random
 * source. argon2's own defaults (64 MiB, 3 passes, 4 lanes) are above OWASP's minimum; tests
 * may pass lighter parameters to save time, never production.
 */
export interface PasswordHasher {
  hash(password: string, random: Random): Promise<string>;
  /** Whether the password matches; a malformed hash never matches. */
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends the time of a verification against nothing, so an unknown account name answers as slowly as a known one. */
  verifyNothing(password: string): Promise<false>;
}

const SALT_BYTES = 16;

/** Lighter argon2id parameters than the defaults (a few ms a hash): for tests only. */
export const TEST_HASHING = { memoryCost: 1024, timeCost: 1, parallelism: 1 } as const;

/**
 * An argon2id hasher, with argon2's defaults unless told otherwise.
 *
 * @example
 * ```ts
 * const passwords = argon2Hasher();
 * const hash = await passwords.hash('correct horse battery staple', random);
 * ```
 */
export function argon2Hasher(parameters: { readonly memoryCost?: number; readonly timeCost?: number; readonly parallelism?: number } = {}): PasswordHasher {
  let dummy: Promise<string> | undefined;
  const verify = async (hash: string, password: string) => {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  };
  return {
    hash: (password, random) => argon2.hash(password, { ...parameters, type: argon2.argon2id, salt: Buffer.from(random.bytes(SALT_BYTES)) }),
    verify,
    async verifyNothing(password) {
      dummy ??= argon2.hash('airlock-site-dummy-password', { ...parameters, type: argon2.argon2id, salt: Buffer.alloc(SALT_BYTES, 7) });
      await verify(await dummy, password);
      return false;
    },
  };
}

/** Letters and digits a person reads and types without mistaking one for another (no 0/O, 1/l/I). */
const TYPABLE = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const GROUPS = 5;
const GROUP_LENGTH = 5;

/**
 * A one-time password a person can type from a terminal: five groups of five characters from a
 * 55-letter alphabet (about 144 bits), drawn without modulo bias.
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

/** New passwords are at least this long; any length is tried at sign-in. */
export const MIN_PASSWORD_LENGTH = 12;
