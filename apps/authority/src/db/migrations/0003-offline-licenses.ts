import { sql, type Kysely } from 'kysely';

/**
 * The offline cycle as the authority keeps it. An LFR is stored with its verified claims and
 * the key that signed it, so its OLF can be issued later without reading the file again (and
 * after the encryption key it came under has rotated). One OLF answers exactly one LFR: the
 * unique index is what makes "never used before" hold across replicas.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table license_file_requests
      add column claims jsonb not null,
      add column signer_key jsonb not null;
    create index license_file_requests_customer on license_file_requests (customer_id);
    create unique index offline_license_files_one_per_lfr on offline_license_files (lfr_id);
    create index offline_license_files_customer on offline_license_files (customer_id);
  `.execute(db);
}
