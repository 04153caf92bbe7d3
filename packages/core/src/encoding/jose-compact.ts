import { CompactEncrypt, CompactSign, compactDecrypt, compactVerify, errors as joseErrors } from 'jose';
import { subtle, type KeyObject } from 'node:crypto';
import { AirlockError } from '../errors/airlock-error.ts';
import type { Random } from '../crypto/random.ts';
import { keyPairFromSeed } from '../crypto/keys.ts';
import { decodeBase64url, decodeJsonObjectBase64url } from './base64url.ts';

/**
 * The JOSE layer, on `jose`: compact JWS with EdDSA (Ed25519) and compact JWE with ECDH-ES
 * (X25519) + A256GCM. Every failure surfaces as an AirlockError with a registry code.
 */

export type JoseHeader = Record<string, unknown>;

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The protected header of a compact JWS (3 parts) or JWE (5 parts), before any check of it. */
export function readProtectedHeader(compact: string, parts: 3 | 5): JoseHeader {
  const segments = compact.split('.');
  if (segments.length !== parts) {
    throw new AirlockError('DOCUMENT_MALFORMED', { reason: `expected ${parts} compact segments`, found: segments.length });
  }
  // Base64url leaves spare bits in a segment's last character; decoders ignore them, so two
  // spellings would give one document. Only the canonical spelling is accepted: then any
  // change to the text is a change to the bytes, which the signature or the tag catches.
  const nonCanonical = segments.findIndex((segment) => segment !== '' && decodeBase64url(segment) === undefined);
  if (nonCanonical >= 0) throw new AirlockError('DOCUMENT_MALFORMED', { reason: 'segment is not canonical base64url', segment: nonCanonical });
  const header = decodeJsonObjectBase64url(segments[0]!);
  if (!header) throw new AirlockError('DOCUMENT_MALFORMED', { reason: 'protected header is not a base64url JSON object' });
  return header;
}

export function requireHeaderString(header: JoseHeader, name: string): string {
  const value = header[name];
  if (typeof value !== 'string' || value.length === 0 || value.length > 8192) {
    throw new AirlockError('DOCUMENT_MALFORMED', { reason: `protected header "${name}" missing or not a string` });
  }
  return value;
}

export async function signCompact(header: JoseHeader, payload: unknown, privateKey: KeyObject): Promise<string> {
  const bytes = encoder.encode(JSON.stringify(payload));
  return new CompactSign(bytes).setProtectedHeader({ ...header, alg: 'EdDSA' }).sign(privateKey);
}

/** The unsigned form of RFC 7515 appendix A.5 (`alg: none`), for documents that carry no authority. */
export function unsecuredCompact(header: JoseHeader, payload: unknown): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return `${encode({ ...header, alg: 'none' })}.${encode(payload)}.`;
}

/** Verifies an EdDSA compact JWS and returns its payload as a JSON object. */
export async function verifyCompact(compact: string, publicKey: KeyObject): Promise<Record<string, unknown>> {
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(compact, publicKey, { algorithms: ['EdDSA'] }));
  } catch (cause) {
    throw joseFailure(cause, 'SIGNATURE_INVALID');
  }
  return parsePayload(payload);
}

/** The payload of an unsecured (`alg: none`) compact JWS, whose header the caller has read. */
export function readUnsecuredPayload(compact: string): Record<string, unknown> {
  const [, payload, signature] = compact.split('.');
  if (signature !== '') throw new AirlockError('DOCUMENT_MALFORMED', { reason: 'an unsigned document carries no signature' });
  const value = decodeJsonObjectBase64url(payload ?? '');
  if (!value) throw new AirlockError('DOCUMENT_MALFORMED', { reason: 'payload is not a base64url JSON object' });
  return value;
}

function parsePayload(bytes: Uint8Array): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    throw new AirlockError('DOCUMENT_MALFORMED', { reason: 'payload is not UTF-8 JSON' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AirlockError('DOCUMENT_MALFORMED', { reason: 'payload is not a JSON object' });
  }
  return value as Record<string, unknown>;
}

/**
 * Encrypts to an X25519 public key. The ephemeral key and the IV come from the injected
 * random source (the core reads no randomness of its own), which is also what makes test
 * vectors reproducible. jose marks the IV setter as meant for vectors; we use it for
 * exactly that reason and feed it fresh random bytes in production.
 */
export async function encryptCompact(
  header: JoseHeader,
  plaintext: string,
  recipient: KeyObject,
  random: Random,
): Promise<string> {
  const ephemeral = keyPairFromSeed('X25519', random.bytes(32));
  const epk = await subtle.importKey(
    'pkcs8',
    ephemeral.privateKey.export({ format: 'der', type: 'pkcs8' }),
    { name: 'X25519' },
    true,
    ['deriveBits'],
  );
  const jwe = new CompactEncrypt(encoder.encode(plaintext))
    .setProtectedHeader({ ...header, alg: 'ECDH-ES', enc: 'A256GCM' })
    .setKeyManagementParameters({ epk });
  jwe.setInitializationVector(random.bytes(12));
  return jwe.encrypt(recipient);
}

export async function decryptCompact(compact: string, privateKey: KeyObject): Promise<string> {
  try {
    const { plaintext } = await compactDecrypt(compact, privateKey, {
      keyManagementAlgorithms: ['ECDH-ES'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    return utf8.decode(plaintext);
  } catch (cause) {
    throw joseFailure(cause, 'DECRYPTION_FAILED');
  }
}

function joseFailure(cause: unknown, cryptoCode: 'SIGNATURE_INVALID' | 'DECRYPTION_FAILED'): AirlockError {
  if (cause instanceof AirlockError) return cause;
  if (cause instanceof joseErrors.JWSSignatureVerificationFailed || cause instanceof joseErrors.JWEDecryptionFailed) {
    return new AirlockError(cryptoCode, {}, { cause });
  }
  if (cause instanceof joseErrors.JOSEAlgNotAllowed || cause instanceof joseErrors.JOSENotSupported) {
    return new AirlockError('UNSUPPORTED_ALGORITHM', {}, { cause });
  }
  // Anything else from the JOSE layer (bad segments, bad epk, bad tag length, a TypeError
  // from WebCrypto on a malformed key) means the input was not a valid document.
  return new AirlockError(cryptoCode === 'DECRYPTION_FAILED' ? 'DECRYPTION_FAILED' : 'DOCUMENT_MALFORMED', {
    reason: cause instanceof Error ? cause.message : 'invalid JOSE structure',
  }, { cause });
}
