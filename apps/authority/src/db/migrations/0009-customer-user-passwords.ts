import { sql, type Kysely } from 'kysely';

/**
 * A customer's portal user whose password the vendor reset must choose a new one at its next
 * sign-in, as the first administrator does: `customer_users.must_change_password`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table customer_users add column must_change_password boolean not null default false`.execute(db);
}
