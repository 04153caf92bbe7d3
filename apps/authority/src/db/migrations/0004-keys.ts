import { sql, type Kysely } from 'kysely';

/**
 * At most one active key per purpose. Replicas that start together on an empty database, or
 * rotate the same key at once, race to insert: this index lets exactly one of them win, and
 * the loser reloads what the winner wrote.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unique index authority_keys_one_active on authority_keys (purpose) where status = 'active';
  `.execute(db);
}
