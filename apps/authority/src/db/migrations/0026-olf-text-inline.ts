import { sql, type Kysely } from 'kysely';

/**
 * An OLF's text (a few kilobytes of armoured ciphertext, which does not compress) stays in its
 * row. Past about 2 kB a row is handed to PostgreSQL's TOAST, which tried to compress the text
 * and then stored it out of line: every OLF written cost a second table's rows and index
 * entries, and every download a second lookup. The table's rows are now kept whole up to a
 * page's worth; a larger OLF (hundreds of license types) is still moved out of line.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table offline_license_files set (toast_tuple_target = 8160)`.execute(db);
}
