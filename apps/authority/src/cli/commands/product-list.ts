import type { AuthorityClient, ItemOf, AuthorityAnswer } from '@airlock/client';
import type { Command } from '@airlock/cli-kit';
import { moreLine, rowsOf } from './list-page.ts';

/** A product as `GET /v1/products` lists it, with its license types. */
export type ProductRow = ItemOf<AuthorityAnswer<'/v1/products'>>;

/** Reads the catalogue (its first page, should the list be paged). */
export async function readProducts(authority: AuthorityClient): Promise<{ rows: readonly ProductRow[]; more: boolean }> {
  return rowsOf(await authority.get('/v1/products'), 'products');
}

export const productList: Command = {
  name: 'product list',
  summary: 'List the products of the catalogue with their license types',
  usage: '',
  options: {},
  async run(context) {
    const { rows, more } = await readProducts(context.api().authority);
    const lines = rows.map(
      (product) => `  ${product.id}  ${product.name}: ${product.licenseTypes.map((type) => `${type.id} (${type.category})`).join(', ') || 'no license type'}`,
    );
    return {
      result: rows,
      text: [rows.length === 0 ? 'No product.' : `${rows.length} product${rows.length === 1 ? '' : 's'}:`, ...lines, ...moreLine(more)].join('\n'),
    };
  },
};
