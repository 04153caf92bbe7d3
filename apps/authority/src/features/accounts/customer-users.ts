import { AirlockError, newDocumentId, type Random } from '@airlock/core';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../http/audit.ts';
import { findAccountByEmail, isUniqueViolation, normalizeEmail, type By } from './accounts.ts';
import { hashPassword } from './password-hashing.ts';

/** A customer's portal user as the API shows it (never its hash). */
export interface CustomerUser {
  readonly id: string;
  readonly customerId: string;
  readonly email: string;
  readonly createdAt: string;
}

/**
 * Gives a customer a portal user. They sign in like administrators do, but may only use the
 * portal's routes, and only for their own customer.
 */
export async function createCustomerUser(
  db: Db,
  input: { customerId: string; email: string; password: string },
  by: By & { random: Random },
): Promise<CustomerUser> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password, by.random);
  try {
    return await db.transaction().execute(async (trx) => {
      const customer = await trx.selectFrom('customers').select('id').where('id', '=', input.customerId).executeTakeFirst();
      if (!customer) throw new AirlockError('NOT_FOUND', { customer: input.customerId });
      if (await findAccountByEmail(trx, email)) throw new AirlockError('CONFLICT', { email });
      const user: CustomerUser = { id: newDocumentId(by.random), customerId: input.customerId, email, createdAt: by.now.toISOString() };
      await trx
        .insertInto('customer_users')
        .values({ id: user.id, customer_id: user.customerId, email, password_hash: passwordHash, created_at: by.now })
        .execute();
      await recordAudit(trx, {
        ...by,
        action: 'customer-user.create',
        objectType: 'customer-user',
        objectId: user.id,
        after: { customerId: user.customerId, email },
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
    .select(['id', 'customer_id', 'email', 'created_at'])
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, customerId: row.customer_id, email: row.email, createdAt: row.created_at.toISOString() }));
}
