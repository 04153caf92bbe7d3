import { createCipheriv, createDecipheriv, scrypt, type BinaryLike, type ScryptOptions } from 'node:crypto';
import type { Random } from './random.ts';

/**
 * Secrets at rest (private key seeds, a ledger key): AES-256-GCM under a key-encryption key
 * derived with scrypt from an operator's passphrase. The sealed text is
 *
 *     v1.<salt>.<iv>.<ciphertext>.<tag>        (each part base64url)
 *
 * where `v1` fixes the algorithm: scrypt N=2^15, r=8, p=1, 32-byte key; AES-256-GCM, 96-bit IV,
 * and a caller-chosen label as additional data (a key id, a purpose), so a sealed secret copied
 * into another secret's place does not open. Every secret of one store shares one salt, so the
 * (deliberately slow) derivation runs once per process.
 *
 * Pure in the core's sense: the randomness (salt, IV) is a parameter, and nothing is read or
 * written; scrypt and AES-GCM are computations.
 */
const VERSION = 'v1';
const SCRYPT: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** A key-encryption key and the salt it was derived with. */
export interface SealingKey {
  readonly salt: Uint8Array;
  readonly key: Uint8Array;
}

/** The parts of a sealed secret, decoded. */
interface SealedParts {
  readonly salt: Buffer;
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

/** A sealed text that is not in the format this version reads: storage was damaged or is newer. */
export class SealedFormatError extends Error {
  override readonly name = 'SealedFormatError';
}

function scryptAsync(passphrase: BinaryLike, salt: BinaryLike): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * Derives the key-encryption key for a salt (about a tenth of a second: do it once). The
 * passphrase is NFC-normalised, so the same words typed on two keyboards give the same key.
 *
 * @example
 * ```ts
 * const sealing = await deriveSealingKey(passphrase, newSealingSalt(random));
 * ```
 */
export async function deriveSealingKey(passphrase: string, salt: Uint8Array): Promise<SealingKey> {
  return { salt, key: new Uint8Array(await scryptAsync(passphrase.normalize('NFC'), salt)) };
}

/**
 * A new 16-byte salt, for a store that has sealed nothing yet.
 *
 * @example
 * ```ts
 * const sealing = await deriveSealingKey(passphrase, newSealingSalt(random));
 * ```
 */
export function newSealingSalt(random: Random): Uint8Array {
  return random.bytes(16);
}

/**
 * Encrypts a secret under the sealing key; `label` is bound as additional data and must be
 * given again to open it.
 *
 * @example
 * ```ts
 * const sealed = sealSecret(sealing, seed, 'site/signing', random); // 'v1.…'
 * ```
 */
export function sealSecret(sealing: SealingKey, secret: Uint8Array, label: string, random: Random): string {
  const iv = random.bytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealing.key, iv);
  cipher.setAAD(Buffer.from(label, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()]);
  const parts = [sealing.salt, iv, ciphertext, cipher.getAuthTag()].map((part) => Buffer.from(part).toString('base64url'));
  return [VERSION, ...parts].join('.');
}

function partsOf(sealed: string): SealedParts {
  const [version, salt, iv, ciphertext, tag, ...rest] = sealed.split('.');
  if (version !== VERSION || salt === undefined || iv === undefined || ciphertext === undefined || tag === undefined || rest.length > 0) {
    throw new SealedFormatError('the sealed secret is not in the format this version reads');
  }
  const decode = (part: string) => Buffer.from(part, 'base64url');
  const parts = { salt: decode(salt), iv: decode(iv), ciphertext: decode(ciphertext), tag: decode(tag) };
  if (parts.iv.length !== 12 || parts.tag.length !== 16 || parts.salt.length === 0) {
    throw new SealedFormatError('the sealed secret has parts of the wrong length');
  }
  return parts;
}

/**
 * The salt a sealed secret was made with: derive the sealing key for it before opening.
 * Throws `SealedFormatError` for a text that is not a sealed secret.
 *
 * @example
 * ```ts
 * const sealing = await deriveSealingKey(passphrase, saltOfSealed(stored));
 * ```
 */
export function saltOfSealed(sealed: string): Uint8Array {
  return new Uint8Array(partsOf(sealed).salt);
}

/**
 * Decrypts a sealed secret, or returns null when the sealing key does not open it: another
 * passphrase, another label, or an altered text (AES-GCM cannot tell those apart, and no
 * caller should). Callers turn null into their own error (`KEY_PASSPHRASE_WRONG`, ...).
 * Throws `SealedFormatError` when the text is not a sealed secret at all, or was sealed
 * with another salt than the key's.
 *
 * @example
 * ```ts
 * const seed = openSealedSecret(sealing, sealed, 'site/signing');
 * if (seed === null) throw new AirlockError('SITE_PASSPHRASE_WRONG');
 * ```
 */
export function openSealedSecret(sealing: SealingKey, sealed: string, label: string): Uint8Array | null {
  const { salt, iv, ciphertext, tag } = partsOf(sealed);
  if (!salt.equals(Buffer.from(sealing.salt))) throw new SealedFormatError(`the secret ${label} is sealed under another salt`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealing.key, iv);
    decipher.setAAD(Buffer.from(label, 'utf8'));
    decipher.setAuthTag(tag);
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch {
    return null;
  }
}
