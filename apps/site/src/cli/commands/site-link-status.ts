import { escapeControlCharacters } from '@airlock/core';
import type { Command } from '@airlock/cli-kit';
import { siteClient, siteWideOptions, SITE_WIDE_USAGE } from '../site-client.ts';

/** A tenant's link to the authority, as the site answers it (docs/connected.md, HTTP contract). */
export interface LinkStatus {
  readonly mode: 'files' | 'connected';
  readonly authorityUrl: string | null;
  readonly state: string;
  readonly lastExchangeAt: string | null;
  readonly lastAnswerAt: string | null;
  readonly pending: { readonly lfrId: string; readonly reason: string } | null;
  readonly linkLostSince: string | null;
  readonly lastError: string | null;
  readonly nextExchangeAt: string | null;
  readonly olfDueBy: string | null;
  readonly summary: string;
}

/** The link's status in a few lines: the summary, then what an operator acts on. */
export function describeLink(tenant: string, link: LinkStatus): string {
  const lines = [`Tenant ${tenant}: ${link.summary}`];
  if (link.authorityUrl !== null) lines.push(`  authority ${link.authorityUrl}`);
  if (link.pending) lines.push(`  LFR ${link.pending.lfrId} awaits the authority's answer (${link.pending.reason})`);
  if (link.lastError) lines.push(`  last error: ${link.lastError}`);
  if (link.nextExchangeAt) lines.push(`  next exchange ${link.nextExchangeAt}`);
  if (link.olfDueBy) lines.push(`  OLF due by ${link.olfDueBy}`);
  return lines.map(escapeControlCharacters).join('\n');
}

/** `airlock site link status <tenant>`: the tenant's link to the authority. */
export const siteLinkStatus: Command = {
  name: 'site link status',
  summary: "Show a tenant's link to the authority: its state, last exchange, pending answer and next exchange",
  usage: `<tenant> ${SITE_WIDE_USAGE}`,
  options: siteWideOptions,
  positionals: ['tenant'],
  async run(context) {
    const tenant = context.positionals[0] ?? '';
    const site = siteClient(context);
    const link = await site.request<LinkStatus>('GET', `/v1/tenants/${encodeURIComponent(tenant)}/link`);
    return { result: link, text: describeLink(tenant, link) };
  },
};

/** `airlock site link exchange <tenant>`: an exchange with the authority now. */
export const siteLinkExchange: Command = {
  name: 'site link exchange',
  summary: 'Exchange with the authority now (a connected tenant), and show the link',
  usage: `<tenant> ${SITE_WIDE_USAGE}`,
  options: siteWideOptions,
  positionals: ['tenant'],
  async run(context) {
    const tenant = context.positionals[0] ?? '';
    const site = siteClient(context);
    const link = await site.request<LinkStatus>('POST', `/v1/tenants/${encodeURIComponent(tenant)}/link/exchange`);
    return { result: link, text: describeLink(tenant, link) };
  },
};
