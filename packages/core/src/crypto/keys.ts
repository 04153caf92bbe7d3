import { createPrivateKey, createPublicKey, hash, type KeyObject } from 'node:crypto';
import { AirlockError } from '../errors/airlock-error.ts';
import { decodeBase64url, encodeBase64url } from '../encoding/base64url.ts';
import type { Random } from './random.ts';

/**
 * Airlock uses two key types: Ed25519 to sign (JWS `EdDSA`) and X25519 to receive encrypted
 * documents (JWE `ECDH-ES`). Public keys travel as JWKs (RFC 8037); a key's id is its
 * RFC 7638 thumbprint, so an id can always be recomputed from the key it names.
 */
export type KeyCurve = 'Ed25519' | 'X25519';

/** The public half of an Ed25519 or X25519 key as a JWK (RFC 8037): what documents and certificates carry. */
export interface PublicJwk {
  readonly kty: 'OKP';
  readonly crv: KeyCurve;
  readonly x: string;
}

/** A key pair as the core uses it: its id (the JWK thumbprint), the public JWK and both halves as Node.js key objects. */
export interface KeyPair {
  readonly kid: string;
  readonly publicJwk: PublicJwk;
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

/** The private half of a key pair as its 32-byte seed, for a server to store encrypted. */
export interface KeySeed {
  readonly curve: KeyCurve;
  readonly seed: Uint8Array;
}

// PKCS#8 wrappers for a raw 32-byte private key (RFC 8410): the DER prefix, then the seed.
const PKCS8_PREFIX: Record<KeyCurve, string> = {
  Ed25519: '302e020100300506032b657004220420',
  X25519: '302e020100300506032b656e04220420',
};

/**
 * Whether this runtime imports a private OKP JWK from `d` alone, ignoring its `x`: Node.js 20
 * and 22 derive the public half from `d`; Node.js 24 checks `x` against it and refuses a wrong
 * one. Asked once, of the runtime itself rather than of its version number.
 */
const jwkImportIgnoresX: boolean = (() => {
  const d = encodeBase64url(new Uint8Array(32).fill(1));
  try {
    createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d, x: d }, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * The private key of a 32-byte seed, imported the fastest way this runtime allows. A JWK needs
 * the public `x`, which only the import itself can derive; where the runtime ignores `x`, a
 * stand-in serves, and that import costs a tenth of a PKCS#8 one under Node.js 20's OpenSSL 3.0.
 * Elsewhere PKCS#8 (RFC 8410), which newer runtimes import as fast. Either way the public half
 * is always taken from the imported key (docs/formats.md §4: the ephemeral keys of every JWE).
 */
export function privateKeyFromSeed(curve: KeyCurve, seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new AirlockError('KEY_INVALID', { reason: 'seed must be 32 bytes' });
  if (!jwkImportIgnoresX) return createPrivateKey({ key: Buffer.concat([Buffer.from(PKCS8_PREFIX[curve], 'hex'), seed]), format: 'der', type: 'pkcs8' });
  const d = encodeBase64url(seed);
  return createPrivateKey({ key: { kty: 'OKP', crv: curve, d, x: d }, format: 'jwk' });
}

/** A key pair from a 32-byte seed: deterministic, so tests and vectors are reproducible. */
export function keyPairFromSeed(curve: KeyCurve, seed: Uint8Array): KeyPair {
  const privateKey = privateKeyFromSeed(curve, seed);
  const publicKey = createPublicKey(privateKey);
  const publicJwk = toPublicJwk(publicKey, curve);
  return { kid: keyId(publicJwk), publicJwk, publicKey, privateKey };
}

/** A new key pair from the given random source. */
export function generateKeyPair(curve: KeyCurve, random: Random): KeyPair {
  return keyPairFromSeed(curve, random.bytes(32));
}

/** The 32-byte seed of a key pair's private half, to store (encrypted) and load again with `keyPairFromSeed`. */
export function exportKeySeed(pair: KeyPair): KeySeed {
  const der = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
  const curve = pair.publicJwk.crv;
  return { curve, seed: new Uint8Array(der.subarray(der.length - 32)) };
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of an OKP public key. */
export function keyId(jwk: PublicJwk): string {
  const canonical = `{"crv":"${jwk.crv}","kty":"OKP","x":"${jwk.x}"}`;
  return hash('sha256', canonical, 'base64url');
}

function toPublicJwk(publicKey: KeyObject, curve: KeyCurve): PublicJwk {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== curve || typeof jwk.x !== 'string') {
    throw new AirlockError('KEY_INVALID', { reason: `not an ${curve} key` });
  }
  return { kty: 'OKP', crv: curve, x: jwk.x };
}

/**
 * A public JWK from untrusted input, checked member by member. Returns the canonical
 * three-member form, so that extra members never ride along into a signature check.
 */
export function parsePublicJwk(value: unknown, curve: KeyCurve): PublicJwk {
  if (typeof value !== 'object' || value === null) {
    throw new AirlockError('KEY_INVALID', { reason: 'not a JWK object' });
  }
  const { kty, crv, x, d } = value as Record<string, unknown>;
  if (d !== undefined) throw new AirlockError('KEY_INVALID', { reason: 'a private key was given where a public key belongs' });
  if (kty !== 'OKP' || crv !== curve || typeof x !== 'string' || decodeBase64url(x)?.length !== 32) {
    throw new AirlockError('KEY_INVALID', { reason: `not an ${curve} public JWK`, curve });
  }
  return { kty: 'OKP', crv: curve, x };
}

const publicKeyCache = new Map<string, KeyObject>();
const PUBLIC_KEY_CACHE_LIMIT = 1024;

/** The KeyObject for a public JWK. Imports are memoised: the same keys verify document after document. */
export function importPublicJwk(jwk: PublicJwk): KeyObject {
  const cacheKey = `${jwk.crv}:${jwk.x}`;
  const cached = publicKeyCache.get(cacheKey);
  if (cached) return cached;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
  } catch (cause) {
    throw new AirlockError('KEY_INVALID', { reason: 'the JWK does not hold a valid point', curve: jwk.crv }, { cause });
  }
  if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeyCache.clear();
  publicKeyCache.set(cacheKey, key);
  return key;
}
