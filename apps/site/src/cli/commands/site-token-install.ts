import type { SiteAnswer } from '@airlock/client';
import { type Command, readDocument } from '@airlock/cli-kit';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';

type TokenInstallation = SiteAnswer<'/v1/tenants/{tenant}/token', 'post'>;

/** Installs an enablement token on a running site: offline licensing on for the tenant. */
export const siteTokenInstall: Command = {
  name: 'site token install',
  summary: 'Install an enablement token on the running site (offline licensing on)',
  usage: `<file> ${SITE_USAGE}`,
  options: siteOptions,
  positionals: ['file'],
  async run(context) {
    const text = await readDocument(context.io, context.positionals[0] ?? '');
    const site = siteClient(context);
    const installed = await site.request<TokenInstallation>('POST', site.tenantPath('/token'), { text });
    return {
      result: installed,
      text: `Installed enablement token ${installed.tokenId} (customer ${installed.customerId}) on tenant ${installed.tenant}: generate a license file request next.`,
    };
  },
};
