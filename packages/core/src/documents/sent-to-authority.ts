import { keyId, type KeyPair, type PublicJwk } from '../crypto/keys.ts';
import type { Milliseconds } from '../time/duration.ts';
import { audience, type DocumentClaims, type DocumentKind } from './document-kind.ts';
import { openDocument } from './envelope.ts';

/**
 * What the authority needs to read a document sent to it (an LFR, a device activation request,
 * a deactivation file): all three are encrypted to its X25519 key, addressed to its root, and
 * signed by their sender's own key.
 */
export interface OpenAtAuthorityContext {
  readonly now: Date;
  /** The kid of the authority's root key: the document's audience. */
  readonly rootKid: string;
  /**
   * The authority's X25519 key pair the sender encrypted to; or every one it holds (the active
   * key and those it rotated out), of which the one the document's JWE `kid` names opens it, so
   * a document made before a rotation still opens. None named: WRONG_RECIPIENT.
   */
  readonly encryptionKey: KeyPair | readonly KeyPair[];
  readonly clockSkewTolerance?: Milliseconds | undefined;
  /** True for a document id the authority has already used: a replay. */
  readonly isReplay?: ((id: string) => boolean) | undefined;
}

/** A site- or device-signed document the authority has opened: its claims and the sender's key. */
export interface OpenedAtAuthority<K extends DocumentKind> {
  readonly claims: DocumentClaims<K>;
  /** The sender's Ed25519 key (the header `jwk`, verified). */
  readonly signerKey: PublicJwk;
  /** Its thumbprint: compare it with the key this sender used before, or bind to it. */
  readonly signerKid: string;
}

/** Every envelope check of a site- or device-signed document sent to the authority. */
export async function openSentToAuthority<K extends DocumentKind>(kind: K, text: unknown, context: OpenAtAuthorityContext): Promise<OpenedAtAuthority<K>> {
  const { claims, signerKey } = await openDocument(kind, text, {
    now: context.now,
    audience: audience.authority(context.rootKid),
    recipient: context.encryptionKey,
    clockSkewTolerance: context.clockSkewTolerance,
    isReplay: context.isReplay,
  });
  if (!signerKey) throw new Error(`${kind.name} is always signed by its sender`);
  return { claims, signerKey, signerKid: keyId(signerKey) };
}
