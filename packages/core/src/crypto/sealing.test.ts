import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.ts';
import { deriveSealingKey, newSealingSalt, openSealedSecret, saltOfSealed, SealedFormatError, sealSecret, type SealingKey } from './sealing.ts';

const random = seededRandom('sealing');
const secret = new Uint8Array(Array.from({ length: 32 }, (_, i) => i));

describe('sealing a secret under a passphrase', () => {
  let sealing: SealingKey;
  beforeAll(async () => {
    sealing = await deriveSealingKey('correct horse battery staple', newSealingSalt(random));
  });

  it('opens what it sealed, with the same label, and reads the salt back', () => {
    const sealed = sealSecret(sealing, secret, 'site/signing', random);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(openSealedSecret(sealing, sealed, 'site/signing')).toEqual(secret);
    expect(saltOfSealed(sealed)).toEqual(sealing.salt);
  });

  it('gives null for another label, another passphrase or an altered text', async () => {
    const sealed = sealSecret(sealing, secret, 'site/signing', random);
    expect(openSealedSecret(sealing, sealed, 'site/encryption')).toBeNull();
    const other = await deriveSealingKey('another passphrase entirely', sealing.salt);
    expect(openSealedSecret(other, sealed, 'site/signing')).toBeNull();
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    parts[3] = flipped.toString('base64url');
    expect(openSealedSecret(sealing, parts.join('.'), 'site/signing')).toBeNull();
  });

  it('reads the passphrase in NFC, so a composed and a decomposed accent seal alike', async () => {
    const composed = await deriveSealingKey('caf\u00e9 au lait, sans sucre', sealing.salt);
    const decomposed = await deriveSealingKey('cafe\u0301 au lait, sans sucre', sealing.salt);
    expect(Buffer.from(decomposed.key).equals(Buffer.from(composed.key))).toBe(true);
  });

  it('refuses a text of another salt or format with SealedFormatError, never a wrong answer', async () => {
    const otherSalt = await deriveSealingKey('correct horse battery staple', newSealingSalt(random));
    const sealed = sealSecret(otherSalt, secret, 'x', random);
    expect(() => openSealedSecret(sealing, sealed, 'x')).toThrow(SealedFormatError);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          expect(openSealedSecret(sealing, text, 'x')).toBeNull();
        } catch (error) {
          expect(error).toBeInstanceOf(SealedFormatError);
        }
      }),
    );
  });
});
