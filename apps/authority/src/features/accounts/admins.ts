import { AirlockError, type Random } from '@airlock/core';
import { newDocumentId, type Clock } from '@airlock/core/internal';
import { sql, type Transaction } from 'kysely';
import { generatePassword, hashPassword } from '@airlock/http';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit, type Actor } from '../../http/audit.ts';
import { findAccountByEmail, isUniqueViolation, normalizeEmail } from './accounts.ts';
import { clearFailures } from './sign-in-failures.ts';
import { tokenPrincipalCacheOf } from './token-principal-cache.ts';

/** A vendor administrator as the API shows it (never its hash). */
export interface Admin {
  readonly id: string;
  readonly email: string;
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
  /** When they were disabled (they cannot sign in), or null while they may. */
  readonly disabledAt: string | null;
}

const FIRST_ADMIN_EMAIL = 'admin@localhost';

/**
 * On a store without any administrator, creates the first one with a generated one-time password
 * that must be changed at first sign-in, and returns that password — the only time it exists in
 * clear. On a store that has an administrator it returns null and changes nothing. Replicas
 * starting together serialize on an advisory lock, so exactly one of them creates the admin.
 *
 * @example
 * ```ts
 * const first = await ensureFirstAdmin(db, { clock, random });
 * if (first) console.log(`First administrator ${first.email}, one-time password: ${first.password}`);
 * ```
 */
export async function ensureFirstAdmin(
  db: Db,
  deps: { readonly clock: Clock; readonly random: Random },
  options: { readonly email?: string } = {},
): Promise<{ email: string; password: string } | null> {
  if (await anyAdminExists(db)) return null;
  const email = normalizeEmail(options.email ?? FIRST_ADMIN_EMAIL);
  const password = generatePassword(deps.random);
  const passwordHash = await hashPassword(password, deps.random);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('airlock.first-admin'))`.execute(trx);
    if (await anyAdminExists(trx)) return null;
    const now = deps.clock.now();
    const id = newDocumentId(deps.random);
    await trx.insertInto('admins').values({ id, email, password_hash: passwordHash, must_change_password: true, created_at: now }).execute();
    await recordAudit(trx, { actor: 'system', action: 'admin.create', objectType: 'admin', objectId: id, after: { email, mustChangePassword: true }, at: now });
    return { email, password };
  });
}

async function anyAdminExists(db: Pick<Db, 'selectFrom'>): Promise<boolean> {
  return (await db.selectFrom('admins').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Adds a vendor administrator, who must change the given password at first sign-in. */
export async function createAdmin(db: Db, input: { email: string; password: string }, by: Actor & { random: Random }): Promise<Admin> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password, by.random);
  try {
    return await db.transaction().execute(async (trx) => {
      if (await findAccountByEmail(trx, email)) throw new AirlockError('CONFLICT', { email });
      const admin: Admin = { id: newDocumentId(by.random), email, mustChangePassword: true, createdAt: by.now.toISOString(), disabledAt: null };
      await trx.insertInto('admins').values({ id: admin.id, email, password_hash: passwordHash, must_change_password: true, created_at: by.now }).execute();
      await recordAudit(trx, {
        ...by,
        action: 'admin.create',
        objectType: 'admin',
        objectId: admin.id,
        after: { email, mustChangePassword: true },
        at: by.now,
      });
      return admin;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AirlockError('CONFLICT', { email });
    throw error;
  }
}

/** Every vendor administrator, oldest first, disabled ones included. */
export async function listAdmins(db: Db): Promise<Admin[]> {
  const rows = await db.selectFrom('admins').select(ADMIN_COLUMNS).orderBy('created_at').orderBy('id').execute();
  return rows.map(adminOf);
}

/** The administrator with this (normalized or not) e-mail address, if there is one. */
export async function findAdminByEmail(db: Db, email: string): Promise<Admin | undefined> {
  const row = await db.selectFrom('admins').select(ADMIN_COLUMNS).where('email', '=', normalizeEmail(email)).executeTakeFirst();
  return row && adminOf(row);
}

const ADMIN_COLUMNS = ['id', 'email', 'must_change_password', 'created_at', 'disabled_at'] as const;
type AdminRow = { id: string; email: string; must_change_password: boolean; created_at: Date; disabled_at: Date | null };

function adminOf(row: AdminRow): Admin {
  return {
    id: row.id,
    email: row.email,
    mustChangePassword: row.must_change_password,
    createdAt: row.created_at.toISOString(),
    disabledAt: row.disabled_at?.toISOString() ?? null,
  };
}

/**
 * Locks the administrators for a change that counts them: disabling two administrators at once
 * (each by the other) must not leave none enabled, so such changes take this lock first.
 */
async function lockAdmins(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('airlock.admins'))`.execute(trx);
}

async function lockAdmin(trx: Transaction<Database>, adminId: string): Promise<AdminRow> {
  const row = await trx.selectFrom('admins').select(ADMIN_COLUMNS).where('id', '=', adminId).forUpdate().executeTakeFirst();
  if (!row) throw new AirlockError('NOT_FOUND', { admin: adminId });
  return row;
}

/** Ends every session of an administrator, on every replica (sessions are read from the database on each request). */
async function endSessions(trx: Transaction<Database>, adminId: string): Promise<number> {
  const ended = await trx.deleteFrom('sessions').where('principal_kind', '=', 'admin').where('principal_id', '=', adminId).executeTakeFirst();
  return Number(ended.numDeletedRows);
}

/** What disabling an administrator did: who they are now, and the API tokens it revoked. */
export interface DisabledAdmin extends Admin {
  /** Ids of the live API tokens they had created (and tokens those created), revoked with the disable. */
  readonly revokedTokens: string[];
}

/**
 * Disables an administrator: they can no longer sign in (ACCOUNT_DISABLED, said only after the
 * right password), every session of theirs ends at once on every replica, and the live API
 * tokens they created — `airlock login` makes one — are revoked, with those tokens' own tokens.
 * The revocation is for good: enabling them again gives no token back (README,
 * "Administrators"). Refused with CANNOT_DISABLE_SELF for the caller's own account and with
 * LAST_ADMINISTRATOR when no other administrator would be left enabled. Disabling a
 * disabled administrator changes nothing.
 *
 * @example
 * ```ts
 * const { revokedTokens } = await disableAdmin(db, adminId, { ...by, self: callerAdminId });
 * ```
 */
export async function disableAdmin(db: Db, adminId: string, by: Actor & { readonly self: string | null }): Promise<DisabledAdmin> {
  const { admin, revoked } = await db.transaction().execute(async (trx) => {
    await lockAdmins(trx);
    const row = await lockAdmin(trx, adminId);
    if (row.disabled_at !== null) return { admin: adminOf(row), revoked: [] };
    if (adminId === by.self) throw new AirlockError('CANNOT_DISABLE_SELF', { admin: adminId });
    const others = await trx.selectFrom('admins').select('id').where('disabled_at', 'is', null).where('id', '<>', adminId).limit(1).executeTakeFirst();
    if (!others) throw new AirlockError('LAST_ADMINISTRATOR', { admin: adminId });
    await trx.updateTable('admins').set({ disabled_at: by.now }).where('id', '=', adminId).execute();
    const sessionsEnded = await endSessions(trx, adminId);
    const revoked = await revokeTokensOf(trx, adminId, by);
    await recordAudit(trx, {
      ...by,
      action: 'admin.disable',
      objectType: 'admin',
      objectId: adminId,
      before: { email: row.email, disabledAt: null },
      after: { email: row.email, disabledAt: by.now.toISOString(), sessionsEnded, revokedTokens: revoked.map((token) => token.id) },
      at: by.now,
    });
    return { admin: adminOf({ ...row, disabled_at: by.now }), revoked };
  });
  // As revokeApiToken does: once committed, this replica forgets the tokens at once; the
  // others stop accepting them within TOKEN_PRINCIPAL_TTL_MS (token-principal-cache.ts).
  const cache = tokenPrincipalCacheOf(db);
  for (const token of revoked) cache.forget(token.tokenHash);
  return { ...admin, revokedTokens: revoked.map((token) => token.id) };
}

/**
 * Revokes the live tokens an administrator created, and those created by these tokens in turn
 * (a `tokens:write` token can mint tokens), each with an audit event of its own.
 */
async function revokeTokensOf(trx: Transaction<Database>, adminId: string, by: Actor): Promise<{ id: string; tokenHash: string }[]> {
  const found = await sql<{ id: string; token_hash: string }>`
    with recursive made(id, token_hash) as (
      select id, token_hash from api_tokens where created_by = ${`admin:${adminId}`}
      union
      select t.id, t.token_hash from api_tokens t join made on t.created_by = 'token:' || made.id
    )
    select id, token_hash from made where id in (select id from api_tokens where revoked_at is null) order by id
  `.execute(trx);
  const revoked = found.rows.map((row) => ({ id: row.id, tokenHash: row.token_hash }));
  if (revoked.length === 0) return revoked;
  await trx
    .updateTable('api_tokens')
    .set({ revoked_at: by.now })
    .where(
      'id',
      'in',
      revoked.map((token) => token.id),
    )
    .execute();
  for (const token of revoked) {
    await recordAudit(trx, {
      ...by,
      action: 'api-token.revoke',
      objectType: 'api-token',
      objectId: token.id,
      before: { revokedAt: null },
      after: { revokedAt: by.now.toISOString(), reason: `its administrator admin:${adminId} was disabled` },
      at: by.now,
    });
  }
  return revoked;
}

/**
 * Enables a disabled administrator: they sign in again with the password they had (reset it
 * first if they forgot it). Tokens revoked by the disable stay revoked. Enabling an enabled
 * administrator changes nothing.
 */
export async function enableAdmin(db: Db, adminId: string, by: Actor): Promise<Admin> {
  return db.transaction().execute(async (trx) => {
    await lockAdmins(trx);
    const row = await lockAdmin(trx, adminId);
    if (row.disabled_at === null) return adminOf(row);
    await trx.updateTable('admins').set({ disabled_at: null }).where('id', '=', adminId).execute();
    await recordAudit(trx, {
      ...by,
      action: 'admin.enable',
      objectType: 'admin',
      objectId: adminId,
      before: { email: row.email, disabledAt: row.disabled_at.toISOString() },
      after: { email: row.email, disabledAt: null },
      at: by.now,
    });
    return adminOf({ ...row, disabled_at: null });
  });
}

/**
 * Gives an administrator a new generated one-time password, which they must change at their
 * next sign-in, and returns it: the only time it exists in clear (the audit event holds
 * neither it nor its hash). Every session of theirs ends, and a sign-in lock on their address
 * is lifted. A disabled administrator stays disabled. Used by the console (another
 * administrator) and by `airlock authority admin reset-password` on the server.
 *
 * @example
 * ```ts
 * const { password } = await resetAdminPassword(db, adminId, { ...by, random });
 * ```
 */
export async function resetAdminPassword(db: Db, adminId: string, by: Actor & { readonly random: Random }): Promise<Admin & { password: string }> {
  const password = generatePassword(by.random);
  const passwordHash = await hashPassword(password, by.random);
  return db.transaction().execute(async (trx) => {
    const row = await lockAdmin(trx, adminId);
    await trx.updateTable('admins').set({ password_hash: passwordHash, must_change_password: true }).where('id', '=', adminId).execute();
    await clearFailures(trx, row.email);
    const sessionsEnded = await endSessions(trx, adminId);
    await recordAudit(trx, {
      ...by,
      action: 'admin.password-reset',
      objectType: 'admin',
      objectId: adminId,
      before: { email: row.email, mustChangePassword: row.must_change_password },
      after: { email: row.email, mustChangePassword: true, sessionsEnded },
      at: by.now,
    });
    return { ...adminOf({ ...row, must_change_password: true }), password };
  });
}
