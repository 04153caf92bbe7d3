import type { Command } from '@airlock/cli-kit';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';
import type { AppKey } from './site-key-create.ts';

/** Lists a tenant's application keys (never the keys themselves). */
export const siteKeyList: Command = {
  name: 'site key list',
  summary: "List a tenant's application keys (never the keys themselves)",
  usage: SITE_USAGE,
  options: siteOptions,
  async run(context) {
    const site = siteClient(context);
    const { keys } = await site.request<{ keys: AppKey[] }>('GET', site.tenantPath('/keys'));
    const lines = keys.map((key) => `${key.id}  ${key.name}  created ${key.createdAt} by ${key.createdBy}${key.revokedAt ? `, revoked ${key.revokedAt}` : ''}`);
    return { result: keys, text: lines.length > 0 ? lines.join('\n') : `Tenant ${site.tenant} has no application keys.` };
  },
};
