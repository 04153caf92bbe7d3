import { AirlockError, describeValue } from '../errors/airlock-error.ts';
import { importPublicJwk, keyId, parsePublicJwk, type KeyPair, type PublicJwk } from '../crypto/keys.ts';
import { newDocumentId, type Random } from '../crypto/random.ts';
import { armor, dearmor } from '../encoding/armor.ts';
import {
  decryptCompact,
  encryptCompact,
  readCompact,
  readUnsecuredPayload,
  signCompact,
  unsecuredCompact,
  verifyCompact,
  type CompactSerialization,
  type JoseHeader,
} from '../encoding/jose-compact.ts';
import { validate } from '../encoding/schema.ts';
import { fromNumericDate, toNumericDate, type Milliseconds } from '../time/duration.ts';
import type { RevocationList } from '../trust/revocation-list.ts';
import type { AuthoritySigner, TrustAnchor } from '../trust/trust-anchor.ts';
import { verifyAuthoritySignature } from '../trust/verify-authority-signature.ts';
import { encryptedTyp, kindForLabel, type CommonClaims, type DocumentBody, type DocumentClaims, type DocumentKind } from './document-kind.ts';

/** What signs a document: the authority's signer, the sender's own key pair, or nothing. */
export type DocumentSigner = AuthoritySigner | KeyPair | null;

/** What issuing a document takes besides its claims: the time, a random source, the signer and, for encrypted kinds, the recipient. */
export interface IssueContext {
  readonly now: Date;
  readonly random: Random;
  readonly signer: DocumentSigner;
  /** The recipient's X25519 public key, for kinds that are encrypted. */
  readonly recipient?: PublicJwk | undefined;
  /**
   * The document's id, when the issuer must record it before issuing (a site records the LFR
   * in its cycle state first); a new random UUID otherwise. Never reuse an id.
   */
  readonly id?: string | undefined;
}

/** An issued document: the armoured text to hand over, and the claims it holds. */
export interface IssuedDocument<K extends DocumentKind> {
  /** The armoured text file. */
  readonly text: string;
  readonly claims: DocumentClaims<K>;
}

/** Signs (and, for encrypted kinds, encrypts) a document and armours it as text. */
export async function issueDocument<K extends DocumentKind>(kind: K, body: DocumentBody<K>, context: IssueContext): Promise<IssuedDocument<K>> {
  const claims = validate(
    kind.schema,
    { ...body, v: kind.version, jti: context.id ?? newDocumentId(context.random), iat: toNumericDate(context.now) },
    kind.name,
  ) as DocumentClaims<K>;
  let compact = await signClaims(kind, claims, context.signer);
  if (kind.encrypted) {
    if (!context.recipient) throw new TypeError(`${kind.name} is encrypted: a recipient key is required`);
    const recipient = parsePublicJwk(context.recipient, 'X25519');
    const header = { typ: encryptedTyp(kind), cty: kind.typ, kid: keyId(recipient) };
    compact = await encryptCompact(header, compact, importPublicJwk(recipient), context.random);
  }
  return { text: armor(kind.label, compact), claims };
}

async function signClaims(kind: DocumentKind, claims: object, signer: DocumentSigner): Promise<string> {
  if (kind.signer === 'none') return unsecuredCompact({ typ: kind.typ }, claims);
  if (!signer) throw new TypeError(`${kind.name} must be signed`);
  if (kind.signer === 'authority') {
    if (!('certificate' in signer)) throw new TypeError(`${kind.name} is signed by the authority's certified key`);
    const header: JoseHeader = { typ: kind.typ, kid: signer.key.kid, cert: signer.certificate };
    if (signer.revocations) header.revocations = signer.revocations;
    return signCompact(header, claims, signer.key.privateKey);
  }
  if ('certificate' in signer) throw new TypeError(`${kind.name} is signed by the ${kind.signer}'s own key`);
  return signCompact({ typ: kind.typ, kid: signer.kid, jwk: signer.publicJwk }, claims, signer.privateKey);
}

/** What a reader checks a document against: the time, its own audience, its trust anchor and, for encrypted kinds, its key pair. */
export interface OpenContext {
  readonly now: Date;
  /** Who the reader is: the document's `aud` must be exactly this. */
  readonly audience: string;
  /** Pinned root and known revocations; required for authority-signed kinds. */
  readonly trust?: TrustAnchor | undefined;
  /**
   * The reader's X25519 key pair, required for encrypted kinds; or its key pairs (a current one
   * and those it retired), of which the one the JWE's `kid` names decrypts.
   */
  readonly recipient?: KeyPair | readonly KeyPair[] | undefined;
  /** How far a document's issue time may lie ahead of `now` (clocks differ a little). */
  readonly clockSkewTolerance?: Milliseconds | undefined;
  /** True when this document id has been used before: the document is then refused as a replay. */
  readonly isReplay?: ((id: string) => boolean) | undefined;
}

/** A document that passed every check: its claims, its signer's key and, for authority documents, the newest revocation list. */
export interface OpenedDocument<K extends DocumentKind> {
  readonly claims: DocumentClaims<K>;
  /** The key that signed it (authority signing key, or the site's or device's own), if signed. */
  readonly signerKey: PublicJwk | undefined;
  /** For authority documents: the newest revocation list now known; persist it. */
  readonly revocations: RevocationList | undefined;
  /** The signed layer as a compact JWS (decrypted, for encrypted kinds): what a site shows devices as its certificate (`verifySiteCertificate`). */
  readonly jws: string;
}

const DEFAULT_SKEW: Milliseconds = 5 * 60_000;

/**
 * Reads a document of the expected kind, checking in this order — each step names its own
 * error code, and nothing after a failed step runs:
 * armour and size → kind (label, then `typ`) → recipient key → decryption → algorithm →
 * signature chain → format version → contents → audience → issue time → replay.
 */
export async function openDocument<K extends DocumentKind>(kind: K, text: unknown, context: OpenContext): Promise<OpenedDocument<K>> {
  const { label, body } = dearmor(text);
  if (label !== kind.label) {
    throw new AirlockError('WRONG_DOCUMENT_KIND', { expected: kind.name, found: kindForLabel(label)?.name ?? label });
  }
  const jws = readCompact(kind.encrypted ? await decryptLayer(kind, body, context) : body, 3);
  const { header } = jws;
  if (header.typ !== kind.typ) throw new AirlockError('WRONG_DOCUMENT_KIND', { expected: kind.typ, found: describeValue(header.typ) });
  const expectedAlg = kind.signer === 'none' ? 'none' : 'EdDSA';
  if (header.alg !== expectedAlg) throw new AirlockError('UNSUPPORTED_ALGORITHM', { expected: expectedAlg, found: describeValue(header.alg) });

  const verified = await verifySignature(kind, jws, context);
  const version = verified.payload.v;
  if (version !== kind.version)
    throw new AirlockError('UNSUPPORTED_VERSION', { document: kind.name, found: typeof version === 'number' ? version : describeValue(version) });
  const claims = validate(kind.schema, verified.payload, kind.name) as DocumentClaims<K>;
  checkAudienceTimeAndReplay(claims as unknown as CommonClaims, context);
  return { claims, signerKey: verified.signerKey, revocations: verified.revocations, jws: jws.text };
}

async function decryptLayer(kind: DocumentKind, body: string, context: OpenContext): Promise<string> {
  const jwe = readCompact(body, 5);
  const { header } = jwe;
  if (header.typ !== encryptedTyp(kind)) {
    throw new AirlockError('WRONG_DOCUMENT_KIND', { expected: encryptedTyp(kind), found: describeValue(header.typ) });
  }
  if (header.alg !== 'ECDH-ES' || header.enc !== 'A256GCM') {
    throw new AirlockError('UNSUPPORTED_ALGORITHM', { found: `${describeValue(header.alg)}/${describeValue(header.enc)}` });
  }
  if (header.zip !== undefined && header.zip !== 'DEF') {
    throw new AirlockError('UNSUPPORTED_ALGORITHM', { found: `zip ${describeValue(header.zip)}` });
  }
  if (!context.recipient) throw new TypeError(`${kind.name} is encrypted: the reader's key pair is required`);
  const held: readonly KeyPair[] = isKeyPairList(context.recipient) ? context.recipient : [context.recipient];
  const recipient = held.find((pair) => pair.kid === header.kid);
  if (!recipient) throw new AirlockError('WRONG_RECIPIENT', { document: kind.name, reason: 'encrypted to another key' });
  return decryptCompact(jwe, recipient.privateKey);
}

function isKeyPairList(recipient: KeyPair | readonly KeyPair[]): recipient is readonly KeyPair[] {
  return Array.isArray(recipient);
}

interface VerifiedSignature {
  readonly payload: Record<string, unknown>;
  readonly signerKey: PublicJwk | undefined;
  readonly revocations: RevocationList | undefined;
}

async function verifySignature(kind: DocumentKind, jws: CompactSerialization<3>, context: OpenContext): Promise<VerifiedSignature> {
  switch (kind.signer) {
    case 'none':
      return { payload: readUnsecuredPayload(jws), signerKey: undefined, revocations: context.trust?.revocations };
    case 'authority': {
      if (!context.trust) throw new TypeError(`${kind.name} is signed by the authority: a trust anchor is required`);
      const chain = await verifyAuthoritySignature(jws, context.trust);
      return { payload: chain.payload, signerKey: chain.certificate.jwk, revocations: chain.revocations };
    }
    case 'site':
    case 'device': {
      const signerKey = parsePublicJwk(jws.header.jwk, 'Ed25519');
      if (jws.header.kid !== keyId(signerKey)) throw new AirlockError('SIGNATURE_INVALID', { reason: 'kid is not the thumbprint of jwk' });
      const payload = await verifyCompact(jws, importPublicJwk(signerKey));
      return { payload, signerKey, revocations: context.trust?.revocations };
    }
  }
}

function checkAudienceTimeAndReplay(claims: CommonClaims, context: OpenContext): void {
  if (claims.aud !== context.audience) {
    throw new AirlockError('WRONG_RECIPIENT', { expected: context.audience, found: claims.aud });
  }
  const skew = context.clockSkewTolerance ?? DEFAULT_SKEW;
  if (claims.iat * 1000 > context.now.getTime() + skew) {
    throw new AirlockError('DOCUMENT_FROM_FUTURE', {
      issuedAt: fromNumericDate(claims.iat).toISOString(),
      now: context.now.toISOString(),
    });
  }
  if (context.isReplay?.(claims.jti)) throw new AirlockError('DOCUMENT_REPLAYED', { id: claims.jti });
}

/** The kind of an armoured document, without checking anything else (for display and routing). */
export function identifyDocument(text: unknown): DocumentKind | undefined {
  try {
    return kindForLabel(dearmor(text).label);
  } catch {
    return undefined;
  }
}
