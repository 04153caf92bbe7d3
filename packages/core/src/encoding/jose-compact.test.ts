import { createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { CompactEncrypt, CompactSign, compactDecrypt, compactVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { keyPairFromSeed } from '../crypto/keys.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { decryptCompact, encryptCompact, signCompact, verifyCompact } from './jose-compact.ts';

/**
 * Airlock writes and reads its JWS and JWE with node:crypto's primitives, held to `jose` on
 * both sides: what it writes must be exactly what `jose` writes, for any header and payload,
 * and read back by `jose`; what `jose` writes, Airlock reads; and on damaged documents the two
 * readers agree — Airlock accepts nothing `jose` refuses, and refuses what `jose` accepts only
 * where it is stricter by design (a non-canonical segment, `crit`, `b64`, `apu`, `apv`).
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
  it('refuses to encrypt to a low-order X25519 key, whose agreement any eavesdropper knows', async () => {
    const lowOrder = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.alloc(32).toString('base64url') }, format: 'jwk' });
    await expect(encryptCompact({ typ: 't' }, 'x', lowOrder, random)).rejects.toMatchObject({
      code: 'KEY_INVALID',
      detail: { reason: 'low-order X25519 key' },
    });
  });

  it('writes a compact JWE that jose decrypts to the same text', async () => {
    await fc.assert(
      fc.asyncProperty(header, fc.string({ maxLength: 300 }), async (protectedHeader, plaintext) => {
        const compact = await encryptCompact(protectedHeader, plaintext, recipient.publicKey, random);
        expect(await joseDecrypt(compact)).toBe(plaintext);
        expect(await decryptCompact(compact, recipient.privateKey)).toBe(plaintext);
      }),
      { numRuns: 100 },
    );
  });

  it('compresses a large plaintext as jose reads it', async () => {
    const plaintext = JSON.stringify(Array.from({ length: 3_000 }, (_, index) => ({ holder: `user-${index}@example.test` })));
    const compact = await encryptCompact({ typ: 't' }, plaintext, recipient.publicKey, random);
    expect(JSON.parse(Buffer.from(compact.split('.')[0]!, 'base64url').toString('utf8'))).toMatchObject({ zip: 'DEF' });
    expect(await joseDecrypt(compact)).toBe(plaintext);
    expect(await decryptCompact(compact, recipient.privateKey)).toBe(plaintext);
  });
});

const utf8 = new TextDecoder();
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const joseDecrypt = async (compact: string) =>
  utf8.decode(
    (
      await compactDecrypt(compact, recipient.privateKey, {
        keyManagementAlgorithms: ['ECDH-ES'],
        contentEncryptionAlgorithms: ['A256GCM'],
        maxDecompressedLength: 32 * 1_048_576,
      })
    ).plaintext,
  );
const joseVerify = async (compact: string) =>
  JSON.parse(utf8.decode((await compactVerify(compact, signer.publicKey, { algorithms: ['EdDSA'] })).payload)) as unknown;

/** What a reader makes of a document: its result, or the fact that it refused. */
const outcome = (reading: Promise<unknown>) =>
  reading.then(
    (value) => ({ accepted: true as const, value }),
    () => ({ accepted: false as const }),
  );

/** Documents Airlock refuses although jose reads them: a segment spelled in non-canonical base64url, or a header with crit, b64, apu or apv. */
const stricterByDesign = (compact: string) => {
  const segments = compact.split('.');
  if (segments.some((segment) => Buffer.from(segment, 'base64url').toString('base64url') !== segment)) return true;
  const header = JSON.parse(Buffer.from(segments[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  return ['crit', 'b64', 'apu', 'apv'].some((name) => name in header);
};

/** A document with one character replaced, inserted or removed, anywhere in it (segment dots included). */
const damaged = (compact: string) =>
  fc
    .tuple(fc.nat({ max: compact.length }), fc.constantFrom('replace', 'insert', 'remove'), fc.constantFrom(...'AQgw_-.aZ09=+/ '.split('')))
    .map(([at, how, character]) => compact.slice(0, at) + (how === 'remove' ? '' : character) + compact.slice(how === 'insert' ? at : at + 1));

/**
 * Damages the document in 1,500 ways: whatever Airlock's reader accepts, jose accepts with the
 * same result; whatever jose accepts and Airlock refuses is stricter by design.
 */
async function readersAgreeOnDamage(compact: string, ours: (text: string) => Promise<unknown>, theirs: (text: string) => Promise<unknown>): Promise<void> {
  await fc.assert(
    fc.asyncProperty(damaged(compact), async (text) => {
      const [read, joseRead] = await Promise.all([outcome(ours(text)), outcome(theirs(text))]);
      if (read.accepted) expect(joseRead).toEqual(read);
      else if (joseRead.accepted) expect(stricterByDesign(text)).toBe(true);
    }),
    { numRuns: 1_500 },
  );
}

describe('verifyCompact', () => {
  it('reads what jose signs, whatever the header', async () => {
    await fc.assert(
      fc.asyncProperty(header, jsonObject, async (protectedHeader, payload) => {
        const compact = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
          .setProtectedHeader({ ...protectedHeader, alg: 'EdDSA' })
          .sign(signer.privateKey);
        expect(await verifyCompact(compact, signer.publicKey)).toEqual(JSON.parse(JSON.stringify(payload)));
      }),
      { numRuns: 100 },
    );
  });

  it('accepts a damaged JWS only as jose does, with the same payload', async () => {
    const compact = await signCompact({ typ: 't', kid: 'k' }, { sub: 'site', n: 7 }, signer.privateKey);
    await readersAgreeOnDamage(compact, (text) => verifyCompact(text, signer.publicKey), joseVerify);
  });

  it('refuses a segment in non-canonical base64url, which jose reads as the same bytes', async () => {
    const compact = await signCompact({ typ: 't' }, { a: 1 }, signer.privateKey);
    // 64 bytes take 86 characters with 4 spare bits in the last: set one of them.
    const last = compact.at(-1)!;
    const respelled = compact.slice(0, -1) + BASE64URL[BASE64URL.indexOf(last) ^ 1]!;
    expect(await joseVerify(respelled)).toEqual({ a: 1 });
    await expect(verifyCompact(respelled, signer.publicKey)).rejects.toMatchObject({ code: 'DOCUMENT_MALFORMED' });
    expect(stricterByDesign(respelled)).toBe(true);
  });

  it('refuses crit and b64, which jose would honour, and any alg but EdDSA', async () => {
    const unencoded = await new CompactSign(new TextEncoder().encode('{"a":1}'))
      .setProtectedHeader({ alg: 'EdDSA', crit: ['b64'], b64: true })
      .sign(signer.privateKey);
    expect(await joseVerify(unencoded)).toEqual({ a: 1 });
    await expect(verifyCompact(unencoded, signer.publicKey)).rejects.toMatchObject({ code: 'UNSUPPORTED_ALGORITHM' });
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"a":1}').toString('base64url')}.`;
    await expect(verifyCompact(unsigned, signer.publicKey)).rejects.toMatchObject({ code: 'UNSUPPORTED_ALGORITHM' });
    await expect(verifyCompact(unsigned, recipient.publicKey)).rejects.toThrow(TypeError);
  });
});

describe('decryptCompact', () => {
  it('reads what jose encrypts, compressed or not', async () => {
    const jweHeader = header.filter((value) => !('apu' in value) && !('apv' in value));
    await fc.assert(
      fc.asyncProperty(jweHeader, fc.string({ maxLength: 300 }), fc.boolean(), async (protectedHeader, plaintext, zip) => {
        const compact = await new CompactEncrypt(new TextEncoder().encode(plaintext))
          .setProtectedHeader({ ...protectedHeader, alg: 'ECDH-ES', enc: 'A256GCM', ...(zip ? { zip: 'DEF' } : {}) })
          .encrypt(recipient.publicKey);
        expect(await decryptCompact(compact, recipient.privateKey)).toBe(plaintext);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses party info (apu, apv), which jose would put into the key derivation', async () => {
    const compact = await new CompactEncrypt(new TextEncoder().encode('x'))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' })
      .setKeyManagementParameters({ apu: new Uint8Array([1]), apv: new Uint8Array([2]) })
      .encrypt(recipient.publicKey);
    expect(await joseDecrypt(compact)).toBe('x');
    await expect(decryptCompact(compact, recipient.privateKey)).rejects.toMatchObject({ code: 'UNSUPPORTED_ALGORITHM' });
  });

  it('accepts a damaged JWE only as jose does, with the same plaintext', async () => {
    const compact = await encryptCompact({ typ: 't', kid: 'k' }, '{"sub":"site","n":7}', recipient.publicKey, random);
    await readersAgreeOnDamage(compact, (text) => decryptCompact(text, recipient.privateKey), joseDecrypt);
  });

  it('refuses a low-order ephemeral key, an encrypted key, and a plaintext that inflates past the limit', async () => {
    const valid = await encryptCompact({ typ: 't' }, 'x', recipient.publicKey, random);
    const [, , iv, ciphertext, tag] = valid.split('.');
    const lowOrder = Buffer.from(
      JSON.stringify({ alg: 'ECDH-ES', enc: 'A256GCM', epk: { kty: 'OKP', crv: 'X25519', x: Buffer.alloc(32).toString('base64url') } }),
    ).toString('base64url');
    await expect(decryptCompact(`${lowOrder}..${iv}.${ciphertext}.${tag}`, recipient.privateKey)).rejects.toMatchObject({
      code: 'DECRYPTION_FAILED',
      detail: { reason: 'low-order X25519 key' },
    });
    const [protectedHeader] = valid.split('.');
    await expect(decryptCompact(`${protectedHeader}.AAAA.${iv}.${ciphertext}.${tag}`, recipient.privateKey)).rejects.toMatchObject({
      code: 'DECRYPTION_FAILED',
    });
    // A kilobyte of DEFLATE that inflates to 40 MiB of zeros, encrypted as jose would.
    const bomb = await new CompactEncrypt(new Uint8Array(40 * 1_048_576))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM', zip: 'DEF' })
      .encrypt(recipient.publicKey);
    await expect(decryptCompact(bomb, recipient.privateKey)).rejects.toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
    await expect(decryptCompact(valid, signer.privateKey)).rejects.toThrow(TypeError);
  });
});
