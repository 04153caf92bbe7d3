import { type Command, option } from '@airlock/cli-kit';
import { moreLine } from './list-page.ts';
import { readProducts } from './product-list.ts';

/** Every license type of the catalogue (or of one product), read from the products' list. */
export const licenseTypeList: Command = {
  name: 'license-type list',
  summary: 'List the license types of the catalogue, or of one product',
  usage: '[--product <productId>]',
  options: { product: { type: 'string' } },
  async run(context) {
    const product = option(context, 'product');
    const { rows, more } = await readProducts(context.api().authority);
    const types = rows.filter((row) => product === undefined || row.id === product).flatMap((row) => row.licenseTypes);
    const lines = types.map((type) => `  ${type.productId}:${type.id}  ${type.category}  ${type.name}`);
    return {
      result: types,
      text: [types.length === 0 ? 'No license type.' : `${types.length} license type${types.length === 1 ? '' : 's'}:`, ...lines, ...moreLine(more)].join('\n'),
    };
  },
};
