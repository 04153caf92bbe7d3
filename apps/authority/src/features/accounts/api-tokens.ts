import { AirlockError, type Random } from '@airlock/core';
import { newDocumentId } from '@airlock/core/internal';
import { hashSecret, randomSecret, sameHash } from '@airlock/http';
import type { Db } from '../../db/database.ts';
import { recordAudit, type Actor } from '../../http/audit.ts';
import { permissions, type Permission, type Principal } from '../../http/permissions.ts';
import { tokenPrincipalCacheOf } from './token-principal-cache.ts';

/**
 * API tokens: `alk_` and 32 random bytes, base64url. The database keeps only their SHA-256
 * (`hashSecret`), as for session secrets. The prefix makes a leaked token recognisable (and
 * secret scanners can find it).
 */
const API_TOKEN_PREFIX = 'alk_';

const API_TOKEN = /^alk_[A-Za-z0-9_-]{43}$/;

/** A new API token: `alk_` and 32 random bytes, base64url. */
function newApiToken(random: Random): string {
  return API_TOKEN_PREFIX + randomSecret(random);
}

/** Whether the text could be a token at all; anything else is not looked up. */
export function isApiTokenShaped(text: string): boolean {
  return API_TOKEN.test(text);
}

/** An API token as listed: everything but its secret, which exists in clear only once. */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly scopes: Permission[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/**
 * Creates a token for automation (the CLI, a CI job) with the given scopes and returns its
 * secret, the only time it is shown. A token may only hand out scopes it holds itself, so a
 * `tokens:write` token cannot mint a more powerful one.
 */
export async function createApiToken(
  db: Db,
  input: { name: string; scopes: readonly Permission[] },
  by: Actor & { random: Random; principal: Principal },
): Promise<ApiToken & { token: string }> {
  const scopes = permissions.filter((permission) => input.scopes.includes(permission));
  if (by.principal.kind === 'token') {
    const held = by.principal.scopes;
    const beyond = scopes.filter((scope) => !held.includes(scope));
    if (beyond.length > 0) throw new AirlockError('FORBIDDEN', { scopesNotHeld: beyond });
  }
  const token = newApiToken(by.random);
  const created: ApiToken = {
    id: newDocumentId(by.random),
    name: input.name,
    scopes,
    createdBy: by.actor,
    createdAt: by.now.toISOString(),
    revokedAt: null,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_tokens')
      .values({ id: created.id, name: created.name, token_hash: hashSecret(token), scopes: JSON.stringify(scopes), created_by: by.actor, created_at: by.now })
      .execute();
    await recordAudit(trx, {
      ...by,
      action: 'api-token.create',
      objectType: 'api-token',
      objectId: created.id,
      after: { name: created.name, scopes },
      at: by.now,
    });
  });
  return { ...created, token };
}

/** Every API token, revoked ones included, oldest first. */
export async function listApiTokens(db: Db): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scopes', 'created_by', 'created_at', 'revoked_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    scopes: knownScopes(row.scopes),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
  }));
}

/**
 * Revokes a token; the very next request presenting it to this replica is anonymous (its cached
 * principal is forgotten once the revocation is committed), and on other replicas within
 * TOKEN_PRINCIPAL_TTL_MS. Revoking twice changes nothing.
 */
export async function revokeApiToken(db: Db, tokenId: string, by: Actor): Promise<void> {
  const tokenHash = await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('api_tokens').select(['id', 'token_hash', 'revoked_at']).where('id', '=', tokenId).forUpdate().executeTakeFirst();
    if (!row) throw new AirlockError('NOT_FOUND', { token: tokenId });
    if (row.revoked_at !== null) return row.token_hash;
    await trx.updateTable('api_tokens').set({ revoked_at: by.now }).where('id', '=', tokenId).execute();
    await recordAudit(trx, {
      ...by,
      action: 'api-token.revoke',
      objectType: 'api-token',
      objectId: tokenId,
      before: { revokedAt: null },
      after: { revokedAt: by.now.toISOString() },
      at: by.now,
    });
    return row.token_hash;
  });
  tokenPrincipalCacheOf(db).forget(tokenHash);
}

/** The principal of the token with this stored hash (see `hashSecret`), or undefined when it is unknown or revoked. */
export async function findTokenPrincipalByHash(db: Db, hash: string): Promise<Extract<Principal, { kind: 'token' }> | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'token_hash', 'scopes'])
    .where('token_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || !sameHash(row.token_hash, hash)) return undefined;
  return { kind: 'token', id: row.id, scopes: knownScopes(row.scopes) };
}

/** Scopes as stored, less any permission this version no longer knows. */
function knownScopes(stored: readonly string[]): Permission[] {
  return permissions.filter((permission) => stored.includes(permission));
}
