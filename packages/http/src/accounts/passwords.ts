import type { Random } from '@airlock/core';
import argon2 from 'argon2';

/**
 * How both servers keep passwords: argon2id hashes (RFC 9106) only, PHC strings that carry
 * their salt and parameters, salted from the server's random source. argon2's own defaults
 * (64 MiB, 3 passes, 4 lanes) are above OWASP's minimum and are what production uses; tests
 * may pass lighter parameters (`TEST_HASHING`) to save time. A hash made with other parameters
 * still verifies, since it names its own.
 */
export interface Argon2Parameters {
  readonly memoryCost?: number;
  readonly timeCost?: number;
  readonly parallelism?: number;
}

export interface PasswordHasher {
  hash(password: string, random: Random): Promise<string>;
  /** Whether the password matches; a malformed hash never matches. */
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends the time of a verification against nothing, so an unknown account answers as slowly as a known one. Always false. */
  verifyNothing(password: string): Promise<false>;
}

const SALT_BYTES = 16;

/** Lighter argon2id parameters than the defaults (a few ms a hash): for tests only. */
export const TEST_HASHING: Argon2Parameters = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

/** New passwords are at least this long; any length is tried at sign-in. */
export const MIN_PASSWORD_LENGTH = 12;

/** What `hashPassword` and `verifyAgainstDummy` use when their caller names no parameters: argon2's defaults, unless a test suite said otherwise. */
let processParameters: Argon2Parameters = {};

/**
 * Makes `hashPassword` and `verifyAgainstDummy` use these parameters, for the rest of this
 * process, where their caller names none: for a test suite that makes and checks many accounts
 * (the authority's test harness passes `TEST_HASHING`), since a hash at argon2's defaults costs
 * about 190 ms of processor time. A server never calls it, and nothing read from its
 * configuration reaches it. Hashes made either way keep verifying: each names its parameters.
 *
 * @example
 * ```ts
 * useHashingForTests(TEST_HASHING);
 * ```
 */
export function useHashingForTests(parameters: Argon2Parameters): void {
  processParameters = parameters;
  dummyHasher = argon2Hasher(parameters);
}

/** Hashes a password for storage: an argon2id PHC string, with argon2's defaults unless told otherwise. */
export async function hashPassword(password: string, random: Random, parameters: Argon2Parameters = processParameters): Promise<string> {
  return argon2.hash(password, { ...parameters, type: argon2.argon2id, salt: Buffer.from(random.bytes(SALT_BYTES)) });
}

/** Whether the password matches the stored hash; a malformed hash never matches. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * An argon2id hasher, with argon2's defaults unless told otherwise.
 *
 * @example
 * ```ts
 * const passwords = argon2Hasher();
 * const hash = await passwords.hash('correct horse battery staple', random);
 * ```
 */
export function argon2Hasher(parameters: Argon2Parameters = {}): PasswordHasher {
  let dummy: Promise<string> | undefined;
  return {
    hash: (password, random) => hashPassword(password, random, parameters),
    verify: verifyPassword,
    async verifyNothing(password) {
      dummy ??= argon2.hash('airlock-dummy-password', { ...parameters, type: argon2.argon2id, salt: Buffer.alloc(SALT_BYTES, 7) });
      await verifyPassword(await dummy, password);
      return false;
    },
  };
}

/** The hasher with argon2's defaults: what production uses. */
export const defaultPasswordHasher: PasswordHasher = argon2Hasher();

/**
 * Spends the time a real verification would when the account is unknown, so the answer's
 * timing does not tell which accounts exist. Always false.
 */
export function verifyAgainstDummy(password: string): Promise<false> {
  return dummyHasher.verifyNothing(password);
}

let dummyHasher: PasswordHasher = defaultPasswordHasher;
