import type { SiteAnswer } from '@airlock/client';
import type { Command } from '@airlock/cli-kit';
import { siteClient, siteWideOptions, SITE_WIDE_USAGE } from '../site-client.ts';

type TenantSummary = SiteAnswer<'/v1/tenants', 'post'>;

/** Adds a tenant to a running site, with a Registration Key of its own. */
export const siteTenantAdd: Command = {
  name: 'site tenant add',
  summary: 'Add a tenant to the running site, with its own Registration Key',
  usage: `<tenant> ${SITE_WIDE_USAGE}`,
  options: siteWideOptions,
  positionals: ['tenant'],
  async run(context) {
    const site = siteClient(context);
    const added = await site.request<TenantSummary>('POST', '/v1/tenants', { tenant: context.positionals[0] ?? '' });
    return { result: added, text: `Added tenant ${added.tenant}; its Registration Key is ${added.registrationKey}.` };
  },
};
