import { Type, type Static } from '@sinclair/typebox';
import { AirlockError } from '../errors/airlock-error.ts';
import { importPublicJwk, keyId, type KeyPair, type PublicJwk } from '../crypto/keys.ts';
import { readCompact, signCompact, verifyCompact } from '../encoding/jose-compact.ts';
import { Kid, NumericDate, validate } from '../encoding/schema.ts';
import { toNumericDate } from '../time/duration.ts';

/**
 * Revoking a signing key needs no reinstall anywhere: the root signs a numbered list of revoked
 * key ids, and the authority puts its newest list into every document it signs afterwards.
 * Sites and devices keep the highest-numbered list they have verified, so a document that
 * arrives later without the list (or with an older one) cannot undo a revocation.
 */
export const REVOCATION_LIST_TYP = 'airlock-key-revocations+jwt';

const RevocationListClaims = Type.Object(
  {
    v: Type.Literal(1),
    iss: Kid,
    serial: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    iat: NumericDate,
    revoked: Type.Array(
      Type.Object({ kid: Kid, revokedAt: NumericDate, reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);

/** What a revocation list says: the root that signed it, its serial, when it was issued and the keys it revokes. */
export type RevocationListClaims = Static<typeof RevocationListClaims>;
/** One revoked key: its id, when it was revoked and, if given, why. */
export type RevokedKey = RevocationListClaims['revoked'][number];
/** A verified revocation list: its claims and the compact JWS to pass on and persist. */
export type RevocationList = RevocationListClaims & { readonly compact: string };

/** What the root signs into a new revocation list. */
export interface IssueRevocationListOptions {
  /** Strictly greater than the serial of every list issued before. */
  readonly serial: number;
  readonly revoked: readonly RevokedKey[];
  readonly now: Date;
}

/** The root signs a revocation list (typ `airlock-key-revocations+jwt`); every document the authority issues afterwards carries it. */
export async function issueRevocationList(root: KeyPair, options: IssueRevocationListOptions): Promise<string> {
  const claims: RevocationListClaims = {
    v: 1,
    iss: root.kid,
    serial: options.serial,
    iat: toNumericDate(options.now),
    revoked: [...options.revoked],
  };
  return signCompact({ typ: REVOCATION_LIST_TYP, kid: root.kid }, claims, root.privateKey);
}

/** Checks a revocation list against the pinned root: typ, signature, contents and issuer. REVOCATION_LIST_INVALID otherwise. */
export async function verifyRevocationList(compact: string, root: PublicJwk): Promise<RevocationList> {
  try {
    const jws = readCompact(compact, 3);
    if (jws.header.typ !== REVOCATION_LIST_TYP || jws.header.alg !== 'EdDSA') {
      throw new AirlockError('REVOCATION_LIST_INVALID', { reason: 'not a revocation list' });
    }
    const claims = validate(RevocationListClaims, await verifyCompact(jws, importPublicJwk(root)), 'revocation list');
    if (claims.iss !== keyId(root)) throw new AirlockError('REVOCATION_LIST_INVALID', { reason: 'issued by another root' });
    return { ...claims, compact };
  } catch (error) {
    if (error instanceof AirlockError && error.code === 'REVOCATION_LIST_INVALID') throw error;
    const reason = error instanceof AirlockError ? error.code : 'unreadable';
    throw new AirlockError('REVOCATION_LIST_INVALID', { reason }, { cause: error });
  }
}

/** The newer of two verified lists (by serial); either may be absent. */
export function newerRevocationList(a: RevocationList | undefined, b: RevocationList | undefined): RevocationList | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.serial > a.serial ? b : a;
}

/** The entry that revokes a key id, if the list has one. */
export function findRevocation(list: RevocationList | undefined, kid: string): RevokedKey | undefined {
  return list?.revoked.find((entry) => entry.kid === kid);
}
