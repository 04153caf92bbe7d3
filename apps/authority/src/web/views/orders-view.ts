import {
  apiForm,
  code,
  dateTime,
  formFields,
  formRow,
  html,
  listApiQuery,
  listState,
  pagedTable,
  path,
  section,
  statusBadge,
  submitButton,
  type ListPage,
  type ListState,
  type SafeHtml,
} from '@airlock/web';
import type { Customer, Order, Product } from '../api-types.ts';
import type { PageContent, PageContext } from '../pages.ts';
import { customerCrumbs, type CustomerPaths } from '../paths.ts';

/** The vendor's button that sends an order's license letter again, to its contact or another address. */
function resendForm(paths: CustomerPaths, order: Order): SafeHtml {
  const id = `resend-${order.id}`;
  const f = formFields(id);
  return apiForm({
    id,
    api: `${paths.api}${path`/orders/${order.id}/letters`}`,
    className: 'inline',
    then: { reload: true, message: `The license letter of ${order.lrn} is queued again: the orders below show where it stands.` },
    fields: f.text({ name: 'to', label: 'To', type: 'email', optional: true, autocomplete: 'off', hint: 'Empty: the customer’s contact.' }),
    buttons: submitButton('Send the letter again', { variant: 'secondary' }),
  });
}

/**
 * Where one license letter stands. The console says why a queued letter waits (the vendor's
 * mail settings among the reasons); the portal tells the customer only what concerns them.
 */
function letterLine(letter: Order['letters'][number], area: CustomerPaths['area']): SafeHtml {
  const badge = statusBadge(letter.status, letter.status === 'sent' ? 'ok' : letter.status === 'failed' ? 'bad' : 'neutral');
  if (area === 'console') return html`<div>${badge} to ${letter.to}${letter.waiting ? html` <span class="hint">(${letter.waiting})</span>` : ''}</div>`;
  const said = letter.status === 'sent' ? '' : letter.status === 'failed' ? 'it could not be delivered: ask your vendor to send it again' : 'not sent yet';
  return html`<div>${badge} to ${letter.to}${said ? html` <span class="hint">(${said})</span>` : ''}</div>`;
}

/** Orders per page of the console's and the portal's lists. */
const ORDERS_PER_PAGE = 50;

/** A page of the customer's orders: searched by a prefix of the order id or LRN, newest first or by id, with the CSV. */
function ordersTable(state: ListState, page: ListPage<Order>, paths: CustomerPaths): SafeHtml {
  return pagedTable({
    state,
    page,
    caption: 'Orders',
    defaultSort: '-createdAt',
    noun: ['order', 'orders'],
    empty: 'No order yet.',
    search: { label: 'Find an order', placeholder: 'LRN or order id begins with…' },
    csv: `${paths.api}/orders?format=csv`,
    columns: [
      { header: 'LRN', cell: (order) => code(order.lrn), rowHeader: true },
      {
        header: 'Items',
        cell: (order) =>
          html`<ul class="plain">${order.items.map((item) => html`<li>${item.quantity} × ${item.product}/${item.licenseType}, ${item.kind}${item.expiresOn ? ` until ${item.expiresOn}` : ''}</li>`)}</ul>`,
      },
      { header: 'Ordered', sortKey: 'createdAt', cell: (order) => dateTime(order.createdAt) },
      {
        header: 'Activation',
        cell: (order) =>
          order.activation
            ? html`${statusBadge('activated', 'ok')} for ${code(order.activation.registrationKey)}, ${dateTime(order.activation.activatedAt)}`
            : statusBadge('not activated', 'neutral'),
      },
      {
        header: 'License letter',
        cell: (order) => html`${order.letters.map((letter) => letterLine(letter, paths.area))}${paths.area === 'console' ? resendForm(paths, order) : ''}`,
      },
    ],
  });
}

/** The form that turns an LRN and a site's RK into that site's signed license. */
function activationForm(paths: CustomerPaths): SafeHtml {
  const f = formFields('activate-order');
  return apiForm({
    id: 'activate-order',
    api: `${paths.api}/activations`,
    then: { download: { field: 'text', filename: 'license-{lrn}.txt' }, message: 'Activated: license {licenseId}, revision {revision}, merging {lrns}.' },
    fields: html`<div class="form-grid">${f.text({ name: 'lrn', label: 'License reference number (LRN)', required: true, spellcheck: false, autocomplete: 'off', hint: 'From the license letter.' })}${f.text({ name: 'registrationKey', label: 'Registration key (RK)', required: true, spellcheck: false, autocomplete: 'off', hint: 'Shown by the site, per tenant.' })}</div>`,
    buttons: submitButton('Activate and download the license'),
  });
}

/** How many item rows the order form offers; a row left empty is not part of the order. */
const ORDER_FORM_ROWS = 3;

/** The vendor's order form: up to three items (more through the API); rows left empty are left out. */
function newOrderForm(paths: CustomerPaths, products: readonly Product[]): SafeHtml {
  const f = formFields('new-order');
  const types = products.flatMap((product) => product.licenseTypes.map((type) => ({ value: type.id, label: `${product.name}: ${type.name}` })));
  const kinds = ['permanent', 'term', 'pilot', 'temporary'].map((kind) => ({ value: kind, label: kind }));
  const row = (index: number) => {
    // The first item is required; the others are chosen from an empty start.
    const first = index === 0;
    const none = first ? [] : [{ value: '', label: '—' }];
    return formRow(
      `Item ${index + 1}`,
      html`
${f.select({ name: `items.${index}.product`, label: 'Product', required: first, options: [...none, ...products.map((product) => ({ value: product.id, label: product.name }))] })}
${f.select({ name: `items.${index}.licenseType`, label: 'License type', required: first, options: [...none, ...types] })}
${f.number({ name: `items.${index}.quantity`, label: 'Quantity', min: 1, required: first, ...(first ? { value: 1 } : {}) })}
${f.select({ name: `items.${index}.kind`, label: 'Kind', required: first, options: [...none, ...kinds] })}
${f.text({ name: `items.${index}.expiresOn`, label: 'Expires on', type: 'date', optional: true, hint: 'Every kind but permanent has one.' })}`,
    );
  };
  return apiForm({
    id: 'new-order',
    api: `${paths.api}/orders`,
    then: { reload: true, message: 'Order {lrn} created; its license letter to {letters.0.to} is queued: the orders below show where it stands.' },
    fields: html`${Array.from({ length: ORDER_FORM_ROWS }, (_, index) => row(index))}`,
    buttons: submitButton('Create the order'),
  });
}

/** A customer's orders, and the activation of one with LRN + RK (docs/design.md, F5). */
export async function ordersPage(context: PageContext, paths: CustomerPaths): Promise<PageContent> {
  const state = listState(paths.orders, context.query);
  const [customer, orders] = await Promise.all([
    context.api.get<Customer>(paths.api),
    context.api.get<ListPage<Order>>(`${paths.api}/orders?${listApiQuery(state, ORDERS_PER_PAGE)}`),
  ]);
  const products = paths.area === 'console' ? await context.api.get<Product[]>('/v1/products') : [];
  return {
    title: 'Orders and activation',
    breadcrumbs: customerCrumbs(paths, customer.name),
    lead: 'An order’s license reference number (LRN), with the registration key (RK) a site shows, gives that site its signed license. Several orders are activated one LRN at a time.',
    main: html`${section({ id: 'activate', title: 'Activate an order for a site' }, activationForm(paths))}
${paths.area === 'console' ? section({ id: 'new-order', title: 'New order' }, newOrderForm(paths, products)) : ''}
${section({ id: 'orders', title: 'Orders' }, ordersTable(state, orders, paths))}`,
  };
}
