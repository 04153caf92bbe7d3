import fc from 'fast-check';
import { createTestAuthority } from '@airlock/core/testing';
import { importPublicJwk, isAirlockError } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { parseRootKey } from './root-key.ts';

const authority = await createTestAuthority('root-key');
const jwk = authority.root.publicJwk;
const pem = importPublicJwk(jwk).export({ type: 'spki', format: 'pem' }).toString();

describe('the pinned root key', () => {
  it.each([
    ['a JWK object', jwk],
    ['the JWK text export-root writes', `${JSON.stringify(jwk)}\n`],
    ['the PEM export-root --pem writes', pem],
    ['the body of GET /v1/keys/root', JSON.stringify({ kid: authority.root.kid, jwk, pem })],
  ])('is read from %s', (_form, value) => {
    expect(parseRootKey(value)).toEqual(jwk);
  });

  it.each([
    ['text that is neither JSON nor PEM', 'not a key'],
    ['an X25519 key', authority.encryptionKey.publicJwk],
    ['a private key', { ...jwk, d: 'A'.repeat(43) }],
    ['a PEM that holds no key', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'],
    ['nothing', undefined],
  ])('is refused with KEY_INVALID for %s', (_what, value) => {
    expect(() => parseRootKey(value)).toThrow(expect.objectContaining({ code: 'KEY_INVALID' }));
  });
});

describe('reading a root key from outside input', () => {
  it('answers a key or KEY_INVALID, and nothing else, for any text or JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue(),
          fc.string().map((s) => `-----BEGIN PUBLIC KEY-----\n${s}\n-----END PUBLIC KEY-----`),
        ),
        (value) => {
          try {
            expect(parseRootKey(value)).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
          } catch (error) {
            expect(isAirlockError(error) && error.code).toBe('KEY_INVALID');
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
