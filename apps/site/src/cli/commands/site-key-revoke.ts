import { type Command, segment } from '@airlock/cli-kit';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';
import type { AppKey } from './site-key-create.ts';

/** Revokes an application key: refused from the next request on. */
export const siteKeyRevoke: Command = {
  name: 'site key revoke',
  summary: 'Revoke an application key: the site refuses it from the next request on',
  usage: `<keyId> ${SITE_USAGE}`,
  options: siteOptions,
  positionals: ['keyId'],
  async run(context) {
    const site = siteClient(context);
    const key = await site.request<AppKey>('POST', site.tenantPath(`/keys/${segment(context.positionals[0] ?? '')}/revoke`));
    return { result: key, text: `Revoked application key ${key.id} (${key.name}) of tenant ${key.tenant}.` };
  },
};
