import { sql, type Kysely } from 'kysely';

/**
 * Administrators can be disabled and enabled again (README, "Administrators"): `disabled_at`
 * is when, or null for one who may sign in. Sessions are checked against it on every request,
 * in the database, so a disable holds on every replica at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table admins add column disabled_at timestamptz`.execute(db);
}
