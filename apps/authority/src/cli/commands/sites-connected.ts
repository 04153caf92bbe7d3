import { type Command, flag, option, segment } from '@airlock/cli-kit';
import { plural } from './static-licenses-list.ts';

interface SiteLink {
  readonly customerId: string;
  readonly siteGuid: string;
  readonly siteName: string;
  readonly tenant: string;
  readonly siteVersion: string;
  readonly lastExchangeAt: string;
  readonly lastStatus: string;
  readonly lastCode: string | null;
  readonly exchangeIntervalMs: number;
  readonly lateAfter: string;
  readonly mode: 'files' | 'connected';
  readonly late: boolean;
}

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
    const query = [...(customer === undefined ? [] : [`customerId=${segment(customer)}`]), ...(late ? ['late=true'] : [])];
    const links = await context.api().request<SiteLink[]>('GET', `/v1/site-links${query.length === 0 ? '' : `?${query.join('&')}`}`);
    const head = links.length === 0
      ? (late ? 'No connected site tenant is late.' : 'No site tenant has exchanged over the link yet.')
      : `${plural(links.length, `${late ? 'late ' : ''}connected site tenant`)}:`;
    const lines = links.map((link) => {
      const answer = link.lastCode === null ? link.lastStatus : `${link.lastStatus} (${link.lastCode})`;
      const status = link.mode === 'files' ? 'back to files (its latest LFR was carried by hand)' : link.late ? `LATE since ${link.lateAfter}` : `on time until ${link.lateAfter}`;
      return `  ${link.customerId}  ${link.siteName} (${link.siteGuid})  tenant ${link.tenant}  version ${link.siteVersion}  last exchange ${link.lastExchangeAt}: ${answer}; ${status}`;
    });
    return { result: links, text: [head, ...lines].join('\n') };
  },
};
