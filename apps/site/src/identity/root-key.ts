import { createPublicKey } from 'node:crypto';
import { AirlockError, parsePublicJwk, type PublicJwk } from '@airlock/core';

/**
 * The authority root public key a site pins at `site init`, as `airlock authority keys
 * export-root` writes it: a JWK (`{"kty":"OKP","crv":"Ed25519","x":…}`), the same with its
 * `kid` and `pem` (the `--json` output, whose `jwk` member is read), or an SPKI PEM
 * (`--pem`). Anything else is `KEY_INVALID`.
 *
 * @example
 * ```ts
 * const root = parseRootPublicKey(await readFile('root.jwk', 'utf8'));
 * ```
 */
export function parseRootPublicKey(text: string): PublicJwk {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN PUBLIC KEY-----')) return fromPem(trimmed);
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    throw new AirlockError('KEY_INVALID', { reason: 'neither a JWK (JSON) nor a PEM public key' });
  }
  const jwk = typeof value === 'object' && value !== null && 'jwk' in value ? value.jwk : value;
  return parsePublicJwk(jwk, 'Ed25519');
}

function fromPem(pem: string): PublicJwk {
  let jwk: unknown;
  try {
    jwk = createPublicKey({ key: pem, format: 'pem' }).export({ format: 'jwk' });
  } catch (cause) {
    throw new AirlockError('KEY_INVALID', { reason: 'the PEM does not hold a public key' }, { cause });
  }
  return parsePublicJwk(jwk, 'Ed25519');
}
