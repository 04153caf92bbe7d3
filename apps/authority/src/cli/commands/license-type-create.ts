import type { AuthorityAnswer } from '@airlock/client';
import { type Command, required, segment, UsageError } from '@airlock/cli-kit';

const categories = ['seat', 'meter', 'feature'] as const;

/** Adds a license type (seat, meter or feature) to a product. */
export const licenseTypeCreate: Command = {
  name: 'license-type create',
  summary: 'Add a license type (seat, meter or feature) to a product',
  usage: '<productId> --id <licenseTypeId> --name <name> --category seat|meter|feature',
  options: { id: { type: 'string' }, name: { type: 'string' }, category: { type: 'string' } },
  positionals: ['productId'],
  async run(context) {
    const [productId = ''] = context.positionals;
    const category = required(context, 'category');
    if (!(categories as readonly string[]).includes(category)) throw new UsageError(`--category is one of ${categories.join(', ')}, not "${category}"`);
    const type = await context
      .api()
      .request<AuthorityAnswer<'/v1/products/{productId}/license-types', 'post'>>('POST', `/v1/products/${segment(productId)}/license-types`, {
        id: required(context, 'id'),
        name: required(context, 'name'),
        category,
      });
    return { result: type, text: `Added the ${type.category} license type ${type.id} to product ${type.productId}.` };
  },
};
