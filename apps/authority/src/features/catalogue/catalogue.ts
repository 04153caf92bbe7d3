import { AirlockError } from '@airlock/core';
import type { Db } from '../../db/database.ts';
import { recordAudit, type Actor } from '../../http/audit.ts';
import { fetchPage, type ListSpec, type Page, type Paging } from '../../http/paging.ts';

/** The vendor's catalogue: products and their license types (seats, meters, features). */
export interface Product {
  readonly id: string;
  readonly name: string;
  readonly licenseTypes: LicenseType[];
}

export interface LicenseType {
  readonly id: string;
  readonly productId: string;
  readonly name: string;
  readonly category: 'seat' | 'meter' | 'feature';
}

export async function createProduct(db: Db, input: { id: string; name: string }, by: Actor): Promise<Product> {
  return db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('products').select('id').where('id', '=', input.id).executeTakeFirst();
    if (exists) throw new AirlockError('CONFLICT', { product: input.id, reason: `the product id ${input.id} is taken: choose another` });
    await trx.insertInto('products').values({ id: input.id, name: input.name, created_at: by.now }).execute();
    const product = { id: input.id, name: input.name, licenseTypes: [] };
    await recordAudit(trx, { ...by, action: 'product.create', objectType: 'product', objectId: input.id, after: product, at: by.now });
    return product;
  });
}

export async function addLicenseType(db: Db, input: Omit<LicenseType, never>, by: Actor): Promise<LicenseType> {
  return db.transaction().execute(async (trx) => {
    const product = await trx.selectFrom('products').select('id').where('id', '=', input.productId).executeTakeFirst();
    if (!product) throw new AirlockError('NOT_FOUND', { product: input.productId });
    // License-type ids are unique across products (orders, licenses and checks name a type by its id alone).
    const taken = await trx.selectFrom('license_types').select(['id', 'product_id']).where('id', '=', input.id).executeTakeFirst();
    if (taken) {
      const where = taken.product_id === input.productId ? 'in this product' : `by product ${taken.product_id}`;
      throw new AirlockError('CONFLICT', {
        licenseType: input.id,
        reason: `the license-type id ${input.id} is taken ${where}: license-type ids are unique across products, choose another`,
      });
    }
    await trx
      .insertInto('license_types')
      .values({ id: input.id, product_id: input.productId, name: input.name, category: input.category, created_at: by.now })
      .execute();
    await recordAudit(trx, { ...by, action: 'license-type.create', objectType: 'license-type', objectId: input.id, after: input, at: by.now });
    return input;
  });
}

export async function listProducts(db: Db): Promise<Product[]> {
  const [products, types] = await Promise.all([
    db.selectFrom('products').select(['id', 'name']).orderBy('id').execute(),
    db.selectFrom('license_types').select(['id', 'product_id', 'name', 'category']).orderBy('id').execute(),
  ]);
  return products.map((product) => ({
    ...product,
    licenseTypes: types
      .filter((type) => type.product_id === product.id)
      .map((type) => ({ id: type.id, productId: type.product_id, name: type.name, category: type.category })),
  }));
}

/**
 * The products list's sorts and search (README, "Lists: pages, sorts and search"): by id (the
 * default) or name; `q` is a prefix of the id or name. A catalogue is small: the total is counted.
 */
export const PRODUCT_LIST: ListSpec<'id' | 'name'> = {
  id: 'products.id',
  idType: 'text',
  sorts: {
    id: { expression: 'products.id', type: 'text' },
    name: { expression: 'lower(products.name) collate "C"', type: 'text' },
  },
  defaultSort: 'id',
  search: ['products.id', 'lower(products.name) collate "C"'],
  total: true,
};

/** One page of products with their license types. */
export async function listProductPage(db: Db, paging: Paging): Promise<Page<Product>> {
  const { rows, next, total } = await fetchPage(db.selectFrom('products').select(['products.id', 'products.name']), PRODUCT_LIST, paging);
  const ids = rows.map((row) => row.id);
  const types =
    ids.length === 0
      ? []
      : await db.selectFrom('license_types').select(['id', 'product_id', 'name', 'category']).where('product_id', 'in', ids).orderBy('id').execute();
  const items = rows.map((product) => ({
    id: product.id,
    name: product.name,
    licenseTypes: types
      .filter((type) => type.product_id === product.id)
      .map((type) => ({ id: type.id, productId: type.product_id, name: type.name, category: type.category })),
  }));
  return { items, next, ...(total === undefined ? {} : { total }) };
}
