import fc from 'fast-check';
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { keyPairFromSeed } from '../crypto/keys.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { decryptCompact, encryptCompact, signCompact, verifyCompact } from './jose-compact.ts';

/**
 * Airlock writes its JWS and JWE with node:crypto and reads them with `jose`: what it writes
 * must be exactly what `jose` writes, for any header and payload, and read back by `jose`.
 */
const random = seededRandom('jose-compact');
const signer = keyPairFromSeed('Ed25519', random.bytes(32));
const recipient = keyPairFromSeed('X25519', random.bytes(32));
const jsonObject = fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 });
const header = jsonObject.filter((value) => !('crit' in value) && !('b64' in value));

describe('signCompact', () => {
  it('writes byte for byte the compact JWS jose writes, which jose verifies', async () => {
    await fc.assert(
      fc.asyncProperty(header, jsonObject, async (protectedHeader, payload) => {
        const ours = await signCompact(protectedHeader, payload, signer.privateKey);
        const bytes = new TextEncoder().encode(JSON.stringify(payload));
        const theirs = await new CompactSign(bytes).setProtectedHeader({ ...protectedHeader, alg: 'EdDSA' }).sign(signer.privateKey);
        expect(ours).toBe(theirs);
        expect(await verifyCompact(ours, signer.publicKey)).toEqual(JSON.parse(JSON.stringify(payload)));
      }),
      { numRuns: 200 },
    );
  });

  it('writes text outside ASCII and lone surrogates as jose does', async () => {
    const payload = { name: 'Zoë 名前 🚀', lone: '\ud800x', end: '\udfff' };
    const theirs = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ typ: 't', alg: 'EdDSA' })
      .sign(signer.privateKey);
    expect(await signCompact({ typ: 't' }, payload, signer.privateKey)).toBe(theirs);
  });

  it('signs only with an Ed25519 private key, and writes no crit or b64 header', async () => {
    await expect(signCompact({ typ: 't' }, {}, signer.publicKey)).rejects.toThrow(TypeError);
    await expect(signCompact({ typ: 't' }, {}, recipient.privateKey)).rejects.toThrow(TypeError);
    await expect(signCompact({ typ: 't', crit: ['b64'], b64: false }, {}, signer.privateKey)).rejects.toThrow(TypeError);
  });
});

describe('encryptCompact', () => {
  it('writes a compact JWE that jose decrypts to the same text', async () => {
    await fc.assert(
      fc.asyncProperty(header, fc.string({ maxLength: 300 }), async (protectedHeader, plaintext) => {
        const compact = await encryptCompact(protectedHeader, plaintext, recipient.publicKey, random);
        expect(await decryptCompact(compact, recipient.privateKey)).toBe(plaintext);
      }),
      { numRuns: 100 },
    );
  });
});
