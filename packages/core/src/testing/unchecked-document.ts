import type { KeyPair } from '../crypto/keys.ts';
import { importPublicJwk, keyId, type PublicJwk } from '../crypto/keys.ts';
import { encryptedTyp, type DocumentKind } from '../documents/document-kind.ts';
import { armor } from '../encoding/armor.ts';
import { encryptCompact, signCompact } from '../encoding/jose-compact.ts';
import type { Random } from '../crypto/random.ts';

/**
 * Signs (and, for encrypted kinds, encrypts to `recipient`) claims as a site or a device would,
 * without the checks `issueDocument` makes: a well-signed document whose contents Airlock would
 * never write, to prove that readers refuse it. Never for production.
 *
 * @example
 * ```ts
 * const text = await signUncheckedDocument(licenseFileRequestKind, { ...lfr.claims, tenant: 'a\u0000' }, { signer: site.signingKey, recipient: authority.encryptionKey.publicJwk, random });
 * ```
 */
export async function signUncheckedDocument(
  kind: DocumentKind,
  claims: object,
  context: { readonly signer: KeyPair; readonly recipient?: PublicJwk; readonly random: Random },
): Promise<string> {
  const { signer } = context;
  let compact = await signCompact({ typ: kind.typ, kid: signer.kid, jwk: signer.publicJwk }, claims, signer.privateKey);
  if (kind.encrypted) {
    if (!context.recipient) throw new TypeError(`${kind.name} is encrypted: a recipient key is required`);
    compact = await encryptCompact(
      { typ: encryptedTyp(kind), cty: kind.typ, kid: keyId(context.recipient) },
      compact,
      importPublicJwk(context.recipient),
      context.random,
    );
  }
  return armor(kind.label, compact);
}
