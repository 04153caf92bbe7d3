import { seededRandom } from '@airlock/core/testing';
import { describe, expect, it } from 'vitest';
import { hashSecret, isSessionSecretShaped, matchesDigest, newSessionSecret, sameHash, sha256 } from './session-secrets.ts';

describe('session secrets', () => {
  it('are 32 random bytes in base64url, from the random source', () => {
    const secret = newSessionSecret(seededRandom('session'));
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(isSessionSecretShaped(secret)).toBe(true);
    expect(newSessionSecret(seededRandom('session'))).toBe(secret);
    expect(isSessionSecretShaped(`${secret}x`)).toBe(false);
  });

  it('are kept as their SHA-256, in hex or as bytes, and compared in constant time', () => {
    // SHA-256("abc"), FIPS 180-2 appendix B.1: stored hashes keep this form.
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256('abc').toString('hex')).toBe(hashSecret('abc'));
    expect(sameHash(hashSecret('abc'), hashSecret('abc'))).toBe(true);
    expect(sameHash(hashSecret('abc'), hashSecret('abd'))).toBe(false);
    expect(sameHash(hashSecret('abc'), 'short')).toBe(false);
    expect(matchesDigest('abc', sha256('abc'))).toBe(true);
    expect(matchesDigest('abd', sha256('abc'))).toBe(false);
    expect(matchesDigest('abc', Buffer.alloc(3))).toBe(false);
  });
});
