import { escapeControlCharacters } from '@airlock/core/text';
import { type Command, option, UsageError } from '@airlock/cli-kit';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';

/** A tenant's usage audit on a running site: who holds each seat since when, meters, the latest events. */
export const siteUsage: Command = {
  name: 'site usage',
  summary: "Show a tenant's usage audit: who holds each seat since when, meter totals, the latest events",
  usage: `[--events <n>] ${SITE_USAGE}`,
  options: { ...siteOptions, events: { type: 'string' } },
  async run(context) {
    const events = option(context, 'events') ?? '20';
    if (!/^\d{1,3}$/.test(events) || Number(events) > 500) throw new UsageError('--events takes a number from 0 to 500');
    const site = siteClient(context);
    const usage = await (await site.api()).get('/v1/tenants/{tenant}/usage', { path: { tenant: site.tenant }, query: { events: String(Number(events)) } });
    const lines = [`Tenant ${usage.tenant}, ledger at record ${usage.ledger.sequence} (head ${usage.ledger.head.slice(0, 16)}…)`];
    for (const seat of usage.seats) {
      lines.push(`  seats ${seat.type}: ${seat.used}/${seat.limit}`);
      for (const holder of seat.users) lines.push(`    ${holder.user} since ${holder.since}`);
    }
    for (const meter of usage.meters) lines.push(`  meter ${meter.meter}: ${meter.used}/${meter.limit}`);
    if (usage.events.length > 0) lines.push('  latest events:');
    for (const entry of usage.events) {
      const facts = Object.fromEntries(Object.entries(entry.event).filter(([name]) => name !== 't' && name !== 'tenant'));
      lines.push(`    #${entry.sequence} ${entry.at} ${entry.event.t} ${JSON.stringify(facts)}`);
    }
    // Names come from the site's clients: an escape sequence in one is shown, never run by the terminal.
    return { result: usage, text: lines.map(escapeControlCharacters).join('\n') };
  },
};
