import { isAirlockError } from '@airlock/core';
import { createTestAuthority } from '@airlock/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRootPublicKey } from './root-key.ts';

describe('reading the authority root key a site pins', async () => {
  const { root } = await createTestAuthority('root-key');
  const pem = root.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  it('reads the JWK, the export-root JSON, and the PEM alike', () => {
    expect(parseRootPublicKey(`${JSON.stringify(root.publicJwk)}\n`)).toEqual(root.publicJwk);
    expect(parseRootPublicKey(JSON.stringify({ kid: root.kid, jwk: root.publicJwk, pem }))).toEqual(root.publicJwk);
    expect(parseRootPublicKey(`\n${pem}`)).toEqual(root.publicJwk);
  });

  it('refuses a private key, another curve, or anything else with KEY_INVALID', async () => {
    const { encryptionKey, signingKey } = await createTestAuthority('root-key');
    const privateJwk = signingKey.privateKey.export({ format: 'jwk' });
    const codeOf = (text: string) => {
      try {
        parseRootPublicKey(text);
        return 'accepted';
      } catch (error) {
        return isAirlockError(error) ? error.code : String(error);
      }
    };
    expect(codeOf(JSON.stringify(privateJwk))).toBe('KEY_INVALID');
    expect(codeOf(JSON.stringify(encryptionKey.publicJwk))).toBe('KEY_INVALID');
    expect(codeOf('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toBe('KEY_INVALID');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
        ),
        (text) => {
          expect(codeOf(text)).toBe('KEY_INVALID');
        },
      ),
    );
  });
});
