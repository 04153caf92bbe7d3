import { AirlockError, newDocumentId, type Clock, type Random } from '@airlock/core';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../http/audit.ts';
import { findAccountByEmail, isUniqueViolation, normalizeEmail, type By } from './accounts.ts';
import { generatePassword, hashPassword } from './password-hashing.ts';

/** A vendor administrator as the API shows it (never its hash). */
export interface Admin {
  readonly id: string;
  readonly email: string;
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
}

export const FIRST_ADMIN_EMAIL = 'admin@localhost';

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
export async function createAdmin(db: Db, input: { email: string; password: string }, by: By & { random: Random }): Promise<Admin> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password, by.random);
  try {
    return await db.transaction().execute(async (trx) => {
      if (await findAccountByEmail(trx, email)) throw new AirlockError('CONFLICT', { email });
      const admin: Admin = { id: newDocumentId(by.random), email, mustChangePassword: true, createdAt: by.now.toISOString() };
      await trx.insertInto('admins').values({ id: admin.id, email, password_hash: passwordHash, must_change_password: true, created_at: by.now }).execute();
      await recordAudit(trx, { ...by, action: 'admin.create', objectType: 'admin', objectId: admin.id, after: { email, mustChangePassword: true }, at: by.now });
      return admin;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AirlockError('CONFLICT', { email });
    throw error;
  }
}

/** Every vendor administrator, oldest first. */
export async function listAdmins(db: Db): Promise<Admin[]> {
  const rows = await db.selectFrom('admins').select(['id', 'email', 'must_change_password', 'created_at']).orderBy('created_at').orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, email: row.email, mustChangePassword: row.must_change_password, createdAt: row.created_at.toISOString() }));
}
