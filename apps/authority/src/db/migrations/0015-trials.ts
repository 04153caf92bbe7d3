import { sql, type Kysely } from 'kysely';

/**
 * Trials (docs/devices.md, "Trials"): a product's trial offer, and the trials devices started.
 *
 * - A trial license is a device license with the credential `trial` and no customer (nor, when
 *   the offer names none, a policy: the core's default settings apply); every other license
 *   keeps both.
 * - `trial_offers`: at most one per product, with either a number of days or an end date.
 * - `trial_starts`: one row per (product, fingerprint), ever. Its primary key is what keeps a
 *   device from a second trial, across replicas and requests that race: the trial's end is its
 *   license's `expires_at`, so the vendor extends a trial by editing that license. When the
 *   device then activates a license of the product, `converted_to` names it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table device_licenses drop constraint device_licenses_credential_check;
    alter table device_licenses add constraint device_licenses_credential_check
      check (credential in ('license-key', 'user', 'trial'));
    alter table device_licenses alter column customer_id drop not null;
    alter table device_licenses alter column policy_id drop not null;
    alter table device_licenses add constraint device_licenses_trial_owner
      check (credential = 'trial' or (customer_id is not null and policy_id is not null));

    create table trial_offers (
      product_id text primary key references products(id),
      enabled boolean not null,
      days integer check (days between 1 and 3660),
      ends_at timestamptz,
      features jsonb not null,
      meters jsonb not null,
      allow_offline boolean not null,
      policy_id text references policies(id),
      updated_at timestamptz not null,
      updated_by text not null,
      check ((days is null) <> (ends_at is null))
    );

    create table trial_starts (
      product_id text not null references products(id),
      fingerprint text not null,
      license_id text not null unique references device_licenses(id),
      started_at timestamptz not null,
      converted_to text references device_licenses(id),
      converted_at timestamptz,
      primary key (product_id, fingerprint)
    );
  `.execute(db);
}
