import { type Command, flag, option } from '@airlock/cli-kit';
import { rowsOf } from './list-page.ts';
import { plural } from './static-licenses-list.ts';

/**
 * Lists the site tenants connected to the authority, with their last exchange and whether they
 * are late: no exchange for two of their policy's intervals (docs/connected.md).
 */
export const sitesConnected: Command = {
  name: 'sites connected',
  summary: 'List the site tenants that exchange over the link, with their last exchange; --late for the late ones only',
  usage: '[--late] [--customer <customerId>]',
  options: { late: { type: 'boolean' }, customer: { type: 'string' } },
  async run(context) {
    const customer = option(context, 'customer');
    const late = flag(context, 'late');
    // Without paging parameters the authority answers every link as a bare array.
    const links = rowsOf(
      await context.api().authority.get('/v1/site-links', { query: { customerId: customer, ...(late ? { late: 'true' as const } : {}) } }),
      'links',
    ).rows;
    const head =
      links.length === 0
        ? late
          ? 'No connected site tenant is late.'
          : 'No site tenant has exchanged over the link yet.'
        : `${plural(links.length, `${late ? 'late ' : ''}connected site tenant`)}:`;
    const lines = links.map((link) => {
      const answer = link.lastCode === null ? link.lastStatus : `${link.lastStatus} (${link.lastCode})`;
      const status =
        link.mode === 'files'
          ? 'back to files (its latest LFR was carried by hand)'
          : link.late
            ? `LATE since ${link.lateAfter}`
            : `on time until ${link.lateAfter}`;
      return `  ${link.customerId}  ${link.siteName} (${link.siteGuid})  tenant ${link.tenant}  version ${link.siteVersion}  last exchange ${link.lastExchangeAt}: ${answer}; ${status}`;
    });
    return { result: links, text: [head, ...lines].join('\n') };
  },
};
