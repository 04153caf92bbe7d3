import { sql, type Kysely } from 'kysely';

/**
 * Activation by typed codes (docs/devices.md, "Activation by typed codes"): an activation made
 * on the portal from a license key and a device's initialization code takes a slot like any
 * other, on the channel `code`. Such a device sends no keys, no SDK version and no file: it is
 * known by the 40-bit device id of its initialization code, kept with the latest initialization
 * code it was answered for (whose nonce its deactivation code names). Its fingerprint and key
 * thumbprint columns hold `code:` and that id, which no real device key thumbprint can be, so
 * the index that keeps one active activation per device keeps one per device id as well.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table device_activations
      drop constraint device_activations_channel_check,
      add constraint device_activations_channel_check check (channel in ('offline', 'online', 'code')),
      alter column device_signing_key drop not null,
      alter column device_encryption_key drop not null,
      alter column sdk_version drop not null,
      add column code_device_id text,
      add column initialization_code text,
      add constraint device_activations_code_fields check ((channel = 'code') = (code_device_id is not null and initialization_code is not null))
  `.execute(db);
}
