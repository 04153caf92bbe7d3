import {
  apiForm,
  code,
  dataTable,
  dateTime,
  formFields,
  html,
  listApiQuery,
  listState,
  notice,
  pagedTable,
  section,
  submitButton,
  type ListPage,
} from '@airlock/web';
import type { Customer, OfflineRequest, Site } from '../api-types.ts';
import { approvalBadge } from '../console/customer-pages.ts';
import type { PageContent, PageContext } from '../pages.ts';
import { portalPaths } from '../paths.ts';
import { siteModesCell } from '../views/site-view.ts';

/** Sites per page of the portal's list. */
const SITES_PER_PAGE = 50;

/** The portal's start: the customer's sites with their GUIDs, a page at a time, and registering another. */
export async function portalSitesPage(context: PageContext): Promise<PageContent> {
  const paths = portalPaths(context.customerId);
  const state = listState('/portal/sites', context.query);
  const [customer, sites] = await Promise.all([
    context.api.get<Customer>(paths.api),
    context.api.get<ListPage<Site>>(`${paths.api}/sites?${listApiQuery(state, SITES_PER_PAGE)}`),
  ]);
  const f = formFields('register-site');
  const approval =
    customer.offlineApproval === 'approved'
      ? ''
      : notice(
          html`<p>Offline licensing is ${approvalBadge(customer.offlineApproval)} for ${customer.name}: enablement tokens can be downloaded once the vendor approves it. <a href="/portal/offline-licensing">Ask for it</a>.</p>`,
          { tone: 'warn' },
        );
  return {
    title: 'Sites',
    lead: html`${customer.name}: each site is one on-premises installation, known by its GUID.`,
    main: html`${approval}${section(
      { id: 'sites', title: 'Your sites' },
      pagedTable({
        state,
        page: sites,
        caption: 'Sites',
        defaultSort: 'registeredAt',
        noun: ['site', 'sites'],
        empty: 'No site registered yet: register its GUID below.',
        search: { label: 'Find a site', placeholder: 'Name or GUID begins with…' },
        csv: `${paths.api}/sites?format=csv`,
        columns: [
          { header: 'Site', sortKey: 'name', cell: (site) => html`<a href="${paths.site(site.guid)}">${site.name}</a>`, rowHeader: true },
          { header: 'GUID', cell: (site) => code(site.guid) },
          { header: 'Version', cell: (site) => site.siteVersion ?? '–' },
          { header: 'Modes', cell: (site) => siteModesCell(site) },
          { header: 'Registered', sortKey: 'registeredAt', cell: (site) => dateTime(site.registeredAt) },
          { header: 'Latest LFR', cell: (site) => (site.latestLfrAt ? dateTime(site.latestLfrAt) : '–') },
        ],
      }),
    )}${section(
      { id: 'register', title: 'Register a site' },
      apiForm({
        id: 'register-site',
        api: `${paths.api}/sites`,
        className: 'inline',
        then: { reload: true, message: 'Site registered.' },
        fields: html`${f.text({ name: 'guid', label: 'Site GUID', required: true, spellcheck: false, autocomplete: 'off', hint: 'As the site shows it.' })}${f.text({ name: 'name', label: 'Site name', required: true, maxLength: 200 })}`,
        buttons: submitButton('Register the site'),
      }),
    )}`,
  };
}

/** Asking the vendor for offline licensing, and the answers so far. */
export async function portalOfflineLicensingPage(context: PageContext): Promise<PageContent> {
  const paths = portalPaths(context.customerId);
  const [customer, requests] = await Promise.all([context.api.get<Customer>(paths.api), context.api.get<OfflineRequest[]>(`${paths.api}/offline-requests`)]);
  const f = formFields('offline-request');
  return {
    title: 'Offline licensing',
    lead: html`Offline licensing for ${customer.name} is ${approvalBadge(customer.offlineApproval)}. The vendor approves it once, for all your sites.`,
    main: html`${section(
      { id: 'requests', title: 'Your requests' },
      dataTable({
        caption: 'Requests',
        captionHidden: true,
        rows: requests,
        empty: 'No request yet.',
        columns: [
          { header: 'Asked', cell: (request) => dateTime(request.requestedAt), rowHeader: true },
          { header: 'Reason', cell: (request) => request.reason },
          { header: 'Status', cell: (request) => approvalBadge(request.status) },
          { header: 'Note', cell: (request) => request.decisionNote ?? '–' },
        ],
      }),
    )}${section(
      { id: 'ask', title: 'Ask for offline licensing' },
      apiForm({
        id: 'offline-request',
        api: `${paths.api}/offline-requests`,
        then: { reload: true, message: 'Your request was sent to the vendor.' },
        fields: html`${f.select({
          name: 'reason',
          label: 'Reason',
          required: true,
          options: [
            { value: 'air-gapped', label: 'Air-gapped network' },
            { value: 'regulated-industry', label: 'Regulated industry' },
            { value: 'other', label: 'Other' },
          ],
        })}${f.textarea({ name: 'details', label: 'Details', rows: 3, maxLength: 4000, hint: 'What the vendor should know: the network, the sites concerned.' })}${f.text({ name: 'minimumSiteVersion', label: 'Minimum site version', optional: true, pattern: '\\d+(\\.\\d+){0,3}' })}`,
        buttons: submitButton('Send the request'),
      }),
    )}`,
  };
}
