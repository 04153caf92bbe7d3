import { sql, type Kysely } from 'kysely';

/** The first schema: accounts, catalogue, customers, sites, the offline cycle, keys and audit. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table admins (
      id text primary key,
      email text not null unique,
      password_hash text not null,
      must_change_password boolean not null default false,
      created_at timestamptz not null
    );
    create table products (
      id text primary key,
      name text not null,
      created_at timestamptz not null
    );
    create table license_types (
      id text primary key,
      product_id text not null references products(id),
      name text not null,
      category text not null check (category in ('seat', 'meter', 'feature')),
      created_at timestamptz not null
    );
    create table policies (
      id text primary key,
      name text not null,
      kind text not null check (kind in ('permanent', 'term', 'subscription', 'pilot', 'temporary', 'consumption')),
      allow_offline boolean not null,
      max_activations integer,
      enablement_token_ttl_ms bigint not null,
      cycle_window_from_first_lfr_ms bigint not null,
      cycle_window_from_latest_lfr_ms bigint not null,
      clock_skew_tolerance_ms bigint not null,
      expiring_soon_window_ms bigint not null,
      minimum_site_version text,
      created_at timestamptz not null
    );
    create table customers (
      id text primary key,
      name text not null,
      contact_email text not null,
      account_ends_on date not null,
      policy_id text not null references policies(id),
      offline_approval text check (offline_approval in ('pending', 'approved', 'denied')),
      created_at timestamptz not null
    );
    create table customer_users (
      id text primary key,
      customer_id text not null references customers(id),
      email text not null unique,
      password_hash text not null,
      created_at timestamptz not null
    );
    create table sessions (
      token_hash text primary key,
      principal_kind text not null check (principal_kind in ('admin', 'customer-user')),
      principal_id text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
    create table api_tokens (
      id text primary key,
      name text not null,
      token_hash text not null unique,
      scopes jsonb not null,
      created_by text not null,
      created_at timestamptz not null,
      revoked_at timestamptz
    );
    create table purchased_entitlements (
      customer_id text not null references customers(id),
      license_type_id text not null references license_types(id),
      quantity integer not null check (quantity >= 0),
      primary key (customer_id, license_type_id)
    );
    create table offline_requests (
      id text primary key,
      customer_id text not null references customers(id),
      reason text not null,
      minimum_site_version text,
      status text not null check (status in ('pending', 'approved', 'denied')),
      requested_by text not null,
      decided_by text,
      decision_note text,
      created_at timestamptz not null,
      decided_at timestamptz
    );
    create table sites (
      guid text primary key,
      customer_id text not null references customers(id),
      name text not null,
      site_key_thumbprint text,
      registered_at timestamptz not null
    );
    create index sites_customer on sites (customer_id);
    create table enablement_tokens (
      id text primary key,
      customer_id text not null references customers(id),
      site_guid text not null references sites(guid),
      issued_at timestamptz not null,
      expires_at timestamptz not null,
      issued_by text not null
    );
    create table license_file_requests (
      id text primary key,
      site_guid text not null references sites(guid),
      tenant text not null,
      customer_id text not null references customers(id),
      cycle integer not null,
      sequence integer not null,
      site_key_thumbprint text not null,
      site_encryption_key jsonb not null,
      usage jsonb not null,
      issued_at timestamptz not null,
      received_at timestamptz not null,
      received_by text not null,
      unique (site_guid, tenant, cycle, sequence)
    );
    create table offline_license_files (
      id text primary key,
      lfr_id text not null references license_file_requests(id),
      site_guid text not null references sites(guid),
      tenant text not null,
      customer_id text not null references customers(id),
      starts_on date not null,
      ends_on date not null,
      entitlements jsonb not null,
      text text not null,
      issued_at timestamptz not null,
      issued_by text not null
    );
    create index offline_license_files_site on offline_license_files (site_guid, tenant, issued_at);
    create table authority_keys (
      kid text primary key,
      purpose text not null check (purpose in ('root', 'sig', 'enc')),
      public_jwk jsonb not null,
      encrypted_private_key text not null,
      certificate text,
      not_before timestamptz not null,
      not_after timestamptz not null,
      status text not null check (status in ('active', 'retired', 'revoked')),
      created_at timestamptz not null,
      revoked_at timestamptz
    );
    create table revocation_lists (
      serial integer primary key,
      compact text not null,
      issued_at timestamptz not null
    );
    create table audit_events (
      id bigserial primary key,
      at timestamptz not null,
      actor text not null,
      action text not null,
      object_type text not null,
      object_id text not null,
      before jsonb,
      after jsonb,
      request_id text
    );
    create index audit_events_object on audit_events (object_type, object_id);
  `.execute(db);
}
