import type { SiteAnswer } from '@airlock/client';
import type { Command } from '@airlock/cli-kit';
import { siteClient, siteWideOptions, SITE_WIDE_USAGE } from '../site-client.ts';

/** Removes a tenant that holds no enablement token, license or seat (one added by mistake). */
export const siteTenantRemove: Command = {
  name: 'site tenant remove',
  summary: 'Remove a tenant that holds no enablement token, license or seat (site administrators only)',
  usage: `<tenant> ${SITE_WIDE_USAGE}`,
  options: siteWideOptions,
  positionals: ['tenant'],
  async run(context) {
    const site = siteClient(context);
    const tenant = context.positionals[0] ?? '';
    const removed = await site.request<SiteAnswer<'/v1/tenants/{tenant}', 'delete'>>('DELETE', `/v1/tenants/${encodeURIComponent(tenant)}`);
    return { result: removed, text: `Removed tenant ${removed.tenant}; its application keys are revoked and its tenant administrators disabled.` };
  },
};
