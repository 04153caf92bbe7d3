import type { SiteAnswer } from '@airlock/client';
import { type Command, readDocument } from '@airlock/cli-kit';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';

type OlfInstallation = SiteAnswer<'/v1/tenants/{tenant}/olf', 'post'>;

/**
 * Installs an offline license file on a running site. A refusal prints its code; a reduction
 * below the seats in use (`SEAT_REDUCTION_BELOW_USE`) names each type, its use, its new limit
 * and its users: de-provision them, then install the same file again.
 */
export const siteOlfInstall: Command = {
  name: 'site olf install',
  summary: 'Install an offline license file (OLF) on the running site',
  usage: `<file> ${SITE_USAGE}`,
  options: siteOptions,
  positionals: ['file'],
  async run(context) {
    const text = await readDocument(context.io, context.positionals[0] ?? '');
    const site = siteClient(context);
    const installed = await site.request<OlfInstallation>('POST', site.tenantPath('/olf'), { text });
    const grants = installed.entitlements.map((entitlement) => `${entitlement.type} ${entitlement.quantity}`).join(', ') || 'nothing';
    return {
      result: installed,
      text: `Installed offline license file ${installed.olfId} on tenant ${installed.tenant}: ${grants}, from ${installed.start} to ${installed.end}.`,
    };
  },
};
