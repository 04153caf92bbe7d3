import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

// The account use cases share one e-mail namespace across vendor admins and customer users, so
// that signing in with an address names exactly one account.

/** A person who signs in with a password; an administrator may be disabled (README, "Administrators"). */
export type Account =
  | {
      readonly kind: 'admin';
      readonly id: string;
      readonly email: string;
      readonly passwordHash: string;
      readonly mustChangePassword: boolean;
      readonly disabled: boolean;
    }
  | {
      readonly kind: 'customer-user';
      readonly id: string;
      readonly email: string;
      readonly passwordHash: string;
      readonly mustChangePassword: boolean;
      readonly customerId: string;
    };

/** E-mail addresses compare without case or surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

type AccountKey = 'email' | 'id';

/** An administrator by address or id, as an account. */
async function findAdmin(db: Kysely<Database>, key: AccountKey, value: string): Promise<Account | undefined> {
  const admin = await db
    .selectFrom('admins')
    .select(['id', 'email', 'password_hash', 'must_change_password', 'disabled_at'])
    .where(key, '=', value)
    .executeTakeFirst();
  return (
    admin && {
      kind: 'admin',
      id: admin.id,
      email: admin.email,
      passwordHash: admin.password_hash,
      mustChangePassword: admin.must_change_password,
      disabled: admin.disabled_at !== null,
    }
  );
}

/** A customer's user by address or id, as an account. */
async function findCustomerUser(db: Kysely<Database>, key: AccountKey, value: string): Promise<Account | undefined> {
  const user = await db
    .selectFrom('customer_users')
    .select(['id', 'email', 'password_hash', 'must_change_password', 'customer_id'])
    .where(key, '=', value)
    .executeTakeFirst();
  return (
    user && {
      kind: 'customer-user',
      id: user.id,
      email: user.email,
      passwordHash: user.password_hash,
      mustChangePassword: user.must_change_password,
      customerId: user.customer_id,
    }
  );
}

/** The account an (already normalized) address names, if any. */
export async function findAccountByEmail(db: Kysely<Database>, email: string): Promise<Account | undefined> {
  return (await findAdmin(db, 'email', email)) ?? findCustomerUser(db, 'email', email);
}

/** The account behind a signed-in principal, if it still exists. */
export async function findAccountById(db: Kysely<Database>, kind: Account['kind'], id: string): Promise<Account | undefined> {
  return kind === 'admin' ? findAdmin(db, 'id', id) : findCustomerUser(db, 'id', id);
}

/** PostgreSQL's unique_violation: a concurrent request created the same row first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
