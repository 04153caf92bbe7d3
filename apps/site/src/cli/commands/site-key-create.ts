import type { SiteAnswer } from '@airlock/client';
import { type Command, required } from '@airlock/cli-kit';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';

export type AppKey = SiteAnswer<'/v1/tenants/{tenant}/keys'>['keys'][number];

/** Creates an application key for a tenant's enforcement API; the key is printed once. */
export const siteKeyCreate: Command = {
  name: 'site key create',
  summary: "Create an application key for a tenant's enforcement API; prints the key once",
  usage: `--name <name> ${SITE_USAGE}`,
  options: { ...siteOptions, name: { type: 'string' } },
  async run(context) {
    const site = siteClient(context);
    const created = await site.request<AppKey & { key: string }>('POST', site.tenantPath('/keys'), { name: required(context, 'name') });
    return {
      result: created,
      text: `Created application key ${created.id} (${created.name}) for tenant ${created.tenant}: ${created.key}\nShown only now: give it to the application (Authorization: Bearer <key>); the site keeps only its hash.`,
    };
  },
};
