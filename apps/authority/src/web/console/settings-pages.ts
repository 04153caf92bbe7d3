import {
  apiForm,
  code,
  dataTable,
  dateTime,
  describeSpan,
  downloadButton,
  formFields,
  html,
  listApiQuery,
  listState,
  pagedTable,
  path,
  section,
  statusBadge,
  submitButton,
  type ListPage,
  type SafeHtml,
} from '@airlock/web';
import type { AuditEvent, KeyInfo, KeyList, Policy, PortalBrandAnswer, Product, RootKey, Trial, TrialOffer } from '../api-types.ts';
import type { PageContent, PageContext } from '../pages.ts';
import { productTrial } from './trial-views.ts';

/** Products, their license types and trials, and forms for them. */
export async function cataloguePage(context: PageContext): Promise<PageContent> {
  const [products, offers, trials, policies] = await Promise.all([
    context.api.get<Product[]>('/v1/products'),
    context.api.get<TrialOffer[]>('/v1/trial-offers'),
    context.api.get<Trial[]>('/v1/trials'),
    context.api.get<Policy[]>('/v1/policies'),
  ]);
  const product = formFields('new-product');
  const typeForm = (productId: string) => {
    const f = formFields(`new-type-${productId}`);
    return apiForm({
      id: `new-type-${productId}`,
      api: path`/v1/products/${productId}/license-types`,
      className: 'inline',
      then: { reload: true, message: 'License type added.' },
      fields: html`${f.text({ name: 'id', label: 'Type id', required: true, pattern: '[a-z0-9][a-z0-9\\-]*', spellcheck: false })}${f.text({ name: 'name', label: 'Name', required: true })}${f.select(
        {
          name: 'category',
          label: 'Counted as',
          required: true,
          options: [
            { value: 'seat', label: 'seats (assigned users)' },
            { value: 'meter', label: 'a meter (consumption)' },
            { value: 'feature', label: 'a feature (on or off)' },
          ],
        },
      )}`,
      buttons: submitButton('Add the type', { variant: 'secondary' }),
    });
  };
  return {
    title: 'Catalogue',
    lead: 'Products and their license types: seats are counted in assigned users, meters in consumption, features are on or off.',
    main: html`${products.map((item) =>
      section(
        { id: `product-${item.id}`, title: `${item.name}` },
        html`${dataTable({
          caption: `License types of ${item.name}`,
          captionHidden: true,
          rows: item.licenseTypes,
          empty: 'No license type yet.',
          columns: [
            { header: 'Type', cell: (type) => type.name, rowHeader: true },
            { header: 'Id', cell: (type) => code(type.id) },
            { header: 'Counted as', cell: (type) => type.category },
          ],
        })}${typeForm(item.id)}${productTrial(
          item,
          offers.find((offer) => offer.productId === item.id),
          trials.filter((trial) => trial.productId === item.id),
          policies,
        )}`,
      ),
    )}${section(
      { id: 'new-product', title: 'New product' },
      apiForm({
        id: 'new-product',
        api: '/v1/products',
        className: 'inline',
        then: { reload: true, message: 'Product created.' },
        fields: html`${product.text({ name: 'id', label: 'Id', required: true, pattern: '[a-z0-9][a-z0-9\\-]*', spellcheck: false })}${product.text({ name: 'name', label: 'Name', required: true })}`,
        buttons: submitButton('Create the product'),
      }),
    )}`,
  };
}

const span = (ms: number) => describeSpan(ms) ?? `${ms} ms`;

const siteLicensingChoices = [
  { value: '', label: 'default (files or connected)' },
  { value: 'files', label: 'files carried by hand only' },
  { value: 'files-or-connected', label: 'files or connected' },
  { value: 'connected', label: 'connected only (over the link)' },
];
const approvalChoices = [
  { value: '', label: 'default (automatic)' },
  { value: 'automatic', label: 'automatic: answered at once' },
  { value: 'manual', label: 'manual: a person issues each OLF' },
];

/** The modes a policy allows its sites (docs/connected.md), in one line for the policies table. */
function siteLicensingSummary(policy: Policy): string {
  if (policy.siteLicensing === 'files') return 'files only';
  const link = `${policy.siteLicensing === 'connected' ? 'connected only' : 'files or connected'}, ${policy.connectedApproval}, every ${span(policy.exchangeIntervalMs)}`;
  return policy.minimumConnectedSiteVersion === null ? link : `${link}, from ${policy.minimumConnectedSiteVersion}`;
}

/** Licensing policies, and a new one (settings left out take the defaults). */
export async function policiesPage(context: PageContext): Promise<PageContent> {
  const policies = await context.api.get<Policy[]>('/v1/policies');
  const f = formFields('new-policy');
  return {
    title: 'Policies',
    lead: 'Templates for licenses: kind, offline activation, activation limits and the windows of the offline cycle.',
    main: html`${section(
      { id: 'policies', title: 'Policies' },
      dataTable({
        caption: 'Policies',
        captionHidden: true,
        rows: policies,
        empty: 'No policy yet.',
        columns: [
          { header: 'Policy', cell: (policy) => html`${policy.name} <span class="hint">${code(policy.id)}</span>`, rowHeader: true },
          { header: 'Kind', cell: (policy) => policy.kind },
          { header: 'Offline', cell: (policy) => (policy.allowOffline ? statusBadge('allowed', 'ok') : statusBadge('not allowed', 'neutral')) },
          { header: 'Activations', cell: (policy) => policy.maxActivations ?? 'unlimited', numeric: true },
          { header: 'Token valid', cell: (policy) => span(policy.enablementTokenTtlMs) },
          {
            header: 'Install within',
            cell: (policy) => `${span(policy.cycleWindowFromFirstLfrMs)} of the first LFR, ${span(policy.cycleWindowFromLatestLfrMs)} of the latest`,
          },
          { header: 'Minimum site version', cell: (policy) => policy.minimumSiteVersion ?? '–' },
          { header: 'Site licensing', cell: (policy) => siteLicensingSummary(policy) },
        ],
      }),
    )}${section(
      { id: 'new', title: 'New policy' },
      apiForm({
        id: 'new-policy',
        api: '/v1/policies',
        then: { reload: true, message: 'Policy created.' },
        description:
          'The other settings take their defaults: a 24-hour token, 7 days from the first LFR and 48 hours from the latest to install the OLF; sites may carry their files by hand or exchange them over a link, answered at once, daily.',
        fields: html`<div class="form-grid">
${f.text({ name: 'id', label: 'Id', required: true, pattern: '[a-z0-9][a-z0-9\\-]*', spellcheck: false })}
${f.text({ name: 'name', label: 'Name', required: true })}
${f.select({ name: 'kind', label: 'Kind', optional: true, options: [{ value: '', label: 'default (term)' }, ...['permanent', 'term', 'subscription', 'pilot', 'temporary', 'consumption'].map((kind) => ({ value: kind, label: kind }))] })}
${f.text({ name: 'minimumSiteVersion', label: 'Minimum site version', optional: true, pattern: '\\d+(\\.\\d+){0,3}' })}
${f.select({ name: 'siteLicensing', label: 'Site licensing', optional: true, options: siteLicensingChoices, hint: 'How sites exchange their license files with the authority (docs/connected.md).' })}
${f.select({ name: 'connectedApproval', label: 'Answers over the link', optional: true, options: approvalChoices })}
${f.number({ name: 'exchangeIntervalMs', label: 'Exchange interval (hours)', optional: true, valueType: 'hours', hint: 'How often a connected site sends its request: 5 minutes to 31 days. Empty: daily.' })}
${f.text({ name: 'minimumConnectedSiteVersion', label: 'Minimum site version for connected mode', optional: true, pattern: '\\d+(\\.\\d+){0,3}' })}
</div>
${f.checkbox({ name: 'allowOffline', label: 'Allow offline activation', checked: true })}`,
        buttons: submitButton('Create the policy'),
      }),
    )}`,
  };
}

/** Audit events per page of the console's log. */
const EVENTS_PER_PAGE = 50;
/** The audit log's default order in the API: newest first. */
const AUDIT_DEFAULT_SORT = '-id';
/** The events of one CSV download: the most one page of the API holds. */
const EVENTS_PER_CSV = 500;
/** The audit log's filters, as the API and the page's query string name them. */
const AUDIT_FILTERS = ['objectType', 'objectId', 'actor', 'action'] as const;

/** One filter field of the audit log's form. */
function auditFilterField(name: (typeof AUDIT_FILTERS)[number], label: string, value: string | undefined, placeholder: string): SafeHtml {
  return html`<div class="field"><label for="audit-${name}">${label}</label><input id="audit-${name}" type="text" name="${name}" value="${value ?? ''}" placeholder="${placeholder}" maxlength="200" spellcheck="false"></div>`;
}

/**
 * The audit log a page at a time from the paged API (README, "Lists: pages, sorts and search"):
 * newest first, filtered by object type, object id, actor or action, searched by a prefix of the
 * object id, with previous / next links and the events of the filters as CSV.
 */
export async function auditPage(context: PageContext): Promise<PageContent> {
  const state = listState('/console/audit', context.query, AUDIT_FILTERS);
  const page = await context.api.get<ListPage<AuditEvent>>(`/v1/audit?${listApiQuery(state, EVENTS_PER_PAGE)}`);
  const filters = state.filters ?? {};
  const change = (event: AuditEvent): SafeHtml => {
    const parts = [
      event.before === null || event.before === undefined ? '' : `before: ${JSON.stringify(event.before)}`,
      event.after === null || event.after === undefined ? '' : `after: ${JSON.stringify(event.after)}`,
    ].filter(Boolean);
    return parts.length === 0 ? html`–` : html`<details><summary>What changed</summary><pre class="mono">${parts.join('\n')}</pre></details>`;
  };
  // The CSV of the filters, search and order shown, from this page on: one API page, at most 500 events.
  const csv = new URLSearchParams({ ...filters, limit: String(EVENTS_PER_CSV), format: 'csv' });
  if (state.q !== undefined) csv.set('q', state.q);
  if (state.sort !== undefined) csv.set('sort', state.sort);
  if (state.after !== undefined) csv.set('after', state.after);
  return {
    title: 'Audit log',
    lead: 'Every license-changing action: who, what, when, and the object before and after.',
    main: html`${section(
      { id: 'filter', title: 'Filter' },
      html`<form class="api-form inline" method="get" action="/console/audit" id="audit-filter">
${auditFilterField('objectType', 'Object type', filters.objectType, 'e.g. site')}
${auditFilterField('objectId', 'Object id', filters.objectId, '')}
${auditFilterField('actor', 'Actor', filters.actor, 'e.g. admin:alice')}
${auditFilterField('action', 'Action', filters.action, 'e.g. customer.create')}
${state.sort === undefined ? '' : html`<input type="hidden" name="sort" value="${state.sort}">`}
<div class="form-actions"><button type="submit" class="button button-secondary">Filter</button>${state.filters === undefined ? '' : html` <a href="/console/audit">Clear the filters</a>`}</div>
</form>`,
    )}${section(
      { id: 'events', title: 'Events' },
      html`${pagedTable({
        state,
        page,
        caption: 'Audit events',
        defaultSort: AUDIT_DEFAULT_SORT,
        noun: ['event', 'events'],
        empty: state.filters === undefined ? 'No event yet.' : 'No event matches these filters.',
        search: { label: 'Find by object id', placeholder: 'Object id begins with…' },
        columns: [
          { header: 'When', sortKey: 'id', cell: (event) => dateTime(event.at), rowHeader: true },
          { header: 'Who', cell: (event) => event.actor },
          { header: 'Action', cell: (event) => code(event.action) },
          { header: 'Object', cell: (event) => html`${event.objectType} ${code(event.objectId)}` },
          { header: 'Change', cell: change },
          { header: 'Request', cell: (event) => (event.requestId ? code(event.requestId.slice(0, 8)) : '–') },
        ],
      })}<p class="list-export"><a href="/v1/audit?${csv.toString()}" download>Download ${EVENTS_PER_CSV} events from this page on as CSV</a></p>`,
    )}`,
  };
}

const purposes: Record<KeyInfo['purpose'], string> = { root: 'root (certifies the others)', sig: 'signing', enc: 'encryption' };

/** The authority's keys: rotate, revoke, and the root to pin. */
export async function keysPage(context: PageContext): Promise<PageContent> {
  const [list, root] = await Promise.all([context.api.get<KeyList>('/v1/keys'), context.api.get<RootKey>('/v1/keys/root')]);
  const rotate = formFields('rotate-key');
  const revokeForm = (key: KeyInfo) => {
    const f = formFields(`revoke-${key.kid.slice(0, 12)}`);
    return apiForm({
      id: `revoke-${key.kid.slice(0, 12)}`,
      api: path`/v1/keys/${key.kid}/revoke`,
      className: 'inline',
      then: { reload: true, message: 'Key revoked; the root signed a new revocation list.' },
      fields: f.text({ name: 'reason', label: 'Reason', required: true, maxLength: 200 }),
      buttons: submitButton('Revoke', { variant: 'danger' }),
    });
  };
  return {
    title: 'Keys',
    lead: html`Sites and applications pin the root key ${code(root.kid)}; the root certifies the signing and encryption keys, which rotate and can be revoked without touching them.`,
    main: html`${section({ id: 'root', title: 'Root key' }, html`<p>Give it to every site and application that must trust this authority.</p><div class="panel-actions">${downloadButton({ id: 'root-jwk', label: 'Export the root key (JWK)', api: '/v1/keys/root', field: 'jwk', filename: 'airlock-root-key.jwk.json', variant: 'primary' })}${downloadButton({ id: 'root-pem', label: 'Export as PEM', api: '/v1/keys/root', field: 'pem', filename: 'airlock-root-key.pem' })}</div>`)}
${section(
  { id: 'keys', title: 'Keys' },
  dataTable({
    caption: 'Keys',
    captionHidden: true,
    rows: list.keys,
    empty: 'No key.',
    columns: [
      { header: 'Key', cell: (key) => code(key.kid), rowHeader: true },
      { header: 'Purpose', cell: (key) => purposes[key.purpose] },
      { header: 'Status', cell: (key) => statusBadge(key.status, key.status === 'active' ? 'ok' : key.status === 'revoked' ? 'bad' : 'neutral') },
      { header: 'Valid', cell: (key) => html`${dateTime(key.notBefore)} to ${dateTime(key.notAfter)}` },
      { header: 'Revoke', cell: (key) => (key.purpose !== 'root' && key.status !== 'revoked' ? revokeForm(key) : '–') },
    ],
  }),
)}
${section(
  { id: 'rotate', title: 'Rotate a key' },
  apiForm({
    id: 'rotate-key',
    api: '/v1/keys/rotate',
    className: 'inline',
    then: { reload: true, message: 'Key rotated: the new key is active, the old one retired.' },
    fields: rotate.select({
      name: 'purpose',
      label: 'Key',
      required: true,
      options: [
        { value: 'sig', label: 'signing' },
        { value: 'enc', label: 'encryption' },
      ],
    }),
    buttons: submitButton('Rotate'),
  }),
)}
<p class="hint">Revocation list: ${list.revocationList ? `serial ${list.revocationList.serial}` : 'none yet'}.</p>`,
  };
}

/** The customer portal's brands, per host name. */
export async function brandingPage(context: PageContext): Promise<PageContent> {
  const brands = await context.api.get<PortalBrandAnswer[]>('/v1/branding');
  const f = formFields('set-brand');
  return {
    title: 'Portal branding',
    lead: 'The customer portal shows the brand of the host name it is reached under: name, logo and colours. Other hosts show the default.',
    main: html`${section(
      { id: 'brands', title: 'Brands' },
      dataTable({
        caption: 'Brands by host name',
        captionHidden: true,
        rows: brands,
        empty: 'No host has a brand of its own.',
        columns: [
          { header: 'Host name', cell: (brand) => code(brand.hostName ?? ''), rowHeader: true },
          { header: 'Name', cell: (brand) => brand.name },
          { header: 'Colours', cell: (brand) => `${brand.colors.primary}, ${brand.colors.background}, ${brand.colors.text}` },
          {
            header: 'Logo',
            cell: (brand) =>
              brand.logoDataUri
                ? html`<img class="brand-preview" src="${brand.logoDataUri}" alt="${brand.name} logo" height="32">`
                : brand.logoUrl
                  ? html`${brand.logoUrl} <span class="hint">(not shown: pages load images from this server only)</span>`
                  : '–',
          },
        ],
      }),
    )}${section(
      { id: 'set', title: 'Set a brand' },
      apiForm({
        id: 'set-brand',
        api: '/v1/branding/{hostName}',
        method: 'PUT',
        then: { reload: true, message: 'Brand saved.' },
        fields: html`<div class="form-grid">
${f.text({ name: 'hostName', label: 'Host name', required: true, spellcheck: false, hint: 'As customers type it, e.g. licenses.example.com.' })}
${f.text({ name: 'name', label: 'Name', required: true })}
${f.text({ name: 'colors.primary', label: 'Primary colour', type: 'color', required: true, value: '#1f4e79' })}
${f.text({ name: 'colors.background', label: 'Background colour', type: 'color', required: true, value: '#f4f6f9' })}
${f.text({ name: 'colors.text', label: 'Text colour', type: 'color', required: true, value: '#1b2430' })}
${f.text({ name: 'supportEmail', label: 'Support email', type: 'email', optional: true })}
</div>
${f.file({ name: 'logoDataUri', label: 'Logo file', accept: 'image/png,image/jpeg,image/gif,image/webp,image/svg+xml', readAs: 'data-uri', hint: 'A PNG, JPEG, GIF, WebP or SVG image of about 190 KiB at most, read in this browser.' })}
${f.textarea({ name: 'logoDataUri', label: 'Or the logo as a data: URI', optional: true, rows: 3, document: true, hint: 'data:image/png;base64,…' })}`,
        requireOneOf: { field: 'logoDataUri', message: 'Choose a logo file, or paste the logo as a data: URI.' },
        buttons: submitButton('Save the brand'),
      }),
    )}`,
  };
}
