import { createCipheriv, createDecipheriv, scrypt, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { AirlockError, type Random } from '@airlock/core';

/**
 * Private key seeds at rest: AES-256-GCM under a key-encryption key derived with scrypt from
 * the operator's passphrase (or key file). The sealed text is
 *
 *     v1.<salt>.<iv>.<ciphertext>.<tag>        (each part base64url)
 *
 * where `v1` fixes the algorithm: scrypt N=2^15, r=8, p=1, 32-byte key; AES-256-GCM, 96-bit IV,
 * the key's id as additional data, so a sealed seed copied onto another key's row does not open.
 * Every key of one database shares one salt, so the (deliberately slow) derivation runs once.
 */
const VERSION = 'v1';
const SCRYPT: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export interface SealingKey {
  readonly salt: Uint8Array;
  readonly key: Buffer;
}

function scryptAsync(passphrase: BinaryLike, salt: BinaryLike): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Derives the key-encryption key for a salt (about a tenth of a second: do it once). */
export async function deriveSealingKey(passphrase: string, salt: Uint8Array): Promise<SealingKey> {
  return { salt, key: await scryptAsync(passphrase.normalize('NFC'), salt) };
}

/** A new salt for a database that has no keys yet. */
export function newSalt(random: Random): Uint8Array {
  return random.bytes(16);
}

/** Encrypts a 32-byte seed for the key `kid`. */
export function sealSeed(sealing: SealingKey, seed: Uint8Array, kid: string, random: Random): string {
  const iv = random.bytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealing.key, iv);
  cipher.setAAD(Buffer.from(kid, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(seed), cipher.final()]);
  const parts = [sealing.salt, iv, ciphertext, cipher.getAuthTag()].map((part) => Buffer.from(part).toString('base64url'));
  return [VERSION, ...parts].join('.');
}

interface SealedParts {
  readonly salt: Buffer;
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

function partsOf(sealed: string): SealedParts {
  const [version, salt, iv, ciphertext, tag, ...rest] = sealed.split('.');
  if (version !== VERSION || salt === undefined || iv === undefined || ciphertext === undefined || tag === undefined || rest.length > 0) {
    throw new Error('a stored authority key is not in the sealed format this version reads');
  }
  const decode = (part: string) => Buffer.from(part, 'base64url');
  return { salt: decode(salt), iv: decode(iv), ciphertext: decode(ciphertext), tag: decode(tag) };
}

/** The salt a sealed seed was made with: derive the sealing key for it before opening. */
export function saltOf(sealed: string): Uint8Array {
  return new Uint8Array(partsOf(sealed).salt);
}

/**
 * Decrypts the seed of key `kid`. A failed tag check means the passphrase is not the one the
 * key was sealed under (or the row was tampered with): `KEY_PASSPHRASE_WRONG`.
 */
export function openSeed(sealing: SealingKey, sealed: string, kid: string): Uint8Array {
  const { salt, iv, ciphertext, tag } = partsOf(sealed);
  if (!salt.equals(Buffer.from(sealing.salt))) throw new Error(`key ${kid} is sealed under another salt than this database's`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealing.key, iv);
    decipher.setAAD(Buffer.from(kid, 'utf8'));
    decipher.setAuthTag(tag);
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch (cause) {
    throw new AirlockError('KEY_PASSPHRASE_WRONG', { kid }, { cause });
  }
}
