import { AirlockError, type LicenseItem } from '@airlock/core';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { fetchPage, type ListSpec, type Page, type Paging } from '../../http/paging.ts';
import { letterView, type LetterView } from './mail-outbox.ts';
import { orderTables, type OrderTable } from './order-tables.ts';

/** An order as the vendor and the customer's users read it: its LRN, items, activation and letters. */
export interface OrderView {
  readonly id: string;
  readonly customerId: string;
  readonly lrn: string;
  readonly items: LicenseItem[];
  readonly createdAt: string;
  /** The unsigned order license (armoured text). */
  readonly orderLicense: string;
  /** null until an RK activated it; an LRN binds to one RK. */
  readonly activation: OrderActivation | null;
  /** Every license letter sent for it, oldest first, with where each stands. */
  readonly letters: LetterView[];
}

export interface OrderActivation {
  readonly registrationKey: string;
  /** The activated license this order produced (not necessarily that RK's latest). */
  readonly licenseId: string;
  readonly revision: number;
  readonly activatedAt: string;
  readonly activatedBy: string;
}

/**
 * The customer's orders, newest first, in three queries whatever their number.
 *
 * @example
 * ```ts
 * const orders = await listOrders(db, 'acme', { mailConfigured: true });
 * ```
 */
export async function listOrders(db: Db, customerId: string, options: { mailConfigured: boolean }): Promise<OrderView[]> {
  const tables = orderTables(db);
  const orders = await tables.selectFrom('orders').selectAll().where('customer_id', '=', customerId).orderBy('created_at', 'desc').orderBy('id').execute();
  return viewsOf(db, orders, options);
}

/**
 * The orders list's sorts and search (README, "Lists: pages, sorts and search"): newest first
 * by default, or by id; `q` is a prefix of the order id or its LRN. Counted: a customer's orders.
 */
export const ORDER_LIST: ListSpec<'createdAt' | 'id'> = {
  id: 'id',
  idType: 'text',
  sorts: { createdAt: { expression: 'created_at', type: 'timestamptz' }, id: { expression: 'id', type: 'text' } },
  defaultSort: '-createdAt',
  search: ['id', 'lower(lrn)'],
  total: true,
};

/** One page of the customer's orders with their activation and letters. */
export async function listOrderPage(db: Db, customerId: string, paging: Paging, options: { mailConfigured: boolean }): Promise<Page<OrderView>> {
  const query = orderTables(db).selectFrom('orders').selectAll().where('customer_id', '=', customerId);
  const { rows, next, total } = await fetchPage(query, ORDER_LIST, paging);
  return { items: await viewsOf(db, rows, options), next, ...(total === undefined ? {} : { total }) };
}

/** One order of the customer; NOT_FOUND for an unknown id or another customer's order. */
export async function getOrder(db: Db, customerId: string, orderId: string, options: { mailConfigured: boolean }): Promise<OrderView> {
  const order = await orderTables(db).selectFrom('orders').selectAll().where('id', '=', orderId).where('customer_id', '=', customerId).executeTakeFirst();
  if (!order) throw new AirlockError('NOT_FOUND', { order: orderId });
  const [view] = await viewsOf(db, [order], options);
  return view!;
}

async function viewsOf(db: Db, orders: readonly Selectable<OrderTable>[], options: { mailConfigured: boolean }): Promise<OrderView[]> {
  if (orders.length === 0) return [];
  const tables = orderTables(db);
  const ids = orders.map((order) => order.id);
  const [activations, letters] = await Promise.all([
    tables
      .selectFrom('activated_licenses')
      .select(['id', 'order_id', 'registration_key', 'revision', 'issued_at', 'issued_by'])
      .where('order_id', 'in', ids)
      .execute(),
    tables.selectFrom('mail_outbox').selectAll().where('order_id', 'in', ids).orderBy('seq').execute(),
  ]);
  return orders.map((order) => {
    const activation = activations.find((row) => row.order_id === order.id);
    return {
      id: order.id,
      customerId: order.customer_id,
      lrn: order.lrn,
      items: order.items,
      createdAt: order.created_at.toISOString(),
      orderLicense: order.order_license,
      activation: activation
        ? {
            registrationKey: activation.registration_key,
            licenseId: activation.id,
            revision: activation.revision,
            activatedAt: activation.issued_at.toISOString(),
            activatedBy: activation.issued_by,
          }
        : null,
      letters: letters.filter((letter) => letter.order_id === order.id).map((letter) => letterView(letter, options.mailConfigured)),
    };
  });
}
