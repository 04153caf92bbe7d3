import { sql, type Kysely } from 'kysely';

/**
 * The vendor's control over devices (see docs/devices.md, "Vendor control over devices"): a
 * license may be suspended (when, by whom, why); an activation records who freed its slot, the
 * device or the vendor, why the vendor did, and whether the device may still run (freed while
 * it was offline, so it cannot be told), and when the device last talked to the device API (an
 * offline-activated device that validates or checks in online can be told); a device
 * fingerprint may be blocked on a license.
 * Existing activations that were deactivated were freed by their device's own file.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table device_licenses
      add column suspended_at timestamptz,
      add column suspended_by text,
      add column suspension_reason text
  `.execute(db);
  await sql`
    alter table device_activations
      add column deactivated_by text,
      add column deactivation_source text check (deactivation_source in ('device', 'vendor')),
      add column deactivation_reason text check (deactivation_reason in ('deactivated', 'reset', 'blocked', 'user-removed')),
      add column device_may_still_run boolean not null default false,
      add column last_online_at timestamptz
  `.execute(db);
  await sql`update device_activations set deactivation_source = 'device' where deactivated_at is not null`.execute(db);
  await sql`
    create table device_blocks (
      license_id text not null references device_licenses(id),
      fingerprint text not null,
      reason text,
      blocked_at timestamptz not null,
      blocked_by text not null,
      primary key (license_id, fingerprint)
    )
  `.execute(db);
}
