import type { AuthorityAnswer } from '@airlock/client';
import { type Command, required, segment } from '@airlock/cli-kit';

export const siteRegister: Command = {
  name: 'site register',
  summary: 'Register a site (by the GUID its installation shows) to a customer',
  usage: '--customer <customerId> --guid <siteGuid> --name <name>',
  options: { customer: { type: 'string' }, guid: { type: 'string' }, name: { type: 'string' } },
  async run(context) {
    const customer = required(context, 'customer');
    const site = await context.api().request<AuthorityAnswer<'/v1/customers/{customerId}/sites', 'post'>>('POST', `/v1/customers/${segment(customer)}/sites`, {
      guid: required(context, 'guid'),
      name: required(context, 'name'),
    });
    return { result: site, text: `Registered site ${site.guid} (${site.name}) to customer ${customer}.` };
  },
};
