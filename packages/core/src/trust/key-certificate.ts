import { Type, type Static } from '@sinclair/typebox';
import { AirlockError } from '../errors/airlock-error.ts';
import { importPublicJwk, keyId, type KeyPair, type PublicJwk } from '../crypto/keys.ts';
import { readCompact, signCompact, verifyCompact } from '../encoding/jose-compact.ts';
import { Kid, NumericDate, validate } from '../encoding/schema.ts';
import { toNumericDate } from '../time/duration.ts';

/**
 * The authority's root key never signs a license. It certifies the keys that do: a key
 * certificate is a JWS by the root (typ `airlock-key-cert+jwt`) naming a key, what it is for
 * and when it is valid. Documents carry the certificate of their signing key, so a verifier
 * that pins only the root can check any of them, and signing keys rotate freely.
 */
export const KEY_CERTIFICATE_TYP = 'airlock-key-cert+jwt';

/** `sig`: signs authority documents (Ed25519). `enc`: receives documents sent to the authority (X25519). */
export type KeyUse = 'sig' | 'enc';

const KeyCertificateClaims = Type.Object(
  {
    v: Type.Literal(1),
    iss: Kid,
    kid: Kid,
    use: Type.Union([Type.Literal('sig'), Type.Literal('enc')]),
    jwk: Type.Object(
      {
        kty: Type.Literal('OKP'),
        crv: Type.Union([Type.Literal('Ed25519'), Type.Literal('X25519')]),
        x: Type.String({ minLength: 43, maxLength: 43 }),
      },
      { additionalProperties: false },
    ),
    iat: NumericDate,
    nbf: NumericDate,
    exp: NumericDate,
  },
  { additionalProperties: false },
);

/** A verified key certificate: its claims (the key, its use, its validity) and the compact JWS it came from. */
export type KeyCertificate = Static<typeof KeyCertificateClaims> & { readonly compact: string };

/** What a key certificate says besides the key: its use, when it is valid, and when it is issued. */
export interface CertifyKeyOptions {
  readonly use: KeyUse;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly now: Date;
}

/** The root certifies a signing (`sig`, Ed25519) or encryption (`enc`, X25519) public key. */
export async function certifyKey(root: KeyPair, subject: PublicJwk, options: CertifyKeyOptions): Promise<string> {
  const curve = options.use === 'sig' ? 'Ed25519' : 'X25519';
  if (subject.crv !== curve) throw new AirlockError('KEY_INVALID', { reason: `a ${options.use} key must be ${curve}` });
  if (options.notAfter.getTime() <= options.notBefore.getTime()) {
    throw new RangeError('a key certificate must end after it begins');
  }
  const claims: Static<typeof KeyCertificateClaims> = {
    v: 1,
    iss: root.kid,
    kid: keyId(subject),
    use: options.use,
    jwk: { kty: 'OKP', crv: subject.crv, x: subject.x },
    iat: toNumericDate(options.now),
    nbf: toNumericDate(options.notBefore),
    exp: toNumericDate(options.notAfter),
  };
  return signCompact({ typ: KEY_CERTIFICATE_TYP, kid: root.kid }, claims, root.privateKey);
}

/**
 * Checks a key certificate against the pinned root: typ, signature, contents, intended use,
 * and that the key id is the thumbprint of the certified key. Validity dates are left to the
 * caller, which knows when the document it is checking was issued.
 */
export async function verifyKeyCertificate(compact: string, root: PublicJwk, use: KeyUse): Promise<KeyCertificate> {
  // Every document from one signing key carries the same certificate: verify it once.
  const cacheKey = `${root.x}|${use}|${compact}`;
  const cached = verifiedCertificates.get(cacheKey);
  if (cached) return cached;
  const certificate = await verifyUncached(compact, root, use);
  if (verifiedCertificates.size >= CERTIFICATE_CACHE_LIMIT) verifiedCertificates.clear();
  verifiedCertificates.set(cacheKey, certificate);
  return certificate;
}

const verifiedCertificates = new Map<string, KeyCertificate>();
const CERTIFICATE_CACHE_LIMIT = 256;

async function verifyUncached(compact: string, root: PublicJwk, use: KeyUse): Promise<KeyCertificate> {
  try {
    const jws = readCompact(compact, 3);
    if (jws.header.typ !== KEY_CERTIFICATE_TYP || jws.header.alg !== 'EdDSA') {
      throw new AirlockError('KEY_CERTIFICATE_INVALID', { reason: 'not a key certificate' });
    }
    const claims = validate(KeyCertificateClaims, await verifyCompact(jws, importPublicJwk(root)), 'key certificate');
    if (claims.iss !== keyId(root)) throw new AirlockError('KEY_CERTIFICATE_INVALID', { reason: 'issued by another root' });
    if (claims.use !== use) throw new AirlockError('KEY_CERTIFICATE_INVALID', { reason: `certified for ${claims.use}, not ${use}` });
    if (claims.kid !== keyId(claims.jwk)) throw new AirlockError('KEY_CERTIFICATE_INVALID', { reason: 'kid is not the key thumbprint' });
    return Object.freeze({ ...claims, compact });
  } catch (error) {
    if (error instanceof AirlockError && error.code === 'KEY_CERTIFICATE_INVALID') throw error;
    const reason = error instanceof AirlockError ? error.code : 'unreadable';
    throw new AirlockError('KEY_CERTIFICATE_INVALID', { reason }, { cause: error });
  }
}

/**
 * The authority's encryption key, from its root-signed certificate: what a site or device
 * encrypts requests to. Refused unless certified for `enc` and valid at `now`.
 */
export async function verifyEncryptionKeyCertificate(compact: string, root: PublicJwk, now: Date): Promise<KeyCertificate> {
  const certificate = await verifyKeyCertificate(compact, root, 'enc');
  const t = toNumericDate(now);
  if (t < certificate.nbf || t >= certificate.exp) {
    throw new AirlockError('KEY_CERTIFICATE_INVALID', { reason: 'the authority encryption key is not valid now', kid: certificate.kid });
  }
  return certificate;
}
