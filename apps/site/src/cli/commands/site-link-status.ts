import { escapeControlCharacters } from '@airlock/core/text';
import type { Command } from '@airlock/cli-kit';
import type { LinkStatus } from '../../site/site-link.ts';
import { siteClient, siteWideOptions, SITE_WIDE_USAGE } from '../site-client.ts';

/** The link's status in a few lines: the summary, then what an operator acts on. */
function describeLink(tenant: string, link: LinkStatus): string {
  const lines = [`Tenant ${tenant}: ${link.summary}`];
  if (link.authorityUrl !== null) lines.push(`  authority ${link.authorityUrl}`);
  if (link.pending) lines.push(`  LFR ${link.pending.lfrId} awaits the authority's answer (${link.pending.reason})`);
  if (link.lastError) lines.push(`  last error: ${link.lastError}`);
  if (link.nextExchangeAt) lines.push(`  next exchange ${link.nextExchangeAt}`);
  if (link.olfDueBy) lines.push(`  OLF due by ${link.olfDueBy}`);
  return lines.map(escapeControlCharacters).join('\n');
}

/** A command that calls one link route of a tenant and shows the link's status it answers. */
function linkCommand(name: string, summary: string, method: 'GET' | 'POST', route: string): Command {
  return {
    name,
    summary,
    usage: `<tenant> ${SITE_WIDE_USAGE}`,
    options: siteWideOptions,
    positionals: ['tenant'],
    async run(context) {
      const tenant = context.positionals[0] ?? '';
      const link = await siteClient(context).request<LinkStatus>(method, `/v1/tenants/${encodeURIComponent(tenant)}${route}`);
      return { result: link, text: describeLink(tenant, link) };
    },
  };
}

/** `airlock site link status <tenant>`: the tenant's link to the authority. */
export const siteLinkStatus: Command = linkCommand(
  'site link status',
  "Show a tenant's link to the authority: its state, last exchange, pending answer and next exchange",
  'GET',
  '/link',
);

/** `airlock site link exchange <tenant>`: an exchange with the authority now. */
export const siteLinkExchange: Command = linkCommand(
  'site link exchange',
  'Exchange with the authority now (a connected tenant), and show the link',
  'POST',
  '/link/exchange',
);
