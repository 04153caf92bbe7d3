import { AirlockError, describeValue } from '../errors/airlock-error.ts';
import { importPublicJwk } from '../crypto/keys.ts';
import { verifyCompact, type CompactSerialization } from '../encoding/jose-compact.ts';
import { fromNumericDate } from '../time/duration.ts';
import { verifyKeyCertificate, type KeyCertificate } from './key-certificate.ts';
import { findRevocation, newerRevocationList, verifyRevocationList, type RevocationList } from './revocation-list.ts';
import type { TrustAnchor } from './trust-anchor.ts';

export interface AuthoritySignature {
  readonly payload: Record<string, unknown>;
  readonly certificate: KeyCertificate;
  /** The newest revocation list now known: persist it if it is newer than the anchor's. */
  readonly revocations: RevocationList | undefined;
}

/**
 * Walks an authority document's trust chain, in this order:
 * 1. the header's `cert` verifies against the pinned root and certifies the header's `kid`;
 * 2. the header's `revocations` list, if any, verifies against the root; the newer of it and
 *    the anchor's list applies (so a revocation, once seen, stays in force);
 * 3. the signing key is not revoked;
 * 4. the document's signature verifies with the certified key;
 * 5. the document's `iat` lies within the certificate's validity.
 * The chain is checked before the signature, so a forged document is named for its forged
 * chain rather than as merely "altered".
 */
export async function verifyAuthoritySignature(jws: CompactSerialization<3>, trust: TrustAnchor): Promise<AuthoritySignature> {
  const { cert, kid, revocations: carried } = jws.header;
  if (typeof cert !== 'string' || typeof kid !== 'string') {
    throw new AirlockError('KEY_CERTIFICATE_INVALID', { reason: 'the document carries no signing-key certificate' });
  }
  const certificate = await verifyKeyCertificate(cert, trust.root, 'sig');
  if (certificate.kid !== kid) throw new AirlockError('KEY_CERTIFICATE_INVALID', { reason: 'certificate is for another key' });

  if (carried !== undefined && typeof carried !== 'string') {
    throw new AirlockError('REVOCATION_LIST_INVALID', { reason: 'revocations header is not a compact JWS' });
  }
  const revocations = newerRevocationList(trust.revocations, carried ? await verifyRevocationList(carried, trust.root) : undefined);
  const revoked = findRevocation(revocations, kid);
  if (revoked) {
    throw new AirlockError('SIGNING_KEY_REVOKED', { kid, revokedAt: fromNumericDate(revoked.revokedAt).toISOString() });
  }

  const payload = await verifyCompact(jws, importPublicJwk(certificate.jwk));
  const iat = payload.iat;
  if (typeof iat !== 'number' || !Number.isSafeInteger(iat) || iat < certificate.nbf || iat >= certificate.exp) {
    throw new AirlockError('SIGNING_KEY_NOT_VALID_AT_ISSUE', {
      kid,
      issuedAt: describeInstant(iat),
      notBefore: fromNumericDate(certificate.nbf).toISOString(),
      notAfter: fromNumericDate(certificate.exp).toISOString(),
    });
  }
  return { payload, certificate, revocations };
}

/** An issue time for an error's detail: a date when it is one, else the raw value as text. */
function describeInstant(seconds: unknown): string {
  const date = typeof seconds === 'number' ? fromNumericDate(seconds) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : describeValue(seconds);
}
