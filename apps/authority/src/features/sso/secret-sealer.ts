import { type Random } from '@airlock/core';
import { deriveSealingKey, newSealingSalt, openSealedSecret, saltOfSealed, sealSecret, type SealingKey } from '@airlock/core/internal';

/**
 * Seals the secrets the authority must keep but never show — the OpenID Connect client secrets —
 * under the passphrase its private keys are sealed under (core `sealSecret`: scrypt, then
 * AES-256-GCM with a label bound as additional data). A stolen copy of the database holds
 * only sealed text; a sealed secret copied onto another row (another label) does not open.
 */
export interface SecretSealer {
  seal(secret: string, label: string): Promise<string>;
  /** The secret in clear; throws when the passphrase or the label do not open it. */
  open(sealed: string, label: string): Promise<string>;
}

/**
 * A sealer under the key passphrase. Sealing uses one salt for the process; opening derives the
 * key of each salt met (another replica's, an earlier start's) once and keeps it.
 *
 * @example
 * ```ts
 * const sealer = createSecretSealer(passphrase, systemRandom);
 * const sealed = await sealer.seal('s3cret', 'sso/console');
 * ```
 */
export function createSecretSealer(passphrase: string, random: Random): SecretSealer {
  const own = newSealingSalt(random);
  const keys = new Map<string, Promise<SealingKey>>();
  const keyFor = (salt: Uint8Array): Promise<SealingKey> => {
    const id = Buffer.from(salt).toString('base64url');
    let key = keys.get(id);
    if (!key) {
      key = deriveSealingKey(passphrase, salt);
      keys.set(id, key);
    }
    return key;
  };
  return {
    async seal(secret, label) {
      return sealSecret(await keyFor(own), new TextEncoder().encode(secret), label, random);
    },
    async open(sealed, label) {
      const opened = openSealedSecret(await keyFor(saltOfSealed(sealed)), sealed, label);
      if (opened === null) throw new Error(`the sealed secret ${label} does not open under this key passphrase`);
      return new TextDecoder().decode(opened);
    },
  };
}
