import { sql, type Kysely } from 'kysely';

/**
 * What a device said of where it runs when it was activated: in a virtual machine, in a
 * container (see docs/devices.md, "Virtual machines and fingerprints"). Null when the device
 * did not say: every activation made before this migration, and those of older SDKs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table device_activations
      add column virtual_machine boolean,
      add column container boolean
  `.execute(db);
}
