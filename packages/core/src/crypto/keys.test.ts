import { describe, expect, it } from 'vitest';
import { AirlockError } from '../errors/airlock-error.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { decodeBase64url } from '../encoding/base64url.ts';
import { exportKeySeed, generateKeyPair, importPublicJwk, keyId, keyPairFromSeed, parsePublicJwk, privateKeyFromSeed } from './keys.ts';
import { newDocumentId } from './random.ts';

describe('keys', () => {
  it('derives the same key pair from the same seed, and round-trips the seed', () => {
    const seed = new Uint8Array(32).fill(1);
    const a = keyPairFromSeed('Ed25519', seed);
    expect(keyPairFromSeed('Ed25519', seed).publicJwk).toEqual(a.publicJwk);
    expect(exportKeySeed(a)).toEqual({ curve: 'Ed25519', seed });
  });

  // RFC 8037 appendix A.1 (Ed25519) and A.6 (the X25519 ephemeral key): whichever way this
  // runtime imports a seed (a JWK on Node.js 20 and 22, PKCS#8 on 24), the key is the seed's.
  it.each([
    ['Ed25519', 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A', '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo'],
    ['X25519', 'dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo', 'hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo'],
  ] as const)('imports an %s seed as its private key, whose public half is the RFC 8037 one', (curve, d, x) => {
    const seed = decodeBase64url(d)!;
    expect(privateKeyFromSeed(curve, seed).export({ format: 'jwk' })).toEqual({ kty: 'OKP', crv: curve, d, x });
    expect(keyPairFromSeed(curve, seed).publicJwk.x).toBe(x);
    expect(() => privateKeyFromSeed(curve, seed.subarray(1))).toThrow(AirlockError);
  });

  it('names a key by its RFC 7638 thumbprint (RFC 8037 appendix A.3 example)', () => {
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' } as const;
    expect(keyId(jwk)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('generates distinct keys from the injected random source', () => {
    const random = seededRandom('keys');
    expect(generateKeyPair('X25519', random).kid).not.toBe(generateKeyPair('X25519', random).kid);
  });

  it('accepts only a public OKP key of the expected curve, in canonical form', () => {
    const { publicJwk } = keyPairFromSeed('X25519', new Uint8Array(32).fill(2));
    expect(parsePublicJwk({ ...publicJwk, use: 'enc' }, 'X25519')).toEqual(publicJwk);
    const refusals = [
      null,
      'key',
      { ...publicJwk, crv: 'Ed25519' },
      { ...publicJwk, x: 'short' },
      { ...publicJwk, d: publicJwk.x },
      { ...publicJwk, kty: 'EC' },
    ];
    for (const candidate of refusals) {
      expect(() => parsePublicJwk(candidate, 'X25519')).toThrow(AirlockError);
    }
  });

  it('imports the same public key object once', () => {
    const { publicJwk } = keyPairFromSeed('Ed25519', new Uint8Array(32).fill(3));
    expect(importPublicJwk(publicJwk)).toBe(importPublicJwk(publicJwk));
  });

  it('makes version 4 UUIDs from the injected random source', () => {
    const id = newDocumentId(seededRandom('ids'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newDocumentId(seededRandom('ids'))).toBe(id);
  });
});
