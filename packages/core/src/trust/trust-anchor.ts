import type { KeyPair, PublicJwk } from '../crypto/keys.ts';
import type { RevocationList } from './revocation-list.ts';

/**
 * What a site or device trusts: the authority's root public key, pinned at install, and the
 * newest revocation list it has verified so far (persist it after every document opened).
 */
export interface TrustAnchor {
  readonly root: PublicJwk;
  readonly revocations?: RevocationList | undefined;
}

/**
 * What the authority signs with: a signing key, the root's certificate for it, and the newest
 * revocation list, which rides along in every document so revocations reach every verifier.
 */
export interface AuthoritySigner {
  readonly key: KeyPair;
  readonly certificate: string;
  readonly revocations?: string | undefined;
}
