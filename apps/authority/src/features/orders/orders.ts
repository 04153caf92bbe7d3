import { AirlockError, issueOrderLicense, type LicenseItem, type Random } from '@airlock/core';
import { generateLrn, mergeOrderItems, newDocumentId, utcDate, type InvalidOrderItem } from '@airlock/core/internal';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import type { Actor } from '../../http/audit.ts';
import { getCustomer, MAX_QUANTITY } from '../customers/customers.ts';
import { brandForHost } from '../devices/portal-branding.ts';
import { composeLicenseLetter, type LetterBrand, type LetterItem } from './license-letter.ts';
import { queueLetter } from './mail-outbox.ts';
import { orderTables } from './order-tables.ts';

/** How many fresh LRNs an order tries before giving up: with 80 random bits, one is plenty. */
const LRN_ATTEMPTS = 5;

export interface OrderDeps {
  readonly db: Db;
  readonly random: Random;
  /** For the links in the license letter. */
  readonly publicUrl?: string | undefined;
}

export interface CreatedOrder {
  readonly id: string;
  readonly lrn: string;
}

/**
 * Creates an order (docs/design.md, F5): its items checked, a unique LRN, the unsigned order license, the
 * license letter to the customer's contact in the outbox, and the audit event, in one
 * transaction. In this order, first failure wins, each writing nothing:
 * 1. the items' form (`ORDER_ITEM_INVALID`, every bad item named): kind and expiry as the merge
 *    rule wants them, a quantity of 1 or more, no expiry before today — before any database read;
 * 2. the customer (NOT_FOUND);
 * 3. the catalogue (`ORDER_ITEM_UNKNOWN`): each license type exists, in the product named.
 * The LRN is drawn again when taken (the unique index decides, so replicas cannot both win it).
 * The caller sends the letter after commit (`LetterSender.kick`).
 *
 * @example
 * ```ts
 * const { id, lrn } = await createOrder(deps, 'acme', [{ product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' }], by);
 * ```
 */
export async function createOrder(deps: OrderDeps, customerId: string, items: readonly LicenseItem[], by: Actor): Promise<CreatedOrder> {
  checkOrderItems(items, by.now);
  return deps.db.transaction().execute(async (trx) => {
    const customer = await getCustomer(trx, customerId);
    const letterItems = await itemsInCatalogue(trx, items);
    const id = newDocumentId(deps.random);
    const lrn = await insertWithFreshLrn(trx, deps.random, { id, customerId, items, by });
    const letter = composeLicenseLetter({
      customerId,
      customerName: customer.name,
      orderId: id,
      lrn,
      items: letterItems,
      publicUrl: deps.publicUrl,
      brand: await letterBrand(trx, deps.publicUrl),
    });
    const letterId = await queueLetter(trx, deps.random, { orderId: id, to: customer.contactEmail, letter, by });
    await recordAudit(trx, {
      ...by,
      action: 'order.create',
      objectType: 'order',
      objectId: id,
      after: { customerId, lrn, items, letter: { id: letterId, to: customer.contactEmail } },
      at: by.now,
    });
    return { id, lrn };
  });
}

/**
 * Queues the order's license letter again, to the customer's contact or to the address given
 * (audited, with the address): for a letter that failed, went astray or was lost.
 */
export async function resendLicenseLetter(deps: OrderDeps, customerId: string, orderId: string, to: string | undefined, by: Actor): Promise<string> {
  return deps.db.transaction().execute(async (trx) => {
    const order = await orderTables(trx).selectFrom('orders').selectAll().where('id', '=', orderId).where('customer_id', '=', customerId).executeTakeFirst();
    if (!order) throw new AirlockError('NOT_FOUND', { order: orderId });
    const customer = await getCustomer(trx, customerId);
    const letterItems = await itemsInCatalogue(trx, order.items);
    const letter = composeLicenseLetter({
      customerId,
      customerName: customer.name,
      orderId,
      lrn: order.lrn,
      items: letterItems,
      publicUrl: deps.publicUrl,
      brand: await letterBrand(trx, deps.publicUrl),
    });
    const recipient = to ?? customer.contactEmail;
    const letterId = await queueLetter(trx, deps.random, { orderId, to: recipient, letter, by });
    await recordAudit(trx, {
      ...by,
      action: 'order.letter.resend',
      objectType: 'order',
      objectId: orderId,
      after: { letter: { id: letterId, to: recipient } },
      at: by.now,
    });
    return letterId;
  });
}

/**
 * The brand of the portal the letter's links lead to: the one set for the public address's host
 * name, as the pages under that host show it. None (an unbranded letter) without a public
 * address or a brand for its host.
 */
export async function letterBrand(trx: Transaction<Database>, publicUrl: string | undefined): Promise<LetterBrand | undefined> {
  if (publicUrl === undefined) return undefined;
  let host: string;
  try {
    host = new URL(publicUrl).hostname;
  } catch {
    return undefined;
  }
  const brand = await brandForHost(trx, host);
  if (brand.hostName === null) return undefined;
  return { name: brand.name, primaryColour: brand.colors.primary, supportEmail: brand.supportEmail };
}

/** Every bad item at once, in the shape of the merge rule's refusal. */
function checkOrderItems(items: readonly LicenseItem[], now: Date): void {
  const merged = mergeOrderItems([], items, now);
  if (!merged.ok) throw new AirlockError(merged.code, merged.detail);
  const today = utcDate(now);
  const invalid: InvalidOrderItem[] = items.flatMap((item, index) => {
    const reason =
      item.quantity < 1 || item.quantity > MAX_QUANTITY
        ? `quantity must be from 1 to ${MAX_QUANTITY}`
        : item.expiresOn !== undefined && item.expiresOn < today
          ? `expires before today (${today})`
          : null;
    return reason ? [{ source: 'order' as const, index, product: item.product, licenseType: item.licenseType, reason }] : [];
  });
  if (invalid.length > 0) throw new AirlockError('ORDER_ITEM_INVALID', { invalid });
}

/** The items with the catalogue's names; ORDER_ITEM_UNKNOWN lists each item the catalogue lacks. */
async function itemsInCatalogue(trx: Transaction<Database>, items: readonly LicenseItem[]): Promise<LetterItem[]> {
  const typeIds = [...new Set(items.map((item) => item.licenseType))];
  const types = await trx
    .selectFrom('license_types')
    .innerJoin('products', 'products.id', 'license_types.product_id')
    .select(['license_types.id as id', 'license_types.name as name', 'products.id as productId', 'products.name as productName'])
    .where('license_types.id', 'in', typeIds)
    .execute();
  const unknown: { index: number; product: string; licenseType: string }[] = [];
  const named = items.flatMap((item, index) => {
    const type = types.find((candidate) => candidate.id === item.licenseType && candidate.productId === item.product);
    if (!type) unknown.push({ index, product: item.product, licenseType: item.licenseType });
    return type ? [{ ...item, productName: type.productName, licenseTypeName: type.name }] : [];
  });
  if (unknown.length > 0) throw new AirlockError('ORDER_ITEM_UNKNOWN', { unknown });
  return named;
}

async function insertWithFreshLrn(
  trx: Transaction<Database>,
  random: Random,
  order: { id: string; customerId: string; items: readonly LicenseItem[]; by: Actor },
): Promise<string> {
  for (let attempt = 0; attempt < LRN_ATTEMPTS; attempt++) {
    const lrn = generateLrn(random);
    const license = await issueOrderLicense({ lrn, orderId: order.id, customerId: order.customerId, items: order.items }, { now: order.by.now, random });
    // On conflict, nothing: a unique violation would abort the whole transaction on PostgreSQL.
    const inserted = await orderTables(trx)
      .insertInto('orders')
      .values({
        id: order.id,
        customer_id: order.customerId,
        lrn,
        items: JSON.stringify(order.items),
        order_license: license.text,
        created_at: order.by.now,
        created_by: order.by.actor,
      })
      .onConflict((conflict) => conflict.column('lrn').doNothing())
      .returning('lrn')
      .executeTakeFirst();
    if (inserted) return lrn;
  }
  throw new Error(`no unused LRN in ${LRN_ATTEMPTS} draws: the random source is broken`);
}
