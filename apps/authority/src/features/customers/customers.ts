import { AirlockError } from '@airlock/core';
import { isCalendarDate, isQuantity, type OfflineApproval } from '@airlock/core/internal';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { CustomerTable } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import { fetchPage, type ListSpec, type Page, type Paging } from '../../http/paging.ts';
import type { Actor } from '../../http/audit.ts';

/** A customer account: who it is, until when it runs, the policy it is held to, what it bought. */
export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly contactEmail: string;
  /** The last day of the account (UTC): no license file may run past it. */
  readonly accountEndsOn: string;
  readonly policyId: string;
  /** null until the customer asks for offline licensing. */
  readonly offlineApproval: OfflineApproval | null;
  readonly entitlements: PurchasedEntitlement[];
}

export interface PurchasedEntitlement {
  readonly licenseTypeId: string;
  readonly quantity: number;
}

/** The most of one type a customer can buy: the largest quantity a license document carries. */
export const MAX_QUANTITY = 1_000_000_000;

export type CustomerInput = Pick<Customer, 'id' | 'name' | 'contactEmail' | 'accountEndsOn' | 'policyId'>;

/**
 * Opens a customer account under an existing policy. A malformed account end date is
 * DATE_INVALID, an unknown policy NOT_FOUND, a taken id CONFLICT; each writes nothing.
 *
 * @example
 * ```ts
 * await createCustomer(db, { id: 'acme', name: 'Acme', contactEmail: 'it@acme.test', accountEndsOn: '2027-12-31', policyId: 'standard' }, by);
 * ```
 */
export async function createCustomer(db: Db, input: CustomerInput, by: Actor): Promise<Customer> {
  if (!isCalendarDate(input.accountEndsOn)) throw new AirlockError('DATE_INVALID', { field: 'accountEndsOn', value: input.accountEndsOn });
  return db.transaction().execute(async (trx) => {
    const policy = await trx.selectFrom('policies').select('id').where('id', '=', input.policyId).executeTakeFirst();
    if (!policy) throw new AirlockError('NOT_FOUND', { policy: input.policyId });
    const inserted = await trx
      .insertInto('customers')
      .values({
        id: input.id,
        name: input.name,
        contact_email: input.contactEmail,
        account_ends_on: input.accountEndsOn,
        policy_id: input.policyId,
        offline_approval: null,
        created_at: by.now,
      })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AirlockError('CONFLICT', { customer: input.id });
    const customer: Customer = { ...input, offlineApproval: null, entitlements: [] };
    await recordAudit(trx, { ...by, action: 'customer.create', objectType: 'customer', objectId: input.id, after: customer, at: by.now });
    return customer;
  });
}

/** What may change in an account after it is opened: everything but its id. */
export type CustomerChanges = Partial<Pick<Customer, 'name' | 'contactEmail' | 'accountEndsOn' | 'policyId'>>;

/**
 * Changes an account's name, contact, end date or policy, with the before and after in the
 * audit log. A renewal moves `accountEndsOn` later; moving it earlier bounds the license files
 * issued from then on, and leaves those already issued to run to their own end dates. Refusals,
 * each writing nothing: NOT_FOUND (customer or policy), DATE_INVALID. The row is locked, as an
 * OLF being configured reads the end date under the same lock.
 *
 * @example
 * ```ts
 * await updateCustomer(db, 'acme', { accountEndsOn: '2028-12-31' }, by);
 * ```
 */
export async function updateCustomer(db: Db, customerId: string, changes: CustomerChanges, by: Actor): Promise<Customer> {
  if (changes.accountEndsOn !== undefined && !isCalendarDate(changes.accountEndsOn))
    throw new AirlockError('DATE_INVALID', { field: 'accountEndsOn', value: changes.accountEndsOn });
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('customers').select('id').where('id', '=', customerId).forUpdate().executeTakeFirst();
    if (!locked) throw new AirlockError('NOT_FOUND', { customer: customerId });
    if (changes.policyId !== undefined) {
      const policy = await trx.selectFrom('policies').select('id').where('id', '=', changes.policyId).executeTakeFirst();
      if (!policy) throw new AirlockError('NOT_FOUND', { policy: changes.policyId });
    }
    const before = await getCustomer(trx, customerId);
    const columns = {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.contactEmail !== undefined ? { contact_email: changes.contactEmail } : {}),
      ...(changes.accountEndsOn !== undefined ? { account_ends_on: changes.accountEndsOn } : {}),
      ...(changes.policyId !== undefined ? { policy_id: changes.policyId } : {}),
    };
    if (Object.keys(columns).length === 0) return before;
    await trx.updateTable('customers').set(columns).where('id', '=', customerId).execute();
    const after = await getCustomer(trx, customerId);
    const account = ({ entitlements: _entitlements, offlineApproval: _approval, ...rest }: Customer) => rest;
    await recordAudit(trx, {
      ...by,
      action: 'customer.update',
      objectType: 'customer',
      objectId: customerId,
      before: account(before),
      after: account(after),
      at: by.now,
    });
    return after;
  });
}

/** Every customer with its purchases, by id. */
export async function listCustomers(db: Db): Promise<Customer[]> {
  const [customers, purchases] = await Promise.all([
    db.selectFrom('customers').selectAll().orderBy('id').execute(),
    db.selectFrom('purchased_entitlements').selectAll().orderBy('license_type_id').execute(),
  ]);
  return customers.map((row) =>
    customerOf(
      row,
      purchases.filter((purchase) => purchase.customer_id === row.id),
    ),
  );
}

/**
 * The customers list's sorts and search (README, "Lists: pages, sorts and search"): by name
 * (case-insensitive, code-point order), id, end date or creation, each with an index of
 * migration 0019; `q` is a prefix of the name or the id. The total is counted: an index-only
 * count of the customers is cheap even at 100,000.
 */
export const CUSTOMER_LIST: ListSpec<'name' | 'id' | 'accountEndsOn' | 'createdAt'> = {
  id: 'id',
  idType: 'text',
  sorts: {
    name: { expression: 'lower(name) collate "C"', type: 'text' },
    id: { expression: 'id', type: 'text' },
    accountEndsOn: { expression: 'account_ends_on', type: 'date' },
    createdAt: { expression: 'created_at', type: 'timestamptz' },
  },
  defaultSort: 'name',
  search: ['lower(name) collate "C"', 'id'],
  total: true,
};

/**
 * One page of customers with their purchases, read by the index of its sort.
 *
 * @example
 * ```ts
 * const { items, next } = await listCustomerPage(db, readPaging(CUSTOMER_LIST, { q: 'ac', limit: '20' }));
 * ```
 */
export async function listCustomerPage(db: Db, paging: Paging): Promise<Page<Customer>> {
  const { rows, next, total } = await fetchPage(db.selectFrom('customers').selectAll(), CUSTOMER_LIST, paging);
  const ids = rows.map((row) => row.id);
  const purchases =
    ids.length === 0 ? [] : await db.selectFrom('purchased_entitlements').selectAll().where('customer_id', 'in', ids).orderBy('license_type_id').execute();
  const items = rows.map((row) =>
    customerOf(
      row,
      purchases.filter((purchase) => purchase.customer_id === row.id),
    ),
  );
  return { items, next, ...(total === undefined ? {} : { total }) };
}

/**
 * One customer with its purchases; NOT_FOUND when there is none. Accepts a transaction.
 *
 * @example
 * ```ts
 * const { accountEndsOn, offlineApproval } = await getCustomer(trx, 'acme');
 * ```
 */
export async function getCustomer(db: Db, customerId: string): Promise<Customer> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst();
  if (!row) throw new AirlockError('NOT_FOUND', { customer: customerId });
  const purchases = await db
    .selectFrom('purchased_entitlements')
    .select(['license_type_id', 'quantity'])
    .where('customer_id', '=', customerId)
    .orderBy('license_type_id')
    .execute();
  return customerOf(row, purchases);
}

/**
 * What a customer bought, per license type (`{ 'bot-runner': 10 }`), as the core's
 * allocation rule takes it. An unknown customer has bought nothing: callers that must tell
 * the two apart read `getCustomer` first.
 *
 * @example
 * ```ts
 * const purchased = await getPurchased(trx, 'acme');
 * checkAllocation({ requested, purchased, heldElsewhere });
 * ```
 */
export async function getPurchased(db: Db, customerId: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('purchased_entitlements').select(['license_type_id', 'quantity']).where('customer_id', '=', customerId).execute();
  return Object.fromEntries(rows.map((row) => [row.license_type_id, row.quantity]));
}

/**
 * Replaces everything a customer bought with the given list: a license type left out is no
 * longer purchased. Refusals, each writing nothing: NOT_FOUND (customer or license type),
 * QUANTITY_INVALID (not a whole number of zero or more), REQUEST_INVALID (a type listed twice).
 * The customer's row is locked, so two replacements (or a replacement and an OLF counting the
 * purchase) run one after the other.
 */
export async function replaceEntitlements(db: Db, customerId: string, entitlements: readonly PurchasedEntitlement[], by: Actor): Promise<Customer> {
  checkEntitlementList(entitlements);
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('customers').select('id').where('id', '=', customerId).forUpdate().executeTakeFirst();
    if (!locked) throw new AirlockError('NOT_FOUND', { customer: customerId });
    const wanted = entitlements.map((entitlement) => entitlement.licenseTypeId);
    const known = wanted.length === 0 ? [] : await trx.selectFrom('license_types').select('id').where('id', 'in', wanted).execute();
    const missing = wanted.filter((id) => !known.some((type) => type.id === id));
    if (missing.length > 0) throw new AirlockError('NOT_FOUND', { licenseTypes: missing });

    const before = await getPurchased(trx, customerId);
    await trx.deleteFrom('purchased_entitlements').where('customer_id', '=', customerId).execute();
    if (entitlements.length > 0) {
      await trx
        .insertInto('purchased_entitlements')
        .values(entitlements.map((entitlement) => ({ customer_id: customerId, license_type_id: entitlement.licenseTypeId, quantity: entitlement.quantity })))
        .execute();
    }
    const after = Object.fromEntries(entitlements.map((entitlement) => [entitlement.licenseTypeId, entitlement.quantity]));
    await recordAudit(trx, { ...by, action: 'customer.entitlements.replace', objectType: 'customer', objectId: customerId, before, after, at: by.now });
    return getCustomer(trx, customerId);
  });
}

function checkEntitlementList(entitlements: readonly PurchasedEntitlement[]): void {
  const invalid = entitlements.filter((entitlement) => !isQuantity(entitlement.quantity) || entitlement.quantity > MAX_QUANTITY);
  if (invalid.length > 0) {
    throw new AirlockError('QUANTITY_INVALID', {
      entitlements: invalid.map(({ licenseTypeId, quantity }) => ({ licenseTypeId, quantity })),
      maximum: MAX_QUANTITY,
    });
  }
  const seen = new Set<string>();
  for (const { licenseTypeId } of entitlements) {
    if (seen.has(licenseTypeId)) throw new AirlockError('REQUEST_INVALID', { field: 'entitlements', reason: `${licenseTypeId} is listed twice` });
    seen.add(licenseTypeId);
  }
}

function customerOf(row: Selectable<CustomerTable>, purchases: readonly { license_type_id: string; quantity: number }[]): Customer {
  return {
    id: row.id,
    name: row.name,
    contactEmail: row.contact_email,
    accountEndsOn: row.account_ends_on,
    policyId: row.policy_id,
    offlineApproval: row.offline_approval,
    entitlements: purchases.map((purchase) => ({ licenseTypeId: purchase.license_type_id, quantity: purchase.quantity })),
  };
}
