import type { SiteAnswer } from '@airlock/client';
import { option, type Command, readDocument } from '@airlock/cli-kit';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';

type ActivatedLicenseInstallation = SiteAnswer<'/v1/activated-licenses', 'post'>;

/**
 * Installs an activated license — what LRN + RK gave on the authority's activation page — on a
 * running site, in force at once. Without `--tenant` the license goes to the tenant whose
 * Registration Key it names; with it, only to that tenant (`WRONG_RECIPIENT` for another RK). A
 * refusal prints its code: `ACTIVATED_LICENSE_NOT_NEWER` for an old file, and
 * `SEAT_REDUCTION_BELOW_USE` naming the users to de-provision before installing it again.
 *
 * @example
 * ```sh
 * airlock site license install acme-plant4.license
 * ```
 */
export const siteLicenseInstall: Command = {
  name: 'site license install',
  summary: "Install an activated license (from an order's LRN and a tenant's RK) on the running site",
  usage: `<file> ${SITE_USAGE}`,
  options: siteOptions,
  positionals: ['file'],
  async run(context) {
    const text = await readDocument(context.io, context.positionals[0] ?? '');
    const site = siteClient(context);
    const path = option(context, 'tenant') === undefined ? '/v1/activated-licenses' : site.tenantPath('/activated-license');
    const installed = await site.request<ActivatedLicenseInstallation>('POST', path, { text });
    const items =
      installed.items
        .map((item) => `${item.licenseType} ${item.quantity} ${item.kind}${item.expiresOn === undefined ? '' : ` until ${item.expiresOn}`}`)
        .join(', ') || 'nothing';
    const replaced = installed.replaces
      ? `; it replaces ${installed.replaces.document === 'offline-license-file' ? 'the offline license file' : 'activated license'} ${installed.replaces.id}`
      : '';
    return {
      result: installed,
      text: `Installed activated license revision ${installed.revision} (${installed.lrns.join(', ')}) on tenant ${installed.tenant}: ${items}${installed.endsOn === null ? '' : `, in force until ${installed.endsOn}`}${replaced}.`,
    };
  },
};
