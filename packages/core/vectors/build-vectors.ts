import { exportKeySeed, keyPairFromSeed, type KeyPair } from '../src/crypto/keys.ts';
import { heartbeatMac, leaseHeartbeatKey, type SiteLease } from '../src/documents/floating-seat.ts';
import { armor, dearmor } from '../src/encoding/armor.ts';
import { decryptCompact, encryptCompact, MAX_PLAINTEXT_BYTES, signCompact } from '../src/encoding/jose-compact.ts';
import { seededRandom } from '../src/testing/seeded-random.ts';
import { buildSampleScenario, SAMPLE_NOW, type SampleDocument, type SampleKeyName } from '../src/testing/sample-documents.ts';
import { createTestAuthority } from '../src/testing/test-parties.ts';

/**
 * Builds the test vectors of docs/formats.md: one valid document of every kind with the keys
 * and claims needed to check it, and invalid documents with the error each must produce.
 * Deterministic: the same code always builds byte-identical vectors (a test holds it to that).
 */
export interface VectorFile {
  readonly format: 'airlock-test-vectors';
  readonly version: 1;
  readonly now: string;
  readonly keys: Record<SampleKeyName, { crv: string; kid: string; publicJwk: object; seed: string }>;
  readonly vectors: readonly Vector[];
  readonly invalid: readonly InvalidVector[];
  readonly heartbeats: readonly HeartbeatVector[];
}

export interface Vector {
  readonly name: string;
  readonly kind: string;
  readonly label: string;
  readonly typ: string;
  readonly signer: string;
  readonly encryptedTo: SampleKeyName | null;
  readonly text: string;
  /** The signed JWS inside (for encrypted kinds, the JWE's plaintext). */
  readonly jws: string;
  readonly claims: object;
}

export interface InvalidVector extends Vector {
  readonly expectedError: string;
  readonly why: string;
}

/**
 * A lease heartbeat answer (docs/formats.md §6.12): the key both ends derive from the lease's
 * X25519 keys (named in `keys`), and the MAC the site sends over the lease id, nonce and `exp`.
 */
export interface HeartbeatVector {
  readonly name: string;
  /** The lease vector it belongs to. */
  readonly lease: string;
  readonly siteKey: SampleKeyName;
  readonly deviceKey: SampleKeyName;
  readonly leaseId: string;
  readonly nonce: string;
  readonly exp: number;
  /** The heartbeat key, hex: HKDF-SHA256 of the X25519 shared secret. */
  readonly key: string;
  readonly mac: string;
}

export async function buildVectors(): Promise<VectorFile> {
  const scenario = await buildSampleScenario();
  const keys = Object.fromEntries(Object.entries(scenario.keys).map(([name, pair]) => [name, describeKey(pair)])) as VectorFile['keys'];
  const vectors = await Promise.all(scenario.documents.map((document) => toVector(document, scenario.keys)));
  return {
    format: 'airlock-test-vectors',
    version: 1,
    now: SAMPLE_NOW.toISOString(),
    keys,
    vectors,
    invalid: await invalidVectors(vectors, scenario.keys),
    heartbeats: [heartbeatVector(vectors, scenario.keys)],
  };
}

function describeKey(pair: KeyPair) {
  return { crv: pair.publicJwk.crv, kid: pair.kid, publicJwk: pair.publicJwk, seed: Buffer.from(exportKeySeed(pair).seed).toString('hex') };
}

async function toVector(document: SampleDocument, keys: Record<SampleKeyName, KeyPair>): Promise<Vector> {
  const { body } = dearmor(document.text);
  const jws = document.encryptedTo ? await decryptCompact(body, keys[document.encryptedTo].privateKey) : body;
  return {
    name: document.name ?? document.kind.name,
    kind: document.kind.name,
    label: document.kind.label,
    typ: document.kind.typ,
    signer: document.kind.signer,
    encryptedTo: document.encryptedTo,
    text: document.text,
    jws,
    claims: document.claims,
  };
}

/** The same JWS encrypted again to the vector's recipient, as its sender would. */
async function reencrypt(vector: Vector, jws: string, keys: Record<SampleKeyName, KeyPair>): Promise<string> {
  const recipient = keys[vector.encryptedTo!];
  const header = { typ: vector.typ.replace(/\+jwt$/, '+jwe'), cty: vector.typ, kid: recipient.kid };
  return encryptCompact(header, jws, recipient.publicKey, seededRandom('airlock-vectors-v1/reencrypt'));
}

/** Flips one bit of the base64url character at `index` (its top data bit, so the bytes change). */
function flipCharacter(text: string, index: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const value = alphabet.indexOf(text[index]!);
  return text.slice(0, index) + alphabet[value ^ 0b100000]! + text.slice(index + 1);
}

async function invalidVectors(vectors: readonly Vector[], keys: Record<SampleKeyName, KeyPair>): Promise<InvalidVector[]> {
  const byName = (name: string) => vectors.find((vector) => vector.name === name)!;
  const token = byName('enablement-token');
  const olf = byName('offline-license-file');
  const lfr = byName('license-file-request');
  const segments = token.jws.split('.');
  const signatureAltered = [segments[0], segments[1], flipCharacter(segments[2]!, 10)].join('.');
  const payloadAltered = [segments[0], flipCharacter(segments[1]!, 40), segments[2]].join('.');
  const olfBody = dearmor(olf.text).body;
  const tagAltered = olfBody.slice(0, -3) + flipCharacter(olfBody.slice(-3), 0);
  const impostor = await createTestAuthority('airlock-vectors-v1/impostor');
  const header = JSON.parse(Buffer.from(segments[0]!, 'base64url').toString()) as Record<string, unknown>;
  const forged = await signCompact(
    { ...header, kid: impostor.signingKey.kid, cert: impostor.signer.certificate },
    token.claims,
    impostor.signingKey.privateKey,
  );
  const lfrSegments = lfr.jws.split('.');
  const lfrInnerAltered = [lfrSegments[0], lfrSegments[1], flipCharacter(lfrSegments[2]!, 5)].join('.');
  const lease = byName('site-lease');
  const leaseSegments = lease.jws.split('.');
  const leaseSignatureAltered = [leaseSegments[0], leaseSegments[1], flipCharacter(leaseSegments[2]!, 10)].join('.');
  // A key the OLF the lease carries does not name: a site that copied another site's license.
  const uncertified = keyPairFromSeed('Ed25519', seededRandom('airlock-vectors-v1/uncertified-site-key').bytes(32));
  const uncertifiedLease = await signCompact({ typ: lease.typ, kid: uncertified.kid, jwk: uncertified.publicJwk }, lease.claims, uncertified.privateKey);
  // Compression (docs/formats.md §4): a method other than DEFLATE, and a plaintext that inflates
  // past the readers' limit — 32 MiB of one letter, a few tens of kilobytes once deflated.
  const authorityKey = keys.authorityEncryption;
  const lfrJweHeader = { typ: lfr.typ.replace(/\+jwt$/, '+jwe'), cty: lfr.typ, kid: authorityKey.kid };
  const unknownZip = await encryptCompact({ ...lfrJweHeader, zip: 'GZIP' }, lfr.jws, authorityKey.publicKey, seededRandom('airlock-vectors-v1/unknown-zip'));
  const inflating = await encryptCompact(
    lfrJweHeader,
    'A'.repeat(MAX_PLAINTEXT_BYTES + 1),
    authorityKey.publicKey,
    seededRandom('airlock-vectors-v1/inflating'),
  );
  return [
    {
      ...token,
      name: 'enablement-token, signature altered',
      text: armor(token.label, signatureAltered),
      jws: signatureAltered,
      expectedError: 'SIGNATURE_INVALID',
      why: 'one bit of the Ed25519 signature changed',
    },
    {
      ...token,
      name: 'enablement-token, payload altered',
      text: armor(token.label, payloadAltered),
      jws: payloadAltered,
      expectedError: 'SIGNATURE_INVALID',
      why: 'one bit of the signed claims changed',
    },
    {
      ...token,
      name: 'enablement-token, signed under another root',
      text: armor(token.label, forged),
      jws: forged,
      expectedError: 'KEY_CERTIFICATE_INVALID',
      why: 'a well-formed chain, but to a root nobody pinned',
    },
    {
      ...olf,
      name: 'offline-license-file, ciphertext tag altered',
      text: armor(olf.label, tagAltered),
      expectedError: 'DECRYPTION_FAILED',
      why: 'one bit of the AES-GCM tag changed',
    },
    {
      ...lfr,
      name: 'license-file-request, inner signature altered',
      text: armor(lfr.label, await reencrypt(lfr, lfrInnerAltered, keys)),
      jws: lfrInnerAltered,
      expectedError: 'SIGNATURE_INVALID',
      why: 'decrypts correctly, but the site signature inside does not verify',
    },
    {
      ...lease,
      name: 'site-lease, signature altered',
      text: armor(lease.label, leaseSignatureAltered),
      jws: leaseSignatureAltered,
      expectedError: 'SIGNATURE_INVALID',
      why: "one bit of the site's Ed25519 signature changed",
    },
    {
      ...lease,
      name: 'site-lease, license names another site key',
      text: armor(lease.label, uncertifiedLease),
      jws: uncertifiedLease,
      expectedError: 'SITE_KEY_NOT_CERTIFIED',
      why: "a valid site signature and a valid OLF, but the OLF's siteKeyThumbprint is not the kid of the key that signed the lease",
    },
    {
      ...lfr,
      name: 'license-file-request, unknown compression',
      text: armor(lfr.label, unknownZip),
      expectedError: 'UNSUPPORTED_ALGORITHM',
      why: 'the JWE header names a "zip" other than DEF',
    },
    {
      ...lfr,
      name: 'license-file-request, inflates past the limit',
      text: armor(lfr.label, inflating),
      jws: '',
      expectedError: 'DOCUMENT_TOO_LARGE',
      why: 'decrypts correctly, but its DEFLATE plaintext inflates past 33,554,432 bytes (it holds no JWS)',
    },
  ];
}

/** The heartbeat of the sample lease, five minutes after its grant: it renews the lease to then + ttl. */
function heartbeatVector(vectors: readonly Vector[], keys: Record<SampleKeyName, KeyPair>): HeartbeatVector {
  const lease = vectors.find((vector) => vector.kind === 'site-lease')!;
  const claims = lease.claims as SiteLease;
  const facts = { leaseId: claims.leaseId, nonce: 'hb-Q29mZmVlIQ', exp: claims.iat + 300 + claims.ttl };
  const key = leaseHeartbeatKey(keys.siteEncryption.privateKey, keys.deviceLease.publicJwk, claims.leaseId);
  return {
    name: 'site-lease heartbeat',
    lease: lease.name,
    siteKey: 'siteEncryption',
    deviceKey: 'deviceLease',
    ...facts,
    key: key.toString('hex'),
    mac: heartbeatMac(key, facts),
  };
}
