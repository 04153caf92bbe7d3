import type { Command } from '@airlock/cli-kit';
import { siteClient, siteWideOptions, SITE_WIDE_USAGE } from '../site-client.ts';

/**
 * Lists the tenants of a running site (docs/design.md, F6), each with the Registration Key to type on the
 * authority's activation page next to an order's LRN, and its license status.
 *
 * @example
 * ```sh
 * airlock site tenant list --json
 * ```
 */
export const siteTenantList: Command = {
  name: 'site tenant list',
  summary: 'List the tenants of the running site, with their Registration Keys and status',
  usage: SITE_WIDE_USAGE,
  options: siteWideOptions,
  async run(context) {
    const { tenants } = await (await siteClient(context).api()).get('/v1/tenants');
    const width = Math.max(6, ...tenants.map((tenant) => tenant.tenant.length));
    const lines = tenants.map((tenant) => `${tenant.tenant.padEnd(width)}  ${tenant.registrationKey}  ${tenant.status}`);
    return { result: tenants, text: [`${'tenant'.padEnd(width)}  registration key     status`, ...lines].join('\n') };
  },
};
