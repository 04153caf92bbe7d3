import type { AuthorityAnswer } from '@airlock/client';
import { type Command, required } from '@airlock/cli-kit';

export const customerCreate: Command = {
  name: 'customer create',
  summary: 'Create a customer account',
  usage: '--id <id> --name <name> --contact-email <email> --account-ends-on <YYYY-MM-DD> --policy <policyId>',
  options: {
    id: { type: 'string' },
    name: { type: 'string' },
    'contact-email': { type: 'string' },
    'account-ends-on': { type: 'string' },
    policy: { type: 'string' },
  },
  async run(context) {
    const customer = await context.api().request<AuthorityAnswer<'/v1/customers', 'post'>>('POST', '/v1/customers', {
      id: required(context, 'id'),
      name: required(context, 'name'),
      contactEmail: required(context, 'contact-email'),
      accountEndsOn: required(context, 'account-ends-on'),
      policyId: required(context, 'policy'),
    });
    return { result: customer, text: `Created customer ${customer.id} (account ends on ${customer.accountEndsOn}).` };
  },
};
