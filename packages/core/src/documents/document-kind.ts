import { Type, type Static, type TObject } from '@sinclair/typebox';
import { Answers, Id, NumericDate } from '../encoding/schema.ts';
import { DOCUMENT_FORMAT_VERSION } from '../version.ts';

/**
 * Who signs a kind of document:
 * - `authority`: the authority's signing key, certified by its root (sites and devices pin the root);
 * - `site` / `device`: the sender's own Ed25519 key, carried in the header (`jwk`), whose
 *   continuity the receiver checks against the key it saw before;
 * - `none`: unsigned (an order license before activation carries no authority).
 */
export type SignerRole = 'authority' | 'site' | 'device' | 'none';

/** Claims every Airlock document carries. */
export const commonClaims = {
  /** Format version of this kind of document. */
  v: Type.Literal(DOCUMENT_FORMAT_VERSION),
  /** Unique id of this document. */
  jti: Id,
  /** Issue time (NumericDate). */
  iat: NumericDate,
  /** Who the document is for: see `audience`. */
  aud: Type.String({ minLength: 1, maxLength: 200 }),
  /** Ids of the documents this one answers (an OLF answers its LFR). */
  answers: Answers,
};

/** The claims every document carries, typed: format version, id, issue time, audience and the ids it answers. */
export interface CommonClaims {
  readonly v: 1;
  readonly jti: string;
  readonly iat: number;
  readonly aud: string;
  readonly answers: readonly string[];
}

/** A kind of document: its names, who signs it, whether it is encrypted and its claims' schema (docs/formats.md). */
export interface DocumentKind<S extends TObject = TObject> {
  /** Stable machine name, also used in error details. */
  readonly name: string;
  /** JWS `typ` (explicit typing, RFC 8725 §3.11): it domain-separates the signatures of each kind. */
  readonly typ: string;
  /** The armour label: `-----BEGIN AIRLOCK <label>-----`. */
  readonly label: string;
  readonly version: 1;
  readonly signer: SignerRole;
  /** Encrypted (JWE ECDH-ES + A256GCM around the JWS) to its recipient's X25519 key. */
  readonly encrypted: boolean;
  /** The claims: `commonClaims` and the kind's own, no others. */
  readonly schema: S;
}

/** The claims of a kind of document, as its schema types them. */
export type DocumentClaims<K extends DocumentKind> = Static<K['schema']>;

/** The part of a document's claims its issuer provides (the envelope adds `v`, `jti`, `iat`). */
export type DocumentBody<K extends DocumentKind> = Omit<DocumentClaims<K>, 'v' | 'jti' | 'iat'>;

/**
 * Declares a kind of document and registers its armour label. The schema must spread
 * `commonClaims` and set `additionalProperties: false`:
 *
 * @example
 * ```ts
 * const schema = Type.Object({ ...commonClaims, siteGuid: Guid }, { additionalProperties: false });
 * export const exampleKind = defineKind({ name: 'example', typ: 'airlock-example+jwt',
 *   label: 'EXAMPLE', signer: 'authority', encrypted: false, schema });
 * ```
 */
export function defineKind<S extends TObject>(definition: Omit<DocumentKind<S>, 'version'>): DocumentKind<S> {
  if (registry.has(definition.label)) throw new Error(`two document kinds share the label ${definition.label}`);
  if (definition.schema.additionalProperties !== false) throw new Error(`${definition.name}: claims must be closed`);
  const kind: DocumentKind<S> = { ...definition, version: DOCUMENT_FORMAT_VERSION };
  registry.set(kind.label, kind);
  return kind;
}

/** The JWE `typ` of an encrypted kind: the JWS `typ` with `+jwe` in place of `+jwt`. */
export function encryptedTyp(kind: DocumentKind): string {
  return kind.typ.replace(/\+jwt$/, '+jwe');
}

const registry = new Map<string, DocumentKind>();

/** The kind of document an armour label names, if it is one of ours. */
export function kindForLabel(label: string): DocumentKind | undefined {
  return registry.get(label);
}

/** Audience strings: who a document is for. */
export const audience = {
  /** One tenant of one site. */
  site: (siteGuid: string, tenant: string): string => `site:${siteGuid.toLowerCase()}/${tenant}`,
  /** A whole site (enablement is per site). */
  siteInstallation: (siteGuid: string): string => `site:${siteGuid.toLowerCase()}`,
  /** One device, by its fingerprint. */
  device: (fingerprint: string): string => `device:${fingerprint}`,
  /** The authority, by the id of its root key. */
  authority: (rootKid: string): string => `authority:${rootKid}`,
  /** The site tenant a Registration Key names (activated licenses: the authority knows only the RK). */
  registrationKey: (rk: string): string => `rk:${rk}`,
  /** A customer account (an order license before it is bound to a site). */
  customer: (customerId: string): string => `customer:${customerId}`,
} as const;
