import {
  apiForm,
  code,
  dataTable,
  dateTime,
  definitionList,
  formFields,
  html,
  linkButton,
  listApiQuery,
  listPreview,
  listState,
  pagedTable,
  path,
  section,
  statusBadge,
  submitButton,
  type ListPage,
  type ListState,
  type PagedColumn,
  type SafeHtml,
  type Tone,
} from '@airlock/web';
import type { Customer, CustomerUser, DeviceLicense, OfflineRequest, Policy, Product, Site, StaticLicenseSummary } from '../api-types.ts';
import type { PageContent, PageContext } from '../pages.ts';
import { consolePaths } from '../paths.ts';
import { staticLicensesSection } from './connected-pages.ts';
import { deviceLicenseColumns } from '../views/device-views.ts';
import { siteModesCell } from '../views/site-view.ts';
import { consoleRemindersSection } from '../views/reminder-views.ts';

const approvalTones: Record<string, Tone> = { approved: 'ok', pending: 'warn', denied: 'bad' };

/** Where a customer's offline licensing stands, as a badge. */
export function approvalBadge(status: string | null): SafeHtml {
  return statusBadge(status ?? 'not requested', approvalTones[status ?? ''] ?? 'neutral');
}

/** Customers per page of the console's list. */
const CUSTOMERS_PER_PAGE = 50;
const CUSTOMERS_DEFAULT_SORT = 'name';

/** A page of customers (GET /v1/customers paged): `{items, next, total}`. */
type CustomerPage = ListPage<Customer>;

/**
 * The customers, a page at a time from the paged API: searched by a prefix of the name or
 * id, sorted by a column header, with previous / next links; and a new customer.
 */
export async function customersPage(context: PageContext): Promise<PageContent> {
  const state = listState('/console/customers', context.query);
  const [page, policies] = await Promise.all([
    context.api.get<CustomerPage>(`/v1/customers?${listApiQuery(state, CUSTOMERS_PER_PAGE)}`),
    context.api.get<Policy[]>('/v1/policies'),
  ]);
  const f = formFields('new-customer');
  const form = apiForm({
    id: 'new-customer',
    api: '/v1/customers',
    then: { navigate: '/console/customers/{id}', message: 'Customer created.' },
    fields: html`<div class="form-grid">
${f.text({ name: 'id', label: 'Id', required: true, pattern: '[a-z0-9][a-z0-9\\-]*', maxLength: 64, spellcheck: false, hint: 'Lower-case letters, digits and dashes; it never changes.' })}
${f.text({ name: 'name', label: 'Name', required: true, maxLength: 200 })}
${f.text({ name: 'contactEmail', label: 'Contact email', type: 'email', required: true, hint: 'License letters go here.' })}
${f.text({ name: 'accountEndsOn', label: 'Account ends on', type: 'date', required: true })}
${f.select({ name: 'policyId', label: 'Policy', required: true, options: policies.map((policy) => ({ value: policy.id, label: `${policy.name} (${policy.kind})` })) })}
</div>`,
    buttons: submitButton('Create the customer'),
  });
  return {
    title: 'Customers',
    main: html`${section({ id: 'customers', title: 'Customers' }, customerList(state, page))}${section({ id: 'new', title: 'New customer' }, policies.length === 0 ? html`<p>Create a <a href="/console/policies">policy</a> first: every customer is opened under one.</p>` : form)}`,
  };
}

/** The search box, the sortable table (or what its emptiness means), the pager and the CSV of the customers list. */
function customerList(state: ListState, page: CustomerPage): SafeHtml {
  return pagedTable({
    state,
    page,
    caption: 'Customers',
    defaultSort: CUSTOMERS_DEFAULT_SORT,
    noun: ['customer', 'customers'],
    empty: 'No customer yet: create the first below.',
    search: { label: 'Find a customer', placeholder: 'Name or id begins with…' },
    csv: '/v1/customers?format=csv',
    columns: [
      {
        header: 'Customer',
        sortKey: 'name',
        cell: (customer) => html`<a href="${path`/console/customers/${customer.id}`}">${customer.name}</a>`,
        rowHeader: true,
      },
      { header: 'Id', sortKey: 'id', cell: (customer) => code(customer.id) },
      { header: 'Offline licensing', cell: (customer) => approvalBadge(customer.offlineApproval) },
      { header: 'Account ends', sortKey: 'accountEndsOn', cell: (customer) => customer.accountEndsOn },
      { header: 'Policy', cell: (customer) => customer.policyId },
    ],
  });
}

function entitlementsForm(customer: Customer, products: readonly Product[]): SafeHtml {
  const f = formFields('entitlements');
  const types = products.flatMap((product) => product.licenseTypes.map((type) => ({ product, type })));
  if (types.length === 0) return html`<p>The <a href="/console/catalogue">catalogue</a> has no license type yet.</p>`;
  const bought = new Map(customer.entitlements.map((entitlement) => [entitlement.licenseTypeId, entitlement.quantity]));
  return apiForm({
    id: 'entitlements',
    api: path`/v1/customers/${customer.id}/entitlements`,
    method: 'PUT',
    then: { reload: true, message: 'Purchases saved.' },
    description: 'What the customer bought, per license type; 0 for a type it did not buy. Its sites share these quantities.',
    fields: html`<div class="form-grid">${types.map(
      ({ product, type }, index) =>
        html`${f.hidden({ name: `entitlements.${index}.licenseTypeId`, value: type.id })}${f.number({
          name: `entitlements.${index}.quantity`,
          label: `${product.name}: ${type.name} (${type.category})`,
          value: bought.get(type.id) ?? 0,
          min: 0,
          required: true,
        })}`,
    )}</div>`,
    buttons: submitButton('Save the purchases'),
  });
}

function decisionForm(request: OfflineRequest): SafeHtml {
  const f = formFields(`decide-${request.id}`);
  return apiForm({
    id: `decide-${request.id}`,
    api: path`/v1/offline-requests/${request.id}/decision`,
    className: 'inline',
    then: { reload: true, message: 'Decision recorded.' },
    fields: f.text({ name: 'note', label: 'Note', optional: true, maxLength: 2000 }),
    buttons: html`${submitButton('Approve', { name: 'decision', value: 'approve' })}${submitButton('Deny', { name: 'decision', value: 'deny', variant: 'secondary' })}`,
  });
}

/** Offline-licensing requests, with approve/deny on the pending ones. */
export function requestsTable(requests: readonly (OfflineRequest & { customerName?: string })[], withCustomer: boolean): SafeHtml {
  return dataTable({
    caption: 'Offline-licensing requests',
    captionHidden: true,
    rows: requests,
    empty: 'No request.',
    columns: [
      ...(withCustomer
        ? [
            {
              header: 'Customer',
              cell: (request: OfflineRequest & { customerName?: string }) =>
                html`<a href="${path`/console/customers/${request.customerId}`}">${request.customerName ?? request.customerId}</a>`,
              rowHeader: true,
            },
          ]
        : []),
      { header: 'Reason', cell: (request) => html`${request.reason}${request.details ? html`<div class="hint">${request.details}</div>` : ''}` },
      { header: 'Minimum site version', cell: (request) => request.minimumSiteVersion ?? '–' },
      { header: 'Asked', cell: (request) => html`${dateTime(request.requestedAt)}<div class="hint">by ${request.requestedByName}</div>` },
      { header: 'Status', cell: (request) => approvalBadge(request.status) },
      {
        header: 'Decision',
        cell: (request) =>
          request.status === 'pending'
            ? decisionForm(request)
            : html`${request.decisionNote ?? ''}${request.decidedAt ? html`<div class="hint">${dateTime(request.decidedAt)} by ${request.decidedByName ?? ''}</div>` : ''}`,
      },
    ],
  });
}

/**
 * How many of each of a customer's lists its page shows; each links to its own page, where it
 * is searched, sorted, paged and exported (README, "Lists: pages, sorts and search").
 */
const PREVIEW_ITEMS = 5;
/** Items per page of a customer's list pages. */
const ITEMS_PER_PAGE = 50;

/** Where a customer's own list pages are in the console. */
function customerListPaths(customerId: string): { readonly sites: string; readonly deviceLicenses: string; readonly users: string } {
  const base = path`/console/customers/${customerId}`;
  return { sites: `${base}/sites`, deviceLicenses: `${base}/device-licenses`, users: `${base}/users` };
}

/** The columns of a customer's sites, on its page and on the sites' own page. */
function siteColumns(customerId: string): PagedColumn<Site>[] {
  const paths = consolePaths(customerId);
  return [
    { header: 'Site', sortKey: 'name', cell: (row) => html`<a href="${paths.site(row.guid)}">${row.name}</a>`, rowHeader: true },
    { header: 'GUID', cell: (row) => code(row.guid) },
    { header: 'Version', cell: (row) => row.siteVersion ?? '–' },
    { header: 'Modes', cell: (row) => siteModesCell(row) },
    { header: 'Registered', sortKey: 'registeredAt', cell: (row) => dateTime(row.registeredAt) },
    { header: 'Latest token', cell: (row) => (row.latestEnablementTokenAt ? dateTime(row.latestEnablementTokenAt) : '–') },
    { header: 'Latest LFR', cell: (row) => (row.latestLfrAt ? dateTime(row.latestLfrAt) : '–') },
  ];
}

/** The columns of a customer's portal users, with their password reset and removal. */
function userColumns(customerId: string): PagedColumn<CustomerUser>[] {
  const api = path`/v1/customers/${customerId}`;
  return [
    {
      header: 'Email',
      sortKey: 'email',
      cell: (row) => html`${row.email}${row.mustChangePassword ? html` ${statusBadge('must change password', 'warn')}` : ''}`,
      rowHeader: true,
    },
    { header: 'Since', sortKey: 'createdAt', cell: (row) => dateTime(row.createdAt) },
    { header: 'Manage', cell: (row) => portalUserForms(api, row) },
  ];
}

/** The form that registers a site's GUID for the customer. */
function registerSiteForm(customerId: string): SafeHtml {
  const site = formFields('register-site');
  return apiForm({
    id: 'register-site',
    api: path`/v1/customers/${customerId}/sites`,
    className: 'inline',
    then: { reload: true, message: 'Site registered.' },
    fields: html`${site.text({ name: 'guid', label: 'Site GUID', required: true, spellcheck: false, autocomplete: 'off', pattern: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', hint: 'As the site shows it.' })}${site.text({ name: 'name', label: 'Site name', required: true, maxLength: 200 })}`,
    buttons: submitButton('Register the site'),
  });
}

/** The form that gives the customer a portal user. */
function newUserForm(customerId: string): SafeHtml {
  const user = formFields('new-user');
  return apiForm({
    id: 'new-user',
    api: path`/v1/customers/${customerId}/users`,
    className: 'inline',
    then: { reload: true, message: 'Portal user created.' },
    fields: html`${user.text({ name: 'email', label: 'Email', type: 'email', required: true, autocomplete: 'off' })}${user.text({ name: 'password', label: 'Initial password', type: 'password', required: true, minLength: 12, autocomplete: 'new-password', hint: '12 characters or more.' })}`,
    buttons: submitButton('Create the user'),
  });
}

/**
 * One customer: purchases, the first few of its sites, device licenses and portal users (each
 * linking to its own paged page), offline approval, and the ways to its licensing pages.
 */
export async function customerPage(context: PageContext, customerId: string): Promise<PageContent> {
  const api = path`/v1/customers/${customerId}`;
  const first = `limit=${PREVIEW_ITEMS}`;
  const [customer, sites, licenses, users, requests, products, policies, staticLicenses] = await Promise.all([
    context.api.get<Customer>(api),
    context.api.get<ListPage<Site>>(`${api}/sites?${first}`),
    context.api.get<ListPage<DeviceLicense>>(`${api}/device-licenses?${first}`),
    context.api.get<ListPage<CustomerUser>>(`${api}/users?${first}`),
    context.api.get<OfflineRequest[]>(`${api}/offline-requests`),
    context.api.get<Product[]>('/v1/products'),
    context.api.get<Policy[]>('/v1/policies'),
    context.api.get<StaticLicenseSummary>(`${api}/static-licenses`),
  ]);
  const paths = consolePaths(customer.id);
  const lists = customerListPaths(customer.id);
  const ask = formFields('offline-request');
  const reminders = await consoleRemindersSection(context, customer.id);
  return {
    title: customer.name,
    breadcrumbs: [{ href: '/console/customers', label: 'Customers' }],
    main: html`${section(
      {
        id: 'account',
        title: 'Account',
        actions: html`${linkButton(paths.lfrNew, 'Upload an LFR', 'primary')}${linkButton(paths.usage, 'Usage')}${linkButton(paths.orders, 'Orders')}`,
      },
      definitionList([
        ['Id', code(customer.id)],
        ['Contact', customer.contactEmail],
        ['Account ends on', customer.accountEndsOn],
        ['Policy', customer.policyId],
        ['Offline licensing', approvalBadge(customer.offlineApproval)],
      ]),
    )}
${section({ id: 'edit-account', title: 'Change the account' }, accountForm(customer, policies))}
${section(
  { id: 'sites', title: 'Sites' },
  html`${listPreview({
    page: sites,
    caption: 'Sites, first registered first',
    noun: ['site', 'sites'],
    empty: 'No site registered yet.',
    all: lists.sites,
    columns: siteColumns(customer.id),
  })}${registerSiteForm(customer.id)}`,
)}
${section(
  {
    id: 'device-licenses',
    title: 'Device licenses',
    actions: linkButton(`/console/device-licenses?${new URLSearchParams({ customerId: customer.id }).toString()}#new`, 'New device license'),
  },
  listPreview({
    page: licenses,
    caption: 'Device licenses, newest first',
    noun: ['device license', 'device licenses'],
    empty: 'No device license yet.',
    all: lists.deviceLicenses,
    columns: deviceLicenseColumns((license) => path`/console/device-licenses/${license.id}`),
  }),
)}
${section({ id: 'purchases', title: 'Purchases' }, entitlementsForm(customer, products))}
${staticLicensesSection(staticLicenses, context.now.toISOString().slice(0, 10))}
${section(
  { id: 'offline', title: 'Offline licensing' },
  html`${requestsTable(requests, false)}${apiForm({
    id: 'offline-request',
    api: `${api}/offline-requests`,
    then: { reload: true, message: 'Request recorded.' },
    description: 'Record a request on the customer’s behalf; it is then approved or denied above.',
    fields: html`${ask.select({
      name: 'reason',
      label: 'Reason',
      required: true,
      options: [
        { value: 'air-gapped', label: 'Air-gapped network' },
        { value: 'regulated-industry', label: 'Regulated industry' },
        { value: 'other', label: 'Other' },
      ],
    })}${ask.textarea({ name: 'details', label: 'Details', rows: 2, maxLength: 4000 })}`,
    buttons: submitButton('Record the request', { variant: 'secondary' }),
  })}`,
)}
${section(
  { id: 'users', title: 'Portal users' },
  html`${listPreview({
    page: users,
    caption: 'Portal users, oldest first',
    noun: ['portal user', 'portal users'],
    empty: 'No portal user yet.',
    all: lists.users,
    columns: userColumns(customer.id),
  })}${newUserForm(customer.id)}`,
)}
${reminders}`,
  };
}

/** The breadcrumbs of a customer's own list pages. */
function customerListCrumbs(customer: Customer): { href: string; label: string }[] {
  return [
    { href: '/console/customers', label: 'Customers' },
    { href: path`/console/customers/${customer.id}`, label: customer.name },
  ];
}

/** A customer's sites, a page at a time: searched by a prefix of the name or GUID, sorted by registration or name; and registering another. */
export async function customerSitesPage(context: PageContext, customerId: string): Promise<PageContent> {
  const api = path`/v1/customers/${customerId}`;
  const state = listState(customerListPaths(customerId).sites, context.query);
  const [customer, page] = await Promise.all([
    context.api.get<Customer>(api),
    context.api.get<ListPage<Site>>(`${api}/sites?${listApiQuery(state, ITEMS_PER_PAGE)}`),
  ]);
  return {
    title: `Sites of ${customer.name}`,
    breadcrumbs: customerListCrumbs(customer),
    main: html`${section(
      { id: 'sites', title: 'Sites' },
      pagedTable({
        state,
        page,
        caption: 'Sites',
        defaultSort: 'registeredAt',
        noun: ['site', 'sites'],
        empty: 'No site registered yet: register its GUID below.',
        search: { label: 'Find a site', placeholder: 'Name or GUID begins with…' },
        csv: `${api}/sites?format=csv`,
        columns: siteColumns(customer.id),
      }),
    )}${section({ id: 'register', title: 'Register a site' }, registerSiteForm(customer.id))}`,
  };
}

/** A customer's device licenses, a page at a time: searched by a prefix of the license id, newest first or by id. */
export async function customerDeviceLicensesPage(context: PageContext, customerId: string): Promise<PageContent> {
  const api = path`/v1/customers/${customerId}`;
  const state = listState(customerListPaths(customerId).deviceLicenses, context.query);
  const [customer, page] = await Promise.all([
    context.api.get<Customer>(api),
    context.api.get<ListPage<DeviceLicense>>(`${api}/device-licenses?${listApiQuery(state, ITEMS_PER_PAGE)}`),
  ]);
  return {
    title: `Device licenses of ${customer.name}`,
    breadcrumbs: customerListCrumbs(customer),
    main: section(
      {
        id: 'licenses',
        title: 'Device licenses',
        actions: linkButton(`/console/device-licenses?${new URLSearchParams({ customerId: customer.id }).toString()}#new`, 'New device license'),
      },
      pagedTable({
        state,
        page,
        caption: 'Device licenses',
        defaultSort: '-createdAt',
        noun: ['device license', 'device licenses'],
        empty: 'No device license yet.',
        search: { label: 'Find a device license', placeholder: 'License id begins with…' },
        csv: `${api}/device-licenses?format=csv`,
        columns: deviceLicenseColumns((license) => path`/console/device-licenses/${license.id}`),
      }),
    ),
  };
}

/** A customer's portal users, a page at a time: searched by a prefix of the e-mail, oldest first or by e-mail; and a new one. */
export async function customerUsersPage(context: PageContext, customerId: string): Promise<PageContent> {
  const api = path`/v1/customers/${customerId}`;
  const state = listState(customerListPaths(customerId).users, context.query);
  const [customer, page] = await Promise.all([
    context.api.get<Customer>(api),
    context.api.get<ListPage<CustomerUser>>(`${api}/users?${listApiQuery(state, ITEMS_PER_PAGE)}`),
  ]);
  return {
    title: `Portal users of ${customer.name}`,
    breadcrumbs: customerListCrumbs(customer),
    lead: html`Portal users may also sign in through the customer’s identity provider: <a href="${path`/console/customers/${customerId}/sso`}">single sign-on</a>.`,
    main: html`${section(
      { id: 'users', title: 'Portal users' },
      pagedTable({
        state,
        page,
        caption: 'Portal users',
        defaultSort: 'createdAt',
        noun: ['portal user', 'portal users'],
        empty: 'No portal user yet: create the first below.',
        search: { label: 'Find a portal user', placeholder: 'E-mail begins with…' },
        csv: `${api}/users?format=csv`,
        columns: userColumns(customer.id),
      }),
    )}${section({ id: 'new', title: 'New portal user' }, newUserForm(customer.id))}`,
  };
}

/** The account's name, contact, end date (moved later to renew it) and policy. */
function accountForm(customer: Customer, policies: readonly Policy[]): SafeHtml {
  const f = formFields('edit-account');
  return apiForm({
    id: 'edit-account',
    api: path`/v1/customers/${customer.id}`,
    method: 'PATCH',
    then: { reload: true, message: 'Account saved.' },
    description:
      'A renewal moves the end date later. An earlier end date bounds the license files issued from now on; those already issued run to their own end dates.',
    fields: html`<div class="form-grid">
${f.text({ name: 'name', label: 'Name', required: true, maxLength: 200, value: customer.name })}
${f.text({ name: 'contactEmail', label: 'Contact email', type: 'email', required: true, value: customer.contactEmail, hint: 'License letters go here.' })}
${f.text({ name: 'accountEndsOn', label: 'Account ends on', type: 'date', required: true, value: customer.accountEndsOn })}
${f.select({ name: 'policyId', label: 'Policy', required: true, value: customer.policyId, options: policies.map((policy) => ({ value: policy.id, label: policy.name })) })}
</div>`,
    buttons: submitButton('Save the account', { variant: 'secondary' }),
  });
}

/** A portal user's password reset (for one who forgot it) and removal (for one who left). */
function portalUserForms(customerApi: string, user: CustomerUser): SafeHtml {
  const id = `user-${user.id}`;
  const f = formFields(`${id}-password`);
  const userApi = `${customerApi}${path`/users/${user.id}`}`;
  return html`${apiForm({
    id: `${id}-password`,
    api: `${userApi}/password`,
    className: 'inline',
    then: { reload: true, message: `New password set for ${user.email}: they choose their own at the next sign-in.` },
    fields: f.text({
      name: 'password',
      label: `New password for ${user.email}`,
      type: 'password',
      required: true,
      minLength: 12,
      autocomplete: 'new-password',
      hint: 'Their sessions end; they must change it when they sign in.',
    }),
    buttons: submitButton('Reset the password', { variant: 'secondary' }),
  })}${apiForm({
    id: `${id}-remove`,
    api: userApi,
    method: 'DELETE',
    className: 'inline',
    then: { reload: true, message: `${user.email} was removed and signed out.` },
    fields: '',
    buttons: submitButton(`Remove ${user.email}`, { variant: 'danger' }),
  })}`;
}
