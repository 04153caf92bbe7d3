import { AirlockError, type Random } from '@airlock/core';
import { newDocumentId } from '@airlock/core/internal';
import { hashPassword } from '@airlock/http';
import type { Db } from '../../db/database.ts';
import { recordAudit, type Actor } from '../../http/audit.ts';
import { fetchPage, type ListSpec, type Page, type Paging } from '../../http/paging.ts';
import { findAccountByEmail, isUniqueViolation, normalizeEmail } from './accounts.ts';
import { clearFailures } from './sign-in-failures.ts';

/** A customer's portal user as the API shows it (never its hash). */
export interface CustomerUser {
  readonly id: string;
  readonly customerId: string;
  readonly email: string;
  /** True after the vendor reset the password, until the user chooses a new one. */
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
}

/**
 * Gives a customer a portal user. They sign in like administrators do, but may only use the
 * portal's routes, and only for their own customer. The password the vendor chose is a one-time
 * password: the user must replace it at their first sign-in, so the vendor never knows the
 * password in use.
 */
export async function createCustomerUser(
  db: Db,
  input: { customerId: string; email: string; password: string },
  by: Actor & { random: Random },
): Promise<CustomerUser> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password, by.random);
  try {
    return await db.transaction().execute(async (trx) => {
      const customer = await trx.selectFrom('customers').select('id').where('id', '=', input.customerId).executeTakeFirst();
      if (!customer) throw new AirlockError('NOT_FOUND', { customer: input.customerId });
      if (await findAccountByEmail(trx, email)) throw new AirlockError('CONFLICT', { email });
      const user: CustomerUser = {
        id: newDocumentId(by.random),
        customerId: input.customerId,
        email,
        mustChangePassword: true,
        createdAt: by.now.toISOString(),
      };
      await trx
        .insertInto('customer_users')
        .values({ id: user.id, customer_id: user.customerId, email, password_hash: passwordHash, must_change_password: true, created_at: by.now })
        .execute();
      await recordAudit(trx, {
        ...by,
        action: 'customer-user.create',
        objectType: 'customer-user',
        objectId: user.id,
        after: { customerId: user.customerId, email, mustChangePassword: true },
        at: by.now,
      });
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AirlockError('CONFLICT', { email });
    throw error;
  }
}

/** The portal users of one customer, oldest first. */
export async function listCustomerUsers(db: Db, customerId: string): Promise<CustomerUser[]> {
  const customer = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
  const rows = await db
    .selectFrom('customer_users')
    .select(['id', 'customer_id', 'email', 'must_change_password', 'created_at'])
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(customerUserOf);
}

function customerUserOf(row: { id: string; customer_id: string; email: string; must_change_password: boolean; created_at: Date }): CustomerUser {
  return { id: row.id, customerId: row.customer_id, email: row.email, mustChangePassword: row.must_change_password, createdAt: row.created_at.toISOString() };
}

/**
 * The customer users list's sorts and search (README, "Lists: pages, sorts and search"): by
 * creation (the default) or e-mail; `q` is a prefix of the e-mail. Counted: a customer's users.
 */
export const CUSTOMER_USER_LIST: ListSpec<'createdAt' | 'email'> = {
  id: 'id',
  idType: 'text',
  sorts: { createdAt: { expression: 'created_at', type: 'timestamptz' }, email: { expression: 'email', type: 'text' } },
  defaultSort: 'createdAt',
  search: ['lower(email)'],
  total: true,
};

/** One page of a customer's portal users; NOT_FOUND for an unknown customer. */
export async function listCustomerUserPage(db: Db, customerId: string, paging: Paging): Promise<Page<CustomerUser>> {
  const customer = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
  const query = db
    .selectFrom('customer_users')
    .select(['id', 'customer_id', 'email', 'must_change_password', 'created_at'])
    .where('customer_id', '=', customerId);
  const { rows, next, total } = await fetchPage(query, CUSTOMER_USER_LIST, paging);
  return { items: rows.map(customerUserOf), next, ...(total === undefined ? {} : { total }) };
}

/** Locks a customer's user for a change; NOT_FOUND when there is none, or it is another customer's. */
async function lockUser(trx: Db, customerId: string, userId: string): Promise<{ id: string; email: string; created_at: Date }> {
  const user = await trx
    .selectFrom('customer_users')
    .select(['id', 'email', 'created_at'])
    .where('id', '=', userId)
    .where('customer_id', '=', customerId)
    .forUpdate()
    .executeTakeFirst();
  if (!user) throw new AirlockError('NOT_FOUND', { customer: customerId, user: userId });
  return user;
}

/**
 * The vendor sets a portal user's password, for one who forgot theirs: the user must choose
 * a new one at the next sign-in (until then every other call is FORBIDDEN), and
 * every session the user had is ended.
 *
 * @example
 * ```ts
 * await resetCustomerUserPassword(db, 'acme', userId, 'a temporary passphrase', by);
 * ```
 */
export async function resetCustomerUserPassword(
  db: Db,
  customerId: string,
  userId: string,
  password: string,
  by: Actor & { random: Random },
): Promise<CustomerUser> {
  const passwordHash = await hashPassword(password, by.random);
  return db.transaction().execute(async (trx) => {
    const user = await lockUser(trx, customerId, userId);
    await trx.updateTable('customer_users').set({ password_hash: passwordHash, must_change_password: true }).where('id', '=', user.id).execute();
    // The new password is the vendor's answer to a locked-out user: it lifts the lock.
    await clearFailures(trx, user.email);
    await trx.deleteFrom('sessions').where('principal_kind', '=', 'customer-user').where('principal_id', '=', user.id).execute();
    await recordAudit(trx, {
      ...by,
      action: 'customer-user.password-reset',
      objectType: 'customer-user',
      objectId: user.id,
      after: { customerId, email: user.email, mustChangePassword: true },
      at: by.now,
    });
    return { id: user.id, customerId, email: user.email, mustChangePassword: true, createdAt: user.created_at.toISOString() };
  });
}

/**
 * Removes a portal user (someone who left the customer): its sessions end at once and its
 * address may be given to a new user. The audit log keeps who it was.
 *
 * @example
 * ```ts
 * await removeCustomerUser(db, 'acme', userId, by);
 * ```
 */
export async function removeCustomerUser(db: Db, customerId: string, userId: string, by: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await lockUser(trx, customerId, userId);
    await trx.deleteFrom('sessions').where('principal_kind', '=', 'customer-user').where('principal_id', '=', user.id).execute();
    await trx.deleteFrom('customer_users').where('id', '=', user.id).execute();
    await recordAudit(trx, {
      ...by,
      action: 'customer-user.remove',
      objectType: 'customer-user',
      objectId: user.id,
      before: { customerId, email: user.email },
      at: by.now,
    });
  });
}
