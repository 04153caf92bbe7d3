import {
  apiForm,
  code,
  countdown,
  dataTable,
  dateTime,
  describeSpan,
  formFields,
  html,
  listApiQuery,
  listState,
  notice,
  pagedTable,
  path,
  section,
  statusBadge,
  submitButton,
  type Column,
  type ListPage,
  type SafeHtml,
} from '@airlock/web';
import type { SiteLink, StaticLicense, StaticLicenseSummary } from '../api-types.ts';
import type { PageContent, PageContext } from '../pages.ts';
import { consolePaths } from '../paths.ts';
import { exchangeBadge } from '../views/site-view.ts';

/**
 * The console's pages for connected sites and the move off static licenses (docs/connected.md):
 * every site tenant that exchanges over the link, with the late ones marked, and every
 * Registration Key still on static licenses, with its customer's date.
 */

/** Whether a connected tenant is late (no exchange for two of its policy's intervals), or left the link. */
function lateBadge(link: Pick<SiteLink, 'late' | 'mode'>): SafeHtml {
  if (link.mode === 'files') return statusBadge('back to files', 'neutral');
  return link.late ? statusBadge('late', 'bad') : statusBadge('on time', 'ok');
}

/** A duration as people say it ("1 day", "5 min"). */
function span(ms: number): string {
  return describeSpan(ms) ?? `${ms} ms`;
}

/** Site tenants per page of the console's list. */
const LINKS_PER_PAGE = 50;
const LINKS_DEFAULT_SORT = 'customer';

/**
 * Every site tenant connected to the authority, a page at a time from the paged API: the last
 * exchange, its outcome, the version, late or not; only the late ones on asking; searched by a
 * prefix of the site's or customer's name, sorted by customer or last exchange, as CSV.
 */
export async function connectedSitesPage(context: PageContext): Promise<PageContent> {
  const state = listState('/console/connected-sites', { ...context.query, late: context.query.late === 'true' ? 'true' : undefined }, ['late']);
  const onlyLate = state.filters?.late === 'true';
  const [page, late, all] = await Promise.all([
    context.api.get<ListPage<SiteLink>>(`/v1/site-links?${listApiQuery(state, LINKS_PER_PAGE)}`),
    context.api.get<ListPage<SiteLink>>('/v1/site-links?late=true&limit=1'),
    context.api.get<ListPage<SiteLink>>('/v1/site-links?limit=1'),
  ]);
  const lateCount = late.total ?? 0;
  const allCount = all.total ?? 0;
  const filter = onlyLate
    ? html`<p>Showing the ${lateCount} late of ${allCount}. <a href="/console/connected-sites">Show all</a></p>`
    : html`<p>${allCount === 1 ? '1 connected site tenant' : `${allCount} connected site tenants`}, ${lateCount} late. <a href="/console/connected-sites?late=true">Show only the late ones</a></p>`;
  return {
    title: 'Connected sites',
    lead: 'Site tenants that exchange their license files with the authority over the link. A tenant is late when it has not exchanged for two of its policy’s intervals: its site locks when its cycle window ends.',
    main: html`${lateCount > 0 ? notice(html`<p>${lateCount === 1 ? '1 connected tenant is late' : `${lateCount} connected tenants are late`}: check that their sites can reach the authority.</p>`, { tone: 'warn' }) : ''}
${section(
  { id: 'site-links', title: onlyLate ? 'Late site tenants' : 'Site tenants' },
  html`${filter}${pagedTable({
    state,
    page,
    caption: 'Connected site tenants',
    defaultSort: LINKS_DEFAULT_SORT,
    noun: ['site tenant', 'site tenants'],
    empty: onlyLate ? 'No connected site tenant is late.' : 'No site has exchanged over the link yet.',
    search: { label: 'Find a site tenant', placeholder: 'Site or customer name begins with…' },
    csv: `/v1/site-links?format=csv${onlyLate ? '&late=true' : ''}`,
    columns: [
      {
        header: 'Site',
        cell: (link) => html`<a href="${consolePaths(link.customerId).site(link.siteGuid)}">${link.siteName}</a><div class="hint">${code(link.siteGuid)}</div>`,
        rowHeader: true,
      },
      { header: 'Customer', sortKey: 'customer', cell: (link) => html`<a href="${path`/console/customers/${link.customerId}`}">${link.customerName}</a>` },
      { header: 'Tenant', cell: (link) => code(link.tenant) },
      { header: 'Version', cell: (link) => link.siteVersion },
      {
        header: 'Last exchange',
        sortKey: 'lastExchangeAt',
        cell: (link) =>
          html`${dateTime(link.lastExchangeAt)}<div class="hint">every ${span(link.exchangeIntervalMs)}; first ${dateTime(link.firstExchangeAt)}</div>`,
      },
      { header: 'Last answer', cell: (link) => exchangeBadge(link.lastStatus, link.lastCode) },
      {
        header: 'Status',
        cell: (link) =>
          html`${lateBadge(link)}${link.mode === 'files' ? html`<div class="hint">its latest LFR was carried by hand</div>` : html`<div class="hint">${link.late ? 'became late' : 'late'} ${countdown(link.lateAfter, context.now)}</div>`}`,
      },
    ],
  })}`,
)}`,
  };
}

/** The items of a static license in force, one per line. */
function itemsList(items: StaticLicense['items']): SafeHtml {
  if (items.length === 0) return html`<span class="hint">none in force</span>`;
  return html`${items.map((item, index) => html`${index > 0 ? html`<br>` : ''}${item.quantity} × ${item.product}: ${item.licenseType} (${item.kind}${item.expiresOn ? `, until ${item.expiresOn}` : ''})`)}`;
}

/** A customer's date for static licenses: when it ends, or that it is not marked. */
function renewUntilBadge(renewUntil: string | null, ended: boolean): SafeHtml {
  if (renewUntil === null) return statusBadge('not marked for migration', 'neutral');
  return ended ? statusBadge(`ended after ${renewUntil}`, 'bad') : statusBadge(`renewed until ${renewUntil}`, 'warn');
}

/** The columns of a table of static licenses; the customer's only in the vendor-wide list. */
function staticLicenseColumns(withCustomer: boolean, today: string): Column<StaticLicense>[] {
  return [
    ...(withCustomer
      ? [
          {
            header: 'Customer',
            cell: (license: StaticLicense) => html`<a href="${path`/console/customers/${license.customerId}`}#static-licenses">${license.customerName}</a>`,
            rowHeader: true,
          },
        ]
      : []),
    { header: 'Registration Key', cell: (license) => code(license.registrationKey), rowHeader: !withCustomer },
    { header: 'License', cell: (license) => html`revision ${license.revision}<div class="hint">${code(license.licenseId)}</div>` },
    { header: 'Activated', cell: (license) => dateTime(license.activatedAt) },
    { header: 'In force', cell: (license) => itemsList(license.items) },
    { header: 'Renewed until', cell: (license) => renewUntilBadge(license.renewUntil, license.renewUntil !== null && today > license.renewUntil) },
    { header: 'Move', cell: (license) => (license.moving ? statusBadge('moving: LFR received', 'info') : statusBadge('not started', 'neutral')) },
  ];
}

/** A customer's Registration Keys still on static licenses, as a table. */
function staticLicensesTable(licenses: readonly StaticLicense[], today: string): SafeHtml {
  return dataTable({
    caption: 'Registration Keys on static licenses',
    captionHidden: true,
    rows: licenses,
    empty: 'None of its Registration Keys is on static licenses.',
    columns: staticLicenseColumns(false, today),
  });
}

/** Registration Keys per page of the console's list of static licenses. */
const STATIC_PER_PAGE = 50;
/** The most the static-licenses API answers at once: one CSV download. */
const STATIC_PER_CSV = 500;

/**
 * Every Registration Key still on static licenses, by customer, with the customer's date, a
 * page at a time from its paged API (by customer and Registration Key; no sort or search).
 */
export async function staticLicensesPage(context: PageContext): Promise<PageContent> {
  const state = listState('/console/static-licenses', { after: context.query.after, back: context.query.back });
  const query = new URLSearchParams({ limit: String(STATIC_PER_PAGE) });
  if (state.after !== undefined) query.set('after', state.after);
  const { licenses, next } = await context.api.get<{ licenses: StaticLicense[]; next: string | null }>(`/v1/static-licenses?${query.toString()}`);
  const today = context.now.toISOString().slice(0, 10);
  const csv = new URLSearchParams({ limit: String(STATIC_PER_CSV), format: 'csv' });
  if (state.after !== undefined) csv.set('after', state.after);
  return {
    title: 'Static licenses',
    lead: 'Registration Keys whose latest activated license no license file request has replaced yet with an offline license file issued. Mark a customer with the last day its orders may be activated on its page; from the day after, its sites move to offline license files or connected mode.',
    main: html`${section(
      { id: 'static-licenses', title: 'Still on static licenses' },
      html`${pagedTable({
        state,
        page: { items: licenses, next },
        caption: 'Registration Keys on static licenses',
        defaultSort: 'customer',
        noun: ['Registration Key', 'Registration Keys'],
        empty: 'No Registration Key is on static licenses.',
        columns: staticLicenseColumns(true, today),
      })}<p class="list-export"><a href="/v1/static-licenses?${csv.toString()}" download>Download ${STATIC_PER_CSV} Registration Keys from this page on as CSV</a></p>`,
    )}`,
  };
}

/**
 * The customer page's section on static licenses: its date, a form to set or clear it, and its
 * Registration Keys still on static licenses.
 */
export function staticLicensesSection(summary: StaticLicenseSummary, today: string): SafeHtml {
  const api = path`/v1/customers/${summary.customerId}/static-licenses`;
  const f = formFields('static-renew-until');
  const set = apiForm({
    id: 'static-renew-until',
    api,
    method: 'PUT',
    className: 'inline',
    then: { reload: true, message: 'Date for static licenses saved.' },
    description:
      'The last day an order may be activated for this customer (UTC). From the day after, activating one is refused: its sites move to offline license files or connected mode.',
    fields: f.text({ name: 'renewUntil', label: 'Renew static licenses until', type: 'date', required: true, value: summary.renewUntil ?? '' }),
    buttons: submitButton(summary.renewUntil === null ? 'Mark for migration' : 'Change the date', { variant: 'secondary' }),
  });
  const clear =
    summary.renewUntil === null
      ? ''
      : apiForm({
          id: 'static-renew-until-clear',
          api,
          method: 'PUT',
          className: 'inline',
          then: { reload: true, message: 'The customer is no longer marked for migration.' },
          fields: formFields('static-renew-until-clear').hidden({ name: 'renewUntil', value: 'null', valueType: 'json' }),
          buttons: submitButton('Clear the date', { variant: 'secondary' }),
        });
  return section(
    { id: 'static-licenses', title: 'Static licenses' },
    html`<p>${renewUntilBadge(summary.renewUntil, summary.ended)}</p>${set}${clear}${staticLicensesTable(summary.licenses, today)}`,
  );
}
