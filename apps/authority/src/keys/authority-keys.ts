import type { AuthoritySigner, KeyPair, PublicJwk, TrustAnchor } from '@airlock/core';

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
}

/** Keys held in memory: for tests, and the shape every implementation must honour. */
export function inMemoryAuthorityKeys(parts: {
  root: KeyPair;
  signer: AuthoritySigner;
  encryptionKey: KeyPair;
  encryptionCertificate: string;
}): AuthorityKeys {
  return {
    signer: () => Promise.resolve(parts.signer),
    encryptionKey: () => Promise.resolve(parts.encryptionKey),
    decryptionKeys: () => Promise.resolve([parts.encryptionKey]),
    encryptionCertificate: () => Promise.resolve(parts.encryptionCertificate),
    root: () => Promise.resolve(parts.root.publicJwk),
    trust: () => Promise.resolve({ root: parts.root.publicJwk }),
  };
}
