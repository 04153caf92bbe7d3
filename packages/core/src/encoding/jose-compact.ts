import { createDecipheriv, createPublicKey, diffieHellman, hash, sign, verify, createCipheriv, type KeyObject } from 'node:crypto';
import { constants as zlibConstants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { AirlockError } from '../errors/airlock-error.ts';
import type { Random } from '../crypto/random.ts';
import { privateKeyFromSeed } from '../crypto/keys.ts';
import { decodeBase64url, encodeBase64url, encodeJsonBase64url } from './base64url.ts';

/**
 * The JOSE layer: compact JWS with EdDSA (Ed25519) and compact JWE with ECDH-ES (X25519) +
 * A256GCM, the two shapes every Airlock document takes (docs/formats.md §3 and §4). Written
 * and read with node:crypto's primitives — Ed25519, X25519, SHA-256, AES-256-GCM, raw DEFLATE —
 * in exactly the bytes `jose` writes, and read by its rules, only stricter: what Airlock never
 * writes (`crit`, `b64`, `apu`, `apv`, an encrypted key beside ECDH-ES, a segment in
 * non-canonical base64url) is refused. `jose` itself goes through WebCrypto, which runs each
 * step on the thread pool and resolves a promise after it: opening one LFR took four such hops
 * and over a millisecond, three times what it takes here (docs/design.md, "Reading documents").
 * The tests hold both sides to `jose`: what is written here is byte for byte what it writes,
 * what it writes is read here, and on thousands of damaged documents the two readers agree
 * (jose-compact.test.ts); Python `cryptography` and openssl read the committed vectors in CI.
 * Every failure surfaces as an AirlockError with a registry code.
 */

export type JoseHeader = Record<string, unknown>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A compact JWS (3 segments) or JWE (5) as read once: its text, its protected header and every
 * segment's bytes. The readers below take it, so a document's segments are decoded once however
 * many checks read them.
 */
export interface CompactSerialization<Parts extends 3 | 5 = 3 | 5> {
  readonly parts: Parts;
  readonly text: string;
  readonly header: JoseHeader;
  readonly segments: readonly Uint8Array[];
}

/** Splits and decodes a compact JWS (3 parts) or JWE (5 parts), before any check of its header. DOCUMENT_MALFORMED when it cannot. */
export function readCompact<Parts extends 3 | 5>(compact: string, parts: Parts): CompactSerialization<Parts> {
  const texts = compact.split('.');
  if (texts.length !== parts) {
    throw new AirlockError('DOCUMENT_MALFORMED', { reason: `expected ${parts} compact segments`, found: texts.length });
  }
  // Base64url leaves spare bits in a segment's last character; decoders ignore them, so two
  // spellings would give one document. Only the canonical spelling is accepted: then any
  // change to the text is a change to the bytes, which the signature or the tag catches.
  const segments = texts.map((segment, index) => {
    const bytes = decodeBase64url(segment);
    if (!bytes) throw new AirlockError('DOCUMENT_MALFORMED', { reason: 'segment is not canonical base64url', segment: index });
    return bytes;
  });
  const header = jsonObjectOf(segments[0]!);
  if (!header) throw new AirlockError('DOCUMENT_MALFORMED', { reason: 'protected header is not a base64url JSON object' });
  return { parts, text: compact, header, segments };
}

/**
 * Signs a compact JWS with `EdDSA` (Ed25519, RFC 7515 §7.1, RFC 8037 §3.1): the base64url of
 * the header's JSON, a dot, the base64url of the payload's UTF-8 JSON, a dot, and the Ed25519
 * signature of those first two parts' ASCII. Built with node:crypto's one-shot `sign` on the
 * key object itself: Ed25519 is deterministic, so the text is byte for byte what `jose` makes
 * (the committed test vectors were first made by it and must stay identical), while `jose`
 * goes through WebCrypto, which signs on the thread pool and resolves a promise after it —
 * more than the signature itself costs, on the path that issues license files by the thousand.
 * The tests hold it to `jose`, and openssl verifies the vectors.
 */
export async function signCompact(header: JoseHeader, payload: unknown, privateKey: KeyObject): Promise<string> {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('EdDSA signs with an Ed25519 private key');
  // Headers with `crit` or `b64` change how a JWS is read (RFC 7515 §4.1.11, RFC 7797); Airlock writes neither.
  if ('crit' in header || 'b64' in header) throw new TypeError('a JWS header with crit or b64 is not written here');
  const signingInput = `${encodeJsonBase64url({ ...header, alg: 'EdDSA' })}.${encodeJsonBase64url(payload)}`;
  return `${signingInput}.${encodeBase64url(sign(null, Buffer.from(signingInput, 'ascii'), privateKey))}`;
}

/** The unsigned form of RFC 7515 appendix A.5 (`alg: none`), for documents that carry no authority. */
export function unsecuredCompact(header: JoseHeader, payload: unknown): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return `${encode({ ...header, alg: 'none' })}.${encode(payload)}.`;
}

/**
 * Verifies an EdDSA compact JWS (RFC 7515 §5.2) and returns its payload as a JSON object: the
 * segments canonical base64url (`readCompact`), `alg` EdDSA, no `crit` or `b64` (which
 * change how a JWS is read, and Airlock writes neither), and the Ed25519 signature over the
 * first two segments' ASCII. SIGNATURE_INVALID when it does not verify.
 */
export async function verifyCompact(compact: string | CompactSerialization<3>, publicKey: KeyObject): Promise<Record<string, unknown>> {
  if (publicKey.type !== 'public' || publicKey.asymmetricKeyType !== 'ed25519') throw new TypeError('EdDSA verifies with an Ed25519 public key');
  const { text, header, segments } = typeof compact === 'string' ? readCompact(compact, 3) : compact;
  if (header.alg !== 'EdDSA') throw new AirlockError('UNSUPPORTED_ALGORITHM', { reason: 'a JWS signed with EdDSA was expected' });
  if ('crit' in header || 'b64' in header) throw new AirlockError('UNSUPPORTED_ALGORITHM', { reason: 'crit and b64 are not read' });
  const [, payload, signature] = segments as [Uint8Array, Uint8Array, Uint8Array];
  if (signature.length !== 64 || !verify(null, Buffer.from(text.slice(0, text.lastIndexOf('.')), 'ascii'), publicKey, signature)) {
    throw new AirlockError('SIGNATURE_INVALID', {});
  }
  return parsePayload(payload);
}

/** The payload of an unsecured (`alg: none`) compact JWS, whose header the caller has read. */
export function readUnsecuredPayload(jws: CompactSerialization<3>): Record<string, unknown> {
  const [, payload, signature] = jws.segments as [Uint8Array, Uint8Array, Uint8Array];
  if (signature.length !== 0) throw new AirlockError('DOCUMENT_MALFORMED', { reason: 'an unsigned document carries no signature' });
  const value = jsonObjectOf(payload);
  if (!value) throw new AirlockError('DOCUMENT_MALFORMED', { reason: 'payload is not a base64url JSON object' });
  return value;
}

/** The JSON object in these UTF-8 bytes, or undefined when they are anything else. */
function jsonObjectOf(bytes: Uint8Array): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
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
 * A plaintext longer than this many bytes is compressed before it is encrypted (RFC 7516
 * `"zip":"DEF"`, raw DEFLATE, RFC 1951). Smaller documents — every device document, every
 * token — are left as they were, so their bytes and the readers that know no compression are
 * unchanged. The large ones are a site's LFR listing its seat holders, where sign-then-encrypt
 * base64-encodes the names twice: compression brings 100,000 holders of a type well inside the
 * armour's limit (docs/formats.md §4).
 */
export const COMPRESS_ABOVE_BYTES = 16_384;

/**
 * The most a compressed plaintext may inflate to. DEFLATE reaches ratios above 1,000:1, so a
 * document within the armour's limit could otherwise expand to a gigabyte; reading stops here
 * with `DOCUMENT_TOO_LARGE`.
 */
export const MAX_PLAINTEXT_BYTES = 32 * 1_048_576;

const uint32 = (n: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(n);
  return bytes;
};
/** What X25519 with a low-order public key yields, whatever the private key (RFC 7748 §6.1), should a build of OpenSSL derive it: refused. */
const ALL_ZERO_SECRET = Buffer.alloc(32);
const KDF_ROUND_1 = uint32(1);
const KDF_A256GCM_OTHER_INFO = Buffer.concat([uint32('A256GCM'.length), Buffer.from('A256GCM', 'ascii'), uint32(0), uint32(0), uint32(256)]);

/**
 * Encrypts to an X25519 public key: compact JWE, `ECDH-ES` + `A256GCM` (RFC 7516, RFC 7518
 * §4.6 and §5.3), built from node:crypto's own primitives — X25519, SHA-256, AES-256-GCM.
 * jose's WebCrypto path costs about five times as much, and issuing license files by the
 * thousand at renewal time is the authority's hot path. The tests hold it to `jose`, the
 * committed test vectors were first made by jose and must stay byte-identical, and an outside
 * implementation (Python `cryptography`) decrypts them in CI.
 * The ephemeral key and the IV come from the injected random source.
 */
export async function encryptCompact(header: JoseHeader, plaintext: string, recipient: KeyObject, random: Random): Promise<string> {
  // One draw for the ephemeral key's seed, then the IV: the same bytes, in the same order, as two.
  const drawn = random.bytes(32 + 12);
  if (drawn.length !== 44) throw new RangeError('Random.bytes(44) returned another length');
  const ephemeral = privateKeyFromSeed('X25519', drawn.subarray(0, 32));
  const iv = drawn.subarray(32);
  // The private key's JWK carries the public half Node derived from `d`.
  const { x } = ephemeral.export({ format: 'jwk' });
  const sharedSecret = agree(ephemeral, recipient) ?? fail(new AirlockError('KEY_INVALID', { reason: 'low-order X25519 key' }));
  let bytes: Buffer = Buffer.from(plaintext, 'utf8');
  const zip = bytes.length > COMPRESS_ABOVE_BYTES ? { zip: 'DEF' } : {};
  if (zip.zip) bytes = deflateRawSync(bytes, { level: zlibConstants.Z_BEST_COMPRESSION });
  const protectedHeader = encodeJsonBase64url({ ...header, alg: 'ECDH-ES', enc: 'A256GCM', ...zip, epk: { x, crv: 'X25519', kty: 'OKP' } });
  const cipher = createCipheriv('aes-256-gcm', concatKdfA256Gcm(sharedSecret), iv);
  cipher.setAAD(Buffer.from(protectedHeader, 'ascii'));
  // GCM is a stream mode: update returns the whole ciphertext, and final nothing.
  const ciphertext = encodeBase64url(cipher.update(bytes));
  if (cipher.final().length !== 0) throw new Error('AES-GCM returned bytes at final');
  return `${protectedHeader}..${encodeBase64url(iv)}.${ciphertext}.${encodeBase64url(cipher.getAuthTag())}`;
}

/**
 * RFC 7518 §4.6.2: Concat KDF (NIST SP 800-56A) with SHA-256 for a 256-bit A256GCM key: one
 * round, SHA-256(round 1 ‖ Z ‖ OtherInfo), where OtherInfo is AlgorithmID = "A256GCM" and
 * empty PartyUInfo and PartyVInfo (Airlock neither writes nor reads `apu` and `apv`), each
 * length-prefixed, then the key length in bits. Only Z changes from one document to the next.
 */
function concatKdfA256Gcm(sharedSecret: Buffer): Buffer {
  return hash('sha256', Buffer.concat([KDF_ROUND_1, sharedSecret, KDF_A256GCM_OTHER_INFO]), 'buffer');
}

/**
 * Decrypts a compact JWE, `ECDH-ES` + `A256GCM` (RFC 7516 §5.2, RFC 7518 §4.6), with the
 * recipient's X25519 private key: the segments canonical base64url, no `crit`, `apu` or `apv`
 * (Airlock writes none), no encrypted key (ECDH-ES agrees on the content key directly), a 96-bit
 * IV and a 128-bit tag, an `epk` that is an X25519 public key, then the Concat KDF and
 * AES-256-GCM over the protected header's ASCII; a `zip: DEF` plaintext is inflated, at most to
 * `MAX_PLAINTEXT_BYTES` (DOCUMENT_TOO_LARGE past it). Anything damaged is DECRYPTION_FAILED,
 * an algorithm other than these UNSUPPORTED_ALGORITHM.
 */
export async function decryptCompact(compact: string | CompactSerialization<5>, privateKey: KeyObject): Promise<string> {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'x25519') throw new TypeError('ECDH-ES decrypts with an X25519 private key');
  const { text, header, segments } = typeof compact === 'string' ? readCompact(compact, 5) : compact;
  if (header.alg !== 'ECDH-ES' || header.enc !== 'A256GCM') throw new AirlockError('UNSUPPORTED_ALGORITHM', { reason: 'ECDH-ES with A256GCM was expected' });
  if (header.zip !== undefined && header.zip !== 'DEF') throw new AirlockError('UNSUPPORTED_ALGORITHM', { reason: 'zip other than DEF' });
  if ('crit' in header || 'apu' in header || 'apv' in header) throw new AirlockError('UNSUPPORTED_ALGORITHM', { reason: 'crit, apu and apv are not read' });
  const [, encryptedKey, iv, ciphertext, tag] = segments as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  const damaged = (reason: string) => new AirlockError('DECRYPTION_FAILED', { reason });
  if (encryptedKey.length !== 0) throw damaged('ECDH-ES carries no encrypted key');
  if (iv.length !== 12) throw damaged('the IV is not 96 bits');
  if (tag.length !== 16) throw damaged('the tag is not 128 bits');
  const epk = ephemeralPublicKey(header.epk) ?? fail(damaged('epk is not an X25519 public key'));
  const sharedSecret = agree(privateKey, epk) ?? fail(damaged('low-order X25519 key'));
  const decipher = createDecipheriv('aes-256-gcm', concatKdfA256Gcm(sharedSecret), iv, { authTagLength: 16 });
  decipher.setAAD(Buffer.from(text.slice(0, text.indexOf('.')), 'ascii'));
  decipher.setAuthTag(tag);
  let plaintext: Buffer;
  try {
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch (cause) {
    throw new AirlockError('DECRYPTION_FAILED', {}, { cause });
  }
  if (header.zip === 'DEF') plaintext = inflate(plaintext);
  try {
    return utf8.decode(plaintext);
  } catch (cause) {
    throw new AirlockError('DECRYPTION_FAILED', { reason: 'the plaintext is not UTF-8' }, { cause });
  }
}

/**
 * X25519 between the two keys, or undefined for a low-order public key, whose agreement is all
 * zeros whatever the private key (RFC 7748 §6.1): OpenSSL refuses to derive it.
 */
function agree(privateKey: KeyObject, publicKey: KeyObject): Buffer | undefined {
  let secret: Buffer;
  try {
    secret = diffieHellman({ privateKey, publicKey });
  } catch {
    return undefined;
  }
  return secret.equals(ALL_ZERO_SECRET) ? undefined : secret;
}

/** The `epk` of a JWE header as an X25519 public key, or undefined when it is not one. */
function ephemeralPublicKey(epk: unknown): KeyObject | undefined {
  if (typeof epk !== 'object' || epk === null || Array.isArray(epk)) return undefined;
  const { kty, crv, x } = epk as Record<string, unknown>;
  if (kty !== 'OKP' || crv !== 'X25519' || typeof x !== 'string' || decodeBase64url(x)?.length !== 32) return undefined;
  return createPublicKey({ key: { kty, crv, x }, format: 'jwk' });
}

/** Raw DEFLATE, stopped at `MAX_PLAINTEXT_BYTES`. */
function inflate(compressed: Buffer): Buffer {
  try {
    return inflateRawSync(compressed, { maxOutputLength: MAX_PLAINTEXT_BYTES });
  } catch (cause) {
    if ((cause as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AirlockError('DOCUMENT_TOO_LARGE', { reason: 'the compressed plaintext inflates past the limit', limit: MAX_PLAINTEXT_BYTES }, { cause });
    }
    throw new AirlockError('DECRYPTION_FAILED', { reason: 'the plaintext does not inflate' }, { cause });
  }
}

function fail(error: Error): never {
  throw error;
}
