import type { SiteAnswer } from '@airlock/client';
import { type Command, segment } from '@airlock/cli-kit';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';

type Deprovisioning = SiteAnswer<'/v1/tenants/{tenant}/users/{user}/deprovision', 'post'>;

/** De-provisions a user on a running site: every seat it holds in the tenant is freed. */
export const siteDeprovision: Command = {
  name: 'site deprovision',
  summary: 'De-provision a user on the running site, freeing every seat it holds',
  usage: `<user> ${SITE_USAGE}`,
  options: siteOptions,
  positionals: ['user'],
  async run(context) {
    const site = siteClient(context);
    const user = context.positionals[0] ?? '';
    const done = await site.request<Deprovisioning>('POST', site.tenantPath(`/users/${segment(user)}/deprovision`));
    const freed = done.freed.length > 0 ? `freed ${done.freed.join(', ')}` : 'held no seat';
    return { result: done, text: `De-provisioned ${done.user} on tenant ${done.tenant}: ${freed}.` };
  },
};
