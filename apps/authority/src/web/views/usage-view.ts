import { code, dataTable, dateTime, html, lineChart, section, type ChartSeries } from '@airlock/web';
import type { Customer, CustomerUsage, FloatingUsage, UsageReport } from '../api-types.ts';
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

/** One type's floating seats on one UTC day, as the LFRs of a site tenant reported it. */
interface FloatingDay {
  readonly peak: number;
  readonly borrowed: number;
}

/**
 * The floating seats of a site tenant per type and UTC day, from all its LFRs. Each LFR reports
 * the days since the one before, so a day on which two were made (or reported again after a
 * request that was never answered) appears in both: the larger count is the day's.
 */
function floatingDays(history: readonly UsageReport[]): Map<string, Map<string, FloatingDay>> {
  const byType = new Map<string, Map<string, FloatingDay>>();
  for (const report of history) {
    for (const { type, days } of report.usage.floating ?? []) {
      const byDay = byType.get(type) ?? new Map<string, FloatingDay>();
      for (const { day, peak, borrowed } of days) {
        const seen = byDay.get(day);
        byDay.set(day, { peak: Math.max(peak, seen?.peak ?? 0), borrowed: Math.max(borrowed, seen?.borrowed ?? 0) });
      }
      byType.set(type, byDay);
    }
  }
  return byType;
}

/** One line per type, a point per UTC day: the peak of seats in use at once. */
function floatingPeakSeries(days: Map<string, Map<string, FloatingDay>>): ChartSeries[] {
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, byDay]) => ({
      name,
      points: [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, { peak }]) => ({ at: new Date(`${day}T00:00:00Z`), value: peak })),
    }));
}

/** Per type: what the latest LFR says is held, and the borrows made and the highest peak over every day reported. */
function floatingRows(days: Map<string, Map<string, FloatingDay>>, latest: readonly FloatingUsage[]) {
  const types = [...new Set([...days.keys(), ...latest.map((entry) => entry.type)])].sort((a, b) => a.localeCompare(b));
  return types.map((type) => {
    const reported = [...(days.get(type)?.values() ?? [])];
    const held = latest.find((entry) => entry.type === type);
    return {
      type,
      leases: held?.leases ?? 0,
      borrows: held?.borrows ?? 0,
      borrowsMade: reported.reduce((sum, day) => sum + day.borrowed, 0),
      highestPeak: Math.max(0, ...reported.map((day) => day.peak)),
    };
  });
}

/** The floating seats of a site tenant: nothing for a tenant none of whose LFRs reported any. */
function floatingSection(history: readonly UsageReport[], latest: UsageReport, index: number, where: string) {
  if (!history.some((report) => report.usage.floating !== undefined)) return '';
  const days = floatingDays(history);
  return html`${lineChart({
    id: `floating-${index}`,
    title: 'Daily peak of seats in use',
    description: `The most seats of each license type in use at once on each day at ${where}, as the license file requests reported them.`,
    valueLabel: 'seats',
    series: floatingPeakSeries(days),
  })}
${dataTable({
  caption: 'Floating seats and borrows',
  rows: floatingRows(days, latest.usage.floating ?? []),
  empty: 'No floating seat reported.',
  columns: [
    { header: 'Seat type', cell: (row) => row.type, rowHeader: true },
    { header: 'Leased (latest request)', cell: (row) => row.leases, numeric: true },
    { header: 'Borrowed (latest request)', cell: (row) => row.borrows, numeric: true },
    { header: 'Borrows made', cell: (row) => row.borrowsMade, numeric: true },
    { header: 'Highest daily peak', cell: (row) => row.highestPeak, numeric: true },
  ],
})}`;
}

/** Usage over time, from every LFR the customer's sites sent: seats in use, meters consumed and floating seats lent, per site tenant. */
export async function usagePage(context: PageContext, paths: CustomerPaths): Promise<PageContent> {
  const [customer, usage] = await Promise.all([context.api.get<Customer>(paths.api), context.api.get<CustomerUsage>(`${paths.api}/usage`)]);
  const sites = usage.sites.map((site, index) => {
    const seats = seriesOf(site.history, (report) => report.usage.seats.map((seat) => ({ type: seat.type, value: seat.used })));
    const meters = seriesOf(site.history, (report) => report.usage.meters.map((meter) => ({ type: meter.type, value: meter.total })));
    const latest = site.latest.usage;
    return section(
      { id: `usage-${index + 1}`, title: `Site ${site.siteGuid.slice(0, 8)}…, tenant ${site.tenant}` },
      html`<p>Site ${html`<a href="${paths.site(site.siteGuid)}">${code(site.siteGuid)}</a>`}: ${site.history.length} request${site.history.length === 1 ? '' : 's'}, the latest made ${dateTime(site.latest.issuedAt)}.</p>
${lineChart({ id: `seats-${index + 1}`, title: 'Seats in use', description: `Seats in use per license type at site ${site.siteGuid}, tenant ${site.tenant}, as each license file request reported them.`, valueLabel: 'seats', series: seats })}
${meters.length > 0 ? lineChart({ id: `meters-${index + 1}`, title: 'Meters consumed', description: `Meter totals at site ${site.siteGuid}, tenant ${site.tenant}, as each license file request reported them.`, valueLabel: 'units', series: meters }) : ''}
${floatingSection(site.history, site.latest, index + 1, `site ${site.siteGuid}, tenant ${site.tenant}`)}
${dataTable({
  caption: 'Latest usage',
  rows: latest.seats,
  empty: 'No seat in use.',
  columns: [
    { header: 'Seat type', cell: (seat) => seat.type, rowHeader: true },
    { header: 'In use', cell: (seat) => seat.used, numeric: true },
    { header: 'Users', cell: (seat) => seat.users.join(', ') || '–' },
  ],
})}`,
    );
  });
  return {
    title: 'Usage over time',
    breadcrumbs: customerCrumbs(paths, customer.name),
    lead: 'From the usage every license file request reported: the authority sees a site’s usage when it sends a request.',
    main:
      sites.length > 0
        ? html`<p><a href="${paths.api}/usage/readings?format=csv" download>Download every reading as CSV</a> (a row per number each request reported, for a spreadsheet).</p>${sites}`
        : html`<p class="empty">No site of ${customer.name} has sent a license file request yet.</p>`,
  };
}
