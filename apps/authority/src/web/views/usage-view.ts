import { code, dataTable, dateTime, html, lineChart, section, type ChartSeries } from '@airlock/web';
import type { Customer, CustomerUsage, UsageReport } from '../api-types.ts';
import type { PageContent, PageContext } from '../pages.ts';
import { customerCrumbs, type CustomerPaths } from '../paths.ts';

/** One line per type, a point per LFR: what each request reported when the site made it. */
function seriesOf(history: readonly UsageReport[], pick: (report: UsageReport) => readonly { type: string; value: number }[]): ChartSeries[] {
  const byType = new Map<string, { at: Date; value: number }[]>();
  for (const report of history) {
    for (const { type, value } of pick(report)) {
      const points = byType.get(type) ?? [];
      points.push({ at: new Date(report.issuedAt), value });
      byType.set(type, points);
    }
  }
  return [...byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, points]) => ({ name, points }));
}

/** Usage over time, from every LFR the customer's sites sent: seats in use and meters consumed, per site tenant. */
export async function usagePage(context: PageContext, paths: CustomerPaths): Promise<PageContent> {
  const [customer, usage] = await Promise.all([context.api.get<Customer>(paths.api), context.api.get<CustomerUsage>(`${paths.api}/usage`)]);
  const sites = usage.sites.map((site, index) => {
    const seats = seriesOf(site.history, (report) => report.usage.seats.map((seat) => ({ type: seat.type, value: seat.used })));
    const meters = seriesOf(site.history, (report) => report.usage.meters.map((meter) => ({ type: meter.type, value: meter.total })));
    const latest = site.latest.usage;
    return section({ id: `usage-${index + 1}`, title: `Site ${site.siteGuid.slice(0, 8)}…, tenant ${site.tenant}` }, html`<p>Site ${html`<a href="${paths.site(site.siteGuid)}">${code(site.siteGuid)}</a>`}: ${site.history.length} request${site.history.length === 1 ? '' : 's'}, the latest made ${dateTime(site.latest.issuedAt)}.</p>
${lineChart({ id: `seats-${index + 1}`, title: 'Seats in use', description: `Seats in use per license type at site ${site.siteGuid}, tenant ${site.tenant}, as each license file request reported them.`, valueLabel: 'seats', series: seats })}
${meters.length > 0 ? lineChart({ id: `meters-${index + 1}`, title: 'Meters consumed', description: `Meter totals at site ${site.siteGuid}, tenant ${site.tenant}, as each license file request reported them.`, valueLabel: 'units', series: meters }) : ''}
${dataTable({
  caption: 'Latest usage',
  rows: latest.seats,
  empty: 'No seat in use.',
  columns: [
    { header: 'Seat type', cell: (seat) => seat.type, rowHeader: true },
    { header: 'In use', cell: (seat) => seat.used, numeric: true },
    { header: 'Users', cell: (seat) => seat.users.join(', ') || '–' },
  ],
})}`);
  });
  return {
    title: 'Usage over time',
    breadcrumbs: customerCrumbs(paths, customer.name),
    lead: 'From the usage every license file request reported: the authority sees a site’s usage when it sends a request.',
    main: sites.length > 0 ? html`${sites}` : html`<p class="empty">No site of ${customer.name} has sent a license file request yet.</p>`,
  };
}
