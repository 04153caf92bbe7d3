import { keyPairFromSeed, type KeyPair } from '../crypto/keys.ts';
import type { Random } from '../crypto/random.ts';
import { newDocumentId } from '../crypto/random.ts';
import { audience } from '../documents/document-kind.ts';
import { certifyKey } from '../trust/key-certificate.ts';
import type { AuthoritySigner, TrustAnchor } from '../trust/trust-anchor.ts';
import { DAY } from '../time/duration.ts';
import { seededRandom } from './seeded-random.ts';

/**
 * The parties of a licensing exchange, built deterministically from a seed: an authority
 * (root, certified signing and encryption keys), sites and devices. For tests, demos and
 * test vectors only.
 */
export interface TestAuthority {
  readonly root: KeyPair;
  readonly signingKey: KeyPair;
  readonly encryptionKey: KeyPair;
  readonly signer: AuthoritySigner;
  /** The root-signed certificate of `encryptionKey`, which sites and devices encrypt to. */
  readonly encryptionCertificate: string;
  /** What a site or device pins. */
  readonly trust: TrustAnchor;
  readonly audience: string;
}

export interface TestParty {
  readonly guid: string;
  readonly signingKey: KeyPair;
  readonly encryptionKey: KeyPair;
}

const seedOf = (random: Random) => random.bytes(32);

/** An authority whose keys are valid from `validFrom` for `validForDays` days. */
export async function createTestAuthority(seed = 'authority', validFrom = new Date('2026-01-01T00:00:00Z'), validForDays = 3650): Promise<TestAuthority> {
  const random = seededRandom(seed);
  const root = keyPairFromSeed('Ed25519', seedOf(random));
  const signingKey = keyPairFromSeed('Ed25519', seedOf(random));
  const encryptionKey = keyPairFromSeed('X25519', seedOf(random));
  const validity = { notBefore: validFrom, notAfter: new Date(validFrom.getTime() + validForDays * DAY), now: validFrom };
  const certificate = await certifyKey(root, signingKey.publicJwk, { use: 'sig', ...validity });
  const encryptionCertificate = await certifyKey(root, encryptionKey.publicJwk, { use: 'enc', ...validity });
  return {
    root,
    signingKey,
    encryptionKey,
    signer: { key: signingKey, certificate },
    encryptionCertificate,
    trust: { root: root.publicJwk },
    audience: audience.authority(root.kid),
  };
}

/** A site or device: a GUID-like id and its own signing and encryption keys. */
export function createTestParty(seed: string): TestParty {
  const random = seededRandom(seed);
  return {
    guid: newDocumentId(random),
    signingKey: keyPairFromSeed('Ed25519', seedOf(random)),
    encryptionKey: keyPairFromSeed('X25519', seedOf(random)),
  };
}
