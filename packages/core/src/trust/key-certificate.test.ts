import { describe, expect, it } from 'vitest';
import { AirlockError } from '../errors/airlock-error.ts';
import { keyPairFromSeed } from '../crypto/keys.ts';
import { createTestAuthority } from '../testing/test-parties.ts';
import { minutes } from '../time/duration.ts';
import { certifyKey, verifyEncryptionKeyCertificate, verifyKeyCertificate } from './key-certificate.ts';

const authority = await createTestAuthority('cert', new Date('2026-01-01T00:00:00Z'), 365);
const root = authority.trust.root;

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error === undefined) return undefined;
  expect(error).toBeInstanceOf(AirlockError);
  return (error as AirlockError).code;
}

describe('key certificates', () => {
  it('certifies a signing key under the root, for signing only', async () => {
    const certificate = await verifyKeyCertificate(authority.signer.certificate, root, 'sig');
    expect(certificate).toMatchObject({ v: 1, use: 'sig', kid: authority.signingKey.kid, iss: authority.root.kid, jwk: authority.signingKey.publicJwk });
    expect(await codeOf(verifyKeyCertificate(authority.signer.certificate, root, 'enc'))).toBe('KEY_CERTIFICATE_INVALID');
  });

  it('refuses a certificate checked against another root', async () => {
    const other = await createTestAuthority('other');
    expect(await codeOf(verifyKeyCertificate(authority.signer.certificate, other.trust.root, 'sig'))).toBe('KEY_CERTIFICATE_INVALID');
  });

  it('refuses to certify an X25519 key for signing', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    await expect(
      certifyKey(authority.root, authority.encryptionKey.publicJwk, { use: 'sig', notBefore: now, notAfter: new Date('2027-01-01'), now }),
    ).rejects.toMatchObject({ code: 'KEY_INVALID' });
  });

  it('uses the authority encryption key only within its validity, to the minute', async () => {
    const notAfter = new Date('2027-01-01T00:00:00Z');
    const check = (at: Date) => codeOf(verifyEncryptionKeyCertificate(authority.encryptionCertificate, root, at));
    expect(await check(new Date('2026-01-01T00:00:00Z'))).toBeUndefined();
    expect(await check(new Date(Date.parse('2026-01-01T00:00:00Z') - minutes(1)))).toBe('KEY_CERTIFICATE_INVALID');
    expect(await check(new Date(notAfter.getTime() - minutes(1)))).toBeUndefined();
    expect(await check(notAfter)).toBe('KEY_CERTIFICATE_INVALID');
  });

  it('refuses garbage as a certificate with the certificate code', async () => {
    const rogue = keyPairFromSeed('Ed25519', new Uint8Array(32).fill(5));
    for (const text of ['', 'a.b.c', `${authority.signer.certificate}x`, rogue.kid]) {
      expect(await codeOf(verifyKeyCertificate(text, root, 'sig'))).toBe('KEY_CERTIFICATE_INVALID');
    }
  });
});
