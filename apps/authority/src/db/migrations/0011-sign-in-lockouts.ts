import { sql, type Kysely } from 'kysely';

/**
 * Wrong passwords in a row per email address, and until when the address is locked: in the
 * database, so that every replica sees the same count and the same lock. Addresses that have no
 * account are counted alike. See features/accounts/sign-in-failures.ts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sign_in_failures (
      email text primary key,
      failures integer not null,
      last_failed_at timestamptz not null,
      locked_until timestamptz
    )
  `.execute(db);
  await sql`create index sign_in_failures_last_failed_at on sign_in_failures (last_failed_at)`.execute(db);
}
