import { randomBytes } from 'node:crypto';
import { keyId, type AuthoritySigner, type KeyPair, type OpenAtAuthorityContext, type PublicJwk, type TrustAnchor } from '@airlock/core';
import type { SealingKey } from '@airlock/core/internal';

/**
 * The authority's keys as the use cases need them: who signs, what requests are encrypted to,
 * and the root that sites and devices pin. The persistent implementation keeps them in the
 * database, encrypted at rest; tests use one built in memory.
 */
export interface AuthorityKeys {
  /** The active signing key with its certificate and the newest revocation list. */
  signer(): Promise<AuthoritySigner>;
  /** The active X25519 key pair, for reading LFRs and device requests. */
  encryptionKey(): Promise<KeyPair>;
  /** Every X25519 key pair still able to decrypt (the active one first), for requests made before a rotation. */
  decryptionKeys(): Promise<readonly KeyPair[]>;
  /** The root-signed certificate of the active encryption key, handed to sites in enablement tokens. */
  encryptionCertificate(): Promise<string>;
  /** The root public key sites and devices pin. */
  root(): Promise<PublicJwk>;
  trust(): Promise<TrustAnchor>;
  /** Rotation and revocation, where the keys are kept in the database (absent for in-memory keys). */
  readonly management?: KeyManagement;
  /**
   * The key the passphrase derives, which seals the private keys at rest: it also seals the
   * other secrets the authority must read back, such as administrators' TOTP secrets.
   */
  readonly sealing: SealingKey;
}

/** What a key is for: the root certifies, `sig` signs documents, `enc` receives encrypted ones. */
export type KeyPurpose = 'root' | 'sig' | 'enc';

/** One authority key as operators see it: public parts only. */
export interface AuthorityKeyInfo {
  readonly kid: string;
  readonly purpose: KeyPurpose;
  readonly status: 'active' | 'retired' | 'revoked';
  readonly publicJwk: PublicJwk;
  /** The root's certificate for the key (null for the root itself). */
  readonly certificate: string | null;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** Who changes a key, and when: written to the audit log with the change. */
export interface KeyChangeBy {
  readonly actor: string;
  readonly requestId?: string | undefined;
  readonly now: Date;
}

export interface KeyRotation {
  readonly active: AuthorityKeyInfo;
  readonly retired: AuthorityKeyInfo;
}

export interface KeyRevocation {
  readonly revoked: AuthorityKeyInfo;
  /** The key that took a revoked active key's place, in the same transaction. */
  readonly replacement: AuthorityKeyInfo | null;
  /** The new root-signed revocation list that names the key. */
  readonly revocationList: { readonly serial: number; readonly compact: string };
}

/** Key changes an operator makes through the API or the CLI; each is audited. */
export interface KeyManagement {
  list(): Promise<readonly AuthorityKeyInfo[]>;
  /** Makes a new certified key active for the purpose and retires the old one. */
  rotate(purpose: 'sig' | 'enc', by: KeyChangeBy): Promise<KeyRotation>;
  /** Revokes a signing or encryption key; an active one is replaced in the same step. */
  revoke(kid: string, reason: string, by: KeyChangeBy): Promise<KeyRevocation>;
}

/** Keys held in memory: for tests, and the shape every implementation must honour. */
export function inMemoryAuthorityKeys(parts: {
  root: KeyPair;
  signer: AuthoritySigner;
  encryptionKey: KeyPair;
  encryptionCertificate: string;
  /** Absent: a random one, which lives as long as the object (sealed secrets do not outlive it). */
  sealing?: SealingKey;
}): AuthorityKeys {
  return {
    sealing: parts.sealing ?? { salt: new Uint8Array(randomBytes(16)), key: new Uint8Array(randomBytes(32)) },
    signer: () => Promise.resolve(parts.signer),
    encryptionKey: () => Promise.resolve(parts.encryptionKey),
    decryptionKeys: () => Promise.resolve([parts.encryptionKey]),
    encryptionCertificate: () => Promise.resolve(parts.encryptionCertificate),
    root: () => Promise.resolve(parts.root.publicJwk),
    trust: () => Promise.resolve({ root: parts.root.publicJwk }),
  };
}

/**
 * What opens a document sent to the authority (an LFR, a site exchange request, a device's
 * files): its root's kid and every decryption key it holds, the active one and those rotated
 * out, of which the core takes the one the document's JWE `kid` names.
 */
export async function authorityOpenContext(keys: AuthorityKeys, now: Date): Promise<OpenAtAuthorityContext> {
  const [decryptionKeys, root] = await Promise.all([keys.decryptionKeys(), keys.root()]);
  if (decryptionKeys.length === 0) throw new Error('the authority has no decryption key');
  return { now, rootKid: keyId(root), encryptionKey: decryptionKeys };
}
