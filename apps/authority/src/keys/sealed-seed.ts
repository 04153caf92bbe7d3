import { AirlockError, type Random } from '@airlock/core';
import { deriveSealingKey, newSealingSalt, openSealedSecret, saltOfSealed, SealedFormatError, sealSecret, type SealingKey } from '@airlock/core/internal';

/**
 * The authority's private key seeds at rest, sealed by the core's `sealSecret` (scrypt and
 * AES-256-GCM, see packages/core/src/crypto/sealing.ts) with the key's id as the label, so a
 * sealed seed copied onto another key's row does not open. Every key of one database shares
 * one salt, so the derivation runs once.
 */
export { deriveSealingKey, type SealingKey };

/** A new salt for a database that has no keys yet. */
export function newSalt(random: Random): Uint8Array {
  return newSealingSalt(random);
}

/** Encrypts a 32-byte seed for the key `kid`. */
export function sealSeed(sealing: SealingKey, seed: Uint8Array, kid: string, random: Random): string {
  return sealSecret(sealing, seed, kid, random);
}

/** The salt a sealed seed was made with: derive the sealing key for it before opening. */
export function saltOf(sealed: string): Uint8Array {
  return readable(() => saltOfSealed(sealed));
}

/**
 * Decrypts the seed of key `kid`. A failed tag check means the passphrase is not the one the
 * key was sealed under (or the row was tampered with): `KEY_PASSPHRASE_WRONG`.
 */
export function openSeed(sealing: SealingKey, sealed: string, kid: string): Uint8Array {
  const seed = readable(() => openSealedSecret(sealing, sealed, kid));
  if (seed === null) throw new AirlockError('KEY_PASSPHRASE_WRONG', { kid });
  return seed;
}

function readable<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof SealedFormatError) throw new Error(`a stored authority key is not readable: ${error.message}`, { cause: error });
    throw error;
  }
}
