import type { AuthorityAnswer } from '@airlock/client';
import { type Command, required } from '@airlock/cli-kit';

/** Adds a product to the catalogue; its license types are added with `license-type create`. */
export const productCreate: Command = {
  name: 'product create',
  summary: 'Create a product of the catalogue',
  usage: '--id <productId> --name <name>',
  options: { id: { type: 'string' }, name: { type: 'string' } },
  async run(context) {
    const product = await context
      .api()
      .request<AuthorityAnswer<'/v1/products', 'post'>>('POST', '/v1/products', { id: required(context, 'id'), name: required(context, 'name') });
    return { result: product, text: `Created product ${product.id} (${product.name}).` };
  },
};
