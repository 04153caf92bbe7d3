import { createPublicKey } from 'node:crypto';
import { AirlockError, parsePublicJwk, type PublicJwk } from '@airlock/core';

/**
 * The authority root key an application pins, in any of the forms the authority hands out:
 * the JWK itself, the text of `airlock authority keys export-root` (JWK JSON, or PEM with
 * `--pem`), or the body of `GET /v1/keys/root` (`{ kid, jwk, pem }`). KEY_INVALID otherwise.
 *
 * @example
 * ```ts
 * const root = parseRootKey(readFileSync('root.jwk', 'utf8'));
 * ```
 */
export function parseRootKey(value: unknown): PublicJwk {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text.startsWith('-----BEGIN PUBLIC KEY-----')) return fromPem(text);
    return parseRootKey(parseJson(text));
  }
  if (typeof value === 'object' && value !== null && 'jwk' in value) return parsePublicJwk(value.jwk, 'Ed25519');
  return parsePublicJwk(value, 'Ed25519');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AirlockError('KEY_INVALID', { reason: 'the root key is neither JSON nor PEM' });
  }
}

function fromPem(pem: string): PublicJwk {
  try {
    return parsePublicJwk(createPublicKey({ key: pem, format: 'pem' }).export({ format: 'jwk' }), 'Ed25519');
  } catch (cause) {
    if (cause instanceof AirlockError) throw cause;
    throw new AirlockError('KEY_INVALID', { reason: 'the PEM does not hold a public key' }, { cause });
  }
}
