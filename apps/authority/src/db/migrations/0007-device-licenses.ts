import { sql, type Kysely } from 'kysely';

/**
 * Device licensing (docs/design.md, F4). A device license belongs to one product and one customer and is
 * created from a policy, whose settings it inherits unless `overrides` names them. Key-based
 * licenses keep only the SHA-256 of their key; user-based ones have users with argon2 hashes.
 *
 * The indexes are the rules that must hold across replicas:
 * - one active activation per (license, fingerprint, device key): re-activating a device never
 *   takes a second slot, even when two requests race;
 * - a deactivation file and a usage report are counted once: their ids are primary keys, one
 *   deactivation per activation, one report per (activation, sequence).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table device_licenses (
      id text primary key,
      product_id text not null references products(id),
      customer_id text not null references customers(id),
      policy_id text not null references policies(id),
      credential text not null check (credential in ('license-key', 'user')),
      license_key_hash text unique,
      license_key_hint text,
      overrides jsonb not null,
      allow_online boolean not null,
      expires_at timestamptz,
      entitlements jsonb not null,
      metadata jsonb not null,
      revision integer not null,
      created_at timestamptz not null,
      created_by text not null,
      updated_at timestamptz not null,
      check ((credential = 'license-key') = (license_key_hash is not null))
    );
    create index device_licenses_customer on device_licenses (customer_id);
    create index device_licenses_product on device_licenses (product_id);

    create table device_license_users (
      id text primary key,
      license_id text not null references device_licenses(id),
      product_id text not null references products(id),
      username text not null,
      password_hash text not null,
      created_at timestamptz not null
    );
    create unique index device_license_users_name on device_license_users (product_id, username);
    create index device_license_users_license on device_license_users (license_id);

    create table device_activations (
      id text primary key,
      license_id text not null references device_licenses(id),
      fingerprint text not null,
      device_key_thumbprint text not null,
      device_signing_key jsonb not null,
      device_encryption_key jsonb not null,
      device_name text,
      sdk_version text not null,
      app_version text,
      channel text not null check (channel in ('offline', 'online')),
      license_file_id text not null,
      license_file_revision integer not null,
      activated_at timestamptz not null,
      activated_by text not null,
      last_seen_at timestamptz not null,
      report_sequence integer not null default 0,
      deactivated_at timestamptz,
      variables jsonb
    );
    create index device_activations_license on device_activations (license_id);
    create unique index device_activations_one_active on device_activations (license_id, fingerprint, device_key_thumbprint)
      where deactivated_at is null;

    create table device_license_files (
      id text primary key,
      activation_id text not null references device_activations(id),
      license_id text not null references device_licenses(id),
      kind text not null check (kind in ('license', 'refresh')),
      revision integer not null,
      refreshes text,
      issued_at timestamptz not null,
      issued_by text not null
    );
    create index device_license_files_activation on device_license_files (activation_id);

    create table device_deactivations (
      id text primary key,
      activation_id text not null unique references device_activations(id),
      license_id text not null references device_licenses(id),
      consumption jsonb not null,
      variables jsonb not null,
      channel text not null check (channel in ('offline', 'online')),
      received_at timestamptz not null
    );

    create table device_usage_reports (
      id text primary key,
      activation_id text not null references device_activations(id),
      license_id text not null references device_licenses(id),
      sequence integer not null,
      consumption jsonb not null,
      received_at timestamptz not null,
      unique (activation_id, sequence)
    );

    create table device_license_usage (
      license_id text not null references device_licenses(id),
      meter text not null,
      total bigint not null,
      primary key (license_id, meter)
    );

    create table portal_brands (
      host_name text primary key,
      name text not null,
      logo_url text,
      logo_data_uri text,
      primary_color text not null,
      background_color text not null,
      text_color text not null,
      support_email text,
      updated_at timestamptz not null,
      updated_by text not null
    );
  `.execute(db);
}
