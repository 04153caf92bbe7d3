import { type Command, option, UsageError } from '@airlock/cli-kit';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';

interface TenantUsage {
  readonly tenant: string;
  readonly ledger: { readonly sequence: number; readonly head: string };
  readonly seats: readonly { readonly type: string; readonly used: number; readonly limit: number; readonly users: readonly { readonly user: string; readonly since: string }[] }[];
  readonly meters: readonly { readonly meter: string; readonly used: number; readonly limit: number }[];
  readonly events: readonly { readonly sequence: number; readonly at: string; readonly event: { readonly t: string } & Record<string, unknown> }[];
}

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
    const usage = await site.request<TenantUsage>('GET', `${site.tenantPath('/usage')}?events=${Number(events)}`);
    const lines = [`Tenant ${usage.tenant}, ledger at record ${usage.ledger.sequence} (head ${usage.ledger.head.slice(0, 16)}…)`];
    for (const seat of usage.seats) {
      lines.push(`  seats ${seat.type}: ${seat.used}/${seat.limit}`);
      for (const holder of seat.users) lines.push(`    ${holder.user} since ${holder.since}`);
    }
    for (const meter of usage.meters) lines.push(`  meter ${meter.meter}: ${meter.used}/${meter.limit}`);
    if (usage.events.length > 0) lines.push('  latest events:');
    for (const entry of usage.events) {
      const { t, ...facts } = entry.event;
      delete facts.tenant;
      lines.push(`    #${entry.sequence} ${entry.at} ${t} ${JSON.stringify(facts)}`);
    }
    return { result: usage, text: lines.join('\n') };
  },
};
