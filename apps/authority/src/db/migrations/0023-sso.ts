import { sql, type Kysely } from 'kysely';

/**
 * Single sign-on with OpenID Connect (README, "Single sign-on (OpenID Connect)").
 *
 * - `sso_providers`: the identity providers Airlock trusts: at most one for the vendor console
 *   (`id` 'console') and one per customer for its portal users (`id` 'customer:<id>'). The client
 *   secret is sealed under the authority's key passphrase and never leaves the server in clear.
 *   `group_roles` maps an IdP group to the role it grants ([{ group, role }]).
 * - `sso_flows`: sign-ins under way, between the redirect to the IdP and its answer: the state,
 *   nonce and PKCE verifier of each, found by the SHA-256 of a short-lived browser cookie and
 *   used once.
 * - `sso_identities`: which account an IdP's subject signed in as, so a later sign-in of that
 *   subject reaches the same account even after its address changes at the IdP.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sso_providers (
      id text primary key,
      area text not null check (area in ('console', 'portal')),
      customer_id text unique references customers(id) on delete cascade,
      issuer text not null,
      client_id text not null,
      client_secret_sealed text not null,
      allowed_domains jsonb not null,
      group_claim text not null,
      group_roles jsonb not null,
      provisioning text not null check (provisioning in ('just-in-time', 'existing-accounts')),
      password_sign_in boolean not null,
      updated_at timestamptz not null,
      check ((area = 'console') = (customer_id is null))
    )
  `.execute(db);
  await sql`
    create table sso_flows (
      flow_hash text primary key,
      provider_id text not null references sso_providers(id) on delete cascade,
      state text not null,
      nonce text not null,
      code_verifier text not null,
      next text not null,
      expires_at timestamptz not null
    )
  `.execute(db);
  await sql`create index sso_flows_expires_at on sso_flows (expires_at)`.execute(db);
  await sql`
    create table sso_identities (
      provider_id text not null references sso_providers(id) on delete cascade,
      subject text not null,
      principal_kind text not null check (principal_kind in ('admin', 'customer-user')),
      principal_id text not null,
      created_at timestamptz not null,
      last_sign_in_at timestamptz not null,
      primary key (provider_id, subject)
    )
  `.execute(db);
}
