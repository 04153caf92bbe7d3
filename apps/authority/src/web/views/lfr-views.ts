import {
  apiForm,
  code,
  dataTable,
  dateTime,
  definitionList,
  documentQrCodes,
  downloadButton,
  formFields,
  html,
  linkButton,
  type HtmlValue,
  notice,
  path,
  section,
  statusBadge,
  submitButton,
} from '@airlock/web';
import type { Db } from '../../db/database.ts';
import { proposeOlf, type OlfProposal } from '../../features/offline-licenses/propose-olf.ts';
import type { Customer, CustomerUsage, Olf, Product, SiteCycles } from '../api-types.ts';
import type { PageContent, PageContext } from '../pages.ts';
import { customerCrumbs, type CustomerPaths } from '../paths.ts';

/** The upload form: a file, a pasted text, or the QR codes of the request, read in the browser. */
export async function lfrUploadPage(context: PageContext, paths: CustomerPaths): Promise<PageContent> {
  const customer = await context.api.get<Customer>(paths.api);
  const f = formFields('upload-lfr');
  const form = apiForm({
    id: 'upload-lfr',
    api: `${paths.api}/lfrs`,
    then: { navigate: paths.lfrTemplate },
    requireOneOf: { field: 'text', message: 'Choose the request’s file, paste its text or read its QR codes first.' },
    fields: html`${f.file({ name: 'text', label: 'License file request', accept: '.txt,text/plain', optional: true, hint: 'The file the site wrote, e.g. lfr-<site>.txt.' })}
${f.textarea({ name: 'text', label: 'Or paste its text', optional: true, rows: 6, document: true, hint: 'From -----BEGIN to the END line, whole.' })}
${f.qrReader({ into: f.idOf('text') })}`,
    buttons: submitButton('Upload and configure'),
  });
  return {
    title: 'Upload a license file request',
    breadcrumbs: customerCrumbs(paths, customer.name),
    lead: 'The site made this request (LFR) while enabled. The authority checks it, shows the usage it reports, and lets you configure the offline license file (OLF) that answers it.',
    readsQrCodes: true,
    main: section({ id: 'upload', title: 'The request' }, form),
  };
}

interface TypeRow {
  readonly type: string;
  readonly category: string;
  readonly used: number | null;
  readonly users: readonly string[];
  readonly meterTotal: number | null;
  readonly purchased: number;
  readonly heldElsewhere: number;
  readonly available: number;
}

/**
 * Configuring the OLF that answers an uploaded LFR: the usage it reports, what may be allocated
 * (bought, held by the customer's other sites, left), and the quantities and end date, warned
 * while a seat type goes below its use. The API does every check again when the form is sent.
 */
export async function lfrConfigurePage(context: PageContext, paths: CustomerPaths, lfrId: string, db: Db): Promise<PageContent> {
  // Read through the API first: it decides whether this person may see the customer at all.
  const [customer, usage] = await Promise.all([context.api.get<Customer>(paths.api), context.api.get<CustomerUsage>(`${paths.api}/usage`)]);
  const crumbs = customerCrumbs(paths, customer.name);
  const found = usage.sites.flatMap((site) => site.history.map((report) => ({ site, report }))).find(({ report }) => report.lfrId === lfrId);
  if (!found)
    return {
      title: 'Not found',
      breadcrumbs: crumbs,
      main: notice(html`<p>No license file request ${code(lfrId)} was uploaded for ${customer.name}.</p>`, { tone: 'warn', role: 'alert' }),
    };
  const { site, report } = found;
  const cycles = await context.api.get<SiteCycles>(`${paths.api}${path`/sites/${site.siteGuid}/cycles`}`);
  const entry = cycles.tenants.flatMap((tenant) => tenant.cycles.flatMap((cycle) => cycle.lfrs)).find((lfr) => lfr.id === lfrId);

  const facts = section(
    { id: 'lfr', title: 'The request' },
    definitionList([
      ['LFR', code(lfrId)],
      ['Site', html`<a href="${paths.site(site.siteGuid)}">${code(site.siteGuid)}</a>`],
      ['Tenant', site.tenant],
      ['Cycle', `${report.cycle}, request ${report.sequence}`],
      ['Made', dateTime(report.issuedAt)],
      ['Received', dateTime(report.receivedAt)],
    ]),
  );
  if (entry?.olf) {
    return {
      title: 'License file request',
      breadcrumbs: crumbs,
      main: html`${facts}${notice(html`<p>This request is answered: ${linkButton(paths.olf(entry.olf.id), 'See its offline license file')}</p>`, { tone: 'ok' })}`,
    };
  }
  if (entry?.superseded) {
    return {
      title: 'License file request',
      breadcrumbs: crumbs,
      main: html`${facts}${notice(html`<p>The site has made a later request since: only the latest one of a cycle can be answered. Upload that one.</p>`, { tone: 'warn', role: 'alert' })}`,
    };
  }

  // The same proposal the authority answers over the link with (docs/connected.md).
  const proposal = await proposeOlf(db, { customerId: customer.id, lfrId }, context.now);
  const { allocation, start: today, end: defaultEnd } = proposal;
  const proposed = new Map(proposal.entitlements.map((entitlement) => [entitlement.type, entitlement.quantity]));
  const categories = paths.area === 'console' ? await licenseTypeCategories(context) : new Map<string, string>();
  const seats = new Map(report.usage.seats.map((seat) => [seat.type, seat]));
  const meters = new Map(report.usage.meters.map((meter) => [meter.type, meter.total]));
  const types = [...new Set([...Object.keys(allocation.purchased), ...seats.keys(), ...meters.keys(), ...proposed.keys()])].sort();
  const rows: TypeRow[] = types.map((type) => ({
    type,
    category: categories.get(type) ?? (seats.has(type) ? 'seat' : meters.has(type) ? 'meter' : ''),
    used: seats.get(type)?.used ?? null,
    users: seats.get(type)?.users ?? [],
    meterTotal: meters.get(type) ?? null,
    purchased: allocation.purchased[type] ?? 0,
    heldElsewhere: allocation.heldElsewhere[type] ?? 0,
    available: allocation.available[type] ?? 0,
  }));

  const usageTable = dataTable({
    caption: 'Usage the site reports, and what may be allocated',
    rows,
    empty: 'The customer has bought nothing and the site reports no usage.',
    columns: [
      { header: 'License type', cell: (row) => html`${row.type}${row.category ? html` <span class="hint">(${row.category})</span>` : ''}`, rowHeader: true },
      { header: 'In use', cell: (row) => (row.used !== null ? row.used : row.meterTotal !== null ? `${row.meterTotal} consumed` : 0), numeric: true },
      { header: 'Users', cell: (row) => (row.users.length > 0 ? row.users.join(', ') : '–') },
      { header: 'Purchased', cell: (row) => row.purchased, numeric: true },
      { header: 'Held by other sites', cell: (row) => row.heldElsewhere, numeric: true },
      { header: 'Available here', cell: (row) => row.available, numeric: true },
    ],
  });

  const f = formFields('configure-olf');
  const quantities = rows
    .filter((row) => proposed.has(row.type))
    .map(
      (row, index) =>
        html`${f.hidden({ name: `entitlements.${index}.type`, value: row.type })}${f.number({
          name: `entitlements.${index}.quantity`,
          label: `${row.type}${row.used !== null ? ` (${row.used} in use)` : ''}`,
          value: proposed.get(row.type) ?? 0,
          min: 0,
          required: true,
          hint: `Up to ${row.available} available.`,
          ...(row.used !== null ? { used: row.used } : {}),
        })}`,
    );
  const form = apiForm({
    id: 'configure-olf',
    api: `${paths.api}${path`/lfrs/${lfrId}/olf`}`,
    then: { navigate: paths.olfTemplate, message: 'Offline license file issued.' },
    fields: html`<div class="form-grid">${f.text({ name: 'start', label: 'Start', type: 'date', value: today, readOnly: true, required: true, hint: 'An OLF starts on the day it is issued.' })}${f.text({ name: 'end', label: 'End', type: 'date', value: defaultEnd, min: today, max: customer.accountEndsOn, required: true, hint: `By the account’s end, ${customer.accountEndsOn}.` })}</div>
<fieldset><legend>Quantities</legend><div class="form-grid">${quantities}</div></fieldset>
${f.checkbox({ name: 'acceptBelowUse', label: 'Issue it even where a quantity is below what is in use', hint: 'The site will refuse to install it until enough users are unassigned.' })}`,
    buttons: submitButton('Issue the offline license file'),
  });

  return {
    title: 'Configure the offline license file',
    breadcrumbs: crumbs,
    lead: html`Answers ${code(lfrId)} ${statusBadge('awaiting OLF', 'warn')}`,
    main: html`${facts}${migrationNotice(proposal)}${section({ id: 'usage', title: 'Usage and allocation' }, usageTable)}${section({ id: 'configure', title: 'The offline license file' }, form)}`,
  };
}

/**
 * For an LFR leaving a static license (docs/connected.md, "Moving off static licenses"): the
 * quantities start from what the activated license granted, and the types the purchases do not
 * cover are named, as the answer over the link names them (MIGRATION_NOT_COVERED).
 */
export function migrationNotice(proposal: Pick<OlfProposal, 'replaced' | 'shortfall'>): HtmlValue {
  if (!proposal.replaced) return '';
  const replaced = html`<p>This request replaces the activated license ${code(proposal.replaced.licenseId)}: the quantities start from at least what it grants today.</p>`;
  if (proposal.shortfall.length === 0) return notice(replaced, { tone: 'info' });
  const types = proposal.shortfall.map((type) => html`<li>${type.type}: the license grants ${type.granted}, ${type.available} available</li>`);
  return notice(html`${replaced}<p>The purchases do not cover it: add purchases for these license types, or issue less by hand.</p><ul>${types}</ul>`, {
    tone: 'warn',
    role: 'alert',
  });
}

/** License type id → category, from the catalogue (the console may read it; customer users may not). */
async function licenseTypeCategories(context: PageContext): Promise<Map<string, string>> {
  const products = await context.api.get<Product[]>('/v1/products');
  return new Map(products.flatMap((product) => product.licenseTypes.map((type) => [type.id, type.category] as const)));
}

/** An issued OLF: its terms, its download, and a way to carry it as QR codes. */
export async function olfPage(context: PageContext, paths: CustomerPaths, olfId: string): Promise<PageContent> {
  const [customer, olf] = await Promise.all([context.api.get<Customer>(paths.api), context.api.get<Olf>(`${paths.api}${path`/olfs/${olfId}`}`)]);
  return {
    title: 'Offline license file',
    breadcrumbs: [...customerCrumbs(paths, customer.name), { href: paths.site(olf.siteGuid), label: `Site ${olf.siteGuid.slice(0, 8)}` }],
    lead: html`For site ${code(olf.siteGuid)}, tenant ${olf.tenant}: install it on the site to close cycle ${olf.cycle}.`,
    main: html`${section(
      { id: 'olf', title: 'Terms' },
      html`${definitionList([
        ['OLF', code(olf.id)],
        ['Answers', code(olf.lfrId)],
        ['Start', olf.start],
        ['End', olf.end],
        ['Issued', dateTime(olf.issuedAt)],
      ])}${dataTable({
        caption: 'Entitlements',
        rows: olf.entitlements,
        empty: 'No entitlement.',
        columns: [
          { header: 'License type', cell: (entitlement) => entitlement.type, rowHeader: true },
          { header: 'Category', cell: (entitlement) => entitlement.category },
          { header: 'Quantity', cell: (entitlement) => entitlement.quantity, numeric: true },
        ],
      })}`,
    )}
${section({ id: 'carry', title: 'Carry it to the site' }, html`<div class="panel-actions">${downloadButton({ id: 'download-olf', label: 'Download the OLF', api: `${paths.api}${path`/olfs/${olf.id}`}`, field: 'text', filename: `olf-${olf.siteGuid}.txt`, variant: 'primary' })}${linkButton(paths.olfQr(olf.id), 'Show as QR codes')}</div>`)}`,
  };
}

/** An OLF as QR codes, for networks where removable media are forbidden. */
export async function olfQrPage(context: PageContext, paths: CustomerPaths, olfId: string): Promise<PageContent> {
  const [customer, olf] = await Promise.all([context.api.get<Customer>(paths.api), context.api.get<Olf>(`${paths.api}${path`/olfs/${olfId}`}`)]);
  return {
    title: 'Offline license file as QR codes',
    breadcrumbs: [...customerCrumbs(paths, customer.name), { href: paths.olf(olf.id), label: 'Offline license file' }],
    lead: 'Read every code with the site’s QR reader, in any order: it joins them into the file.',
    main: section({ id: 'codes', title: `OLF ${olf.id}` }, await documentQrCodes(olf.text, { name: 'Offline license file' })),
  };
}
