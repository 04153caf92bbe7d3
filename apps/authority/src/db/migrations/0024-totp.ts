import { sql, type Kysely } from 'kysely';

/**
 * Two-factor sign-in for administrators (README, "Two-factor sign-in"):
 * - `admin_mfa`: an administrator's TOTP secret, sealed under the key passphrase like the
 *   authority's keys (packages/core/src/crypto/sealing.ts); `confirmed_at` null while the
 *   enrolment waits for its first code; `last_used_step` the 30-second step of the last code
 *   accepted, so no code opens two sign-ins;
 * - `admin_recovery_codes`: SHA-256 of each recovery code, `used_at` set when it opened a sign-in;
 * - `mfa_challenges`: the second step of a sign-in, by the SHA-256 of the challenge handed out
 *   after the password, short-lived and used once;
 * - `mfa_policy`: one row, whether every administrator must enrol.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table admin_mfa (
      admin_id text primary key references admins (id) on delete cascade,
      sealed_secret text not null,
      started_at timestamptz not null,
      confirmed_at timestamptz,
      last_used_step integer
    );
    create table admin_recovery_codes (
      admin_id text not null references admins (id) on delete cascade,
      code_hash text not null,
      used_at timestamptz,
      primary key (admin_id, code_hash)
    );
    create table mfa_challenges (
      challenge_hash text primary key,
      admin_id text not null references admins (id) on delete cascade,
      email text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index mfa_challenges_expiry on mfa_challenges (expires_at);
    create table mfa_policy (
      id boolean primary key default true check (id),
      require_for_admins boolean not null default false,
      changed_at timestamptz,
      changed_by text
    );
    insert into mfa_policy (id, require_for_admins) values (true, false);
  `.execute(db);
}
