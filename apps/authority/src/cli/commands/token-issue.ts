import type { AuthorityAnswer } from '@airlock/client';
import { type Command, option, required, segment, withoutText, writeDocument } from '@airlock/cli-kit';

type Token = AuthorityAnswer<'/v1/customers/{customerId}/sites/{siteGuid}/enablement-token', 'post'>;

/** Downloads a site's enablement token into a file, to be carried to the site. */
export const tokenIssue: Command = {
  name: 'token issue',
  summary: 'Issue an enablement token for a site and write it to a file',
  usage: '--customer <customerId> --site <siteGuid> [--out <file>]',
  options: { customer: { type: 'string' }, site: { type: 'string' }, out: { type: 'string' } },
  async run(context) {
    const [customer, site] = [required(context, 'customer'), required(context, 'site')];
    const token = await context.api().request<Token>('POST', `/v1/customers/${segment(customer)}/sites/${segment(site)}/enablement-token`);
    const file = await writeDocument(context.io, option(context, 'out') ?? `enablement-token-${token.siteGuid}.txt`, token.text);
    return {
      result: { ...withoutText(token), file },
      text: `Wrote the enablement token for site ${token.siteGuid} to ${file}; install it before ${token.expiresAt}.`,
    };
  },
};
