import { apiForm, code, dataTable, dateTime, formFields, html, section, statusBadge, submitButton, type SafeHtml } from '@airlock/web';
import type { Customer, Order, Product } from '../api-types.ts';
import type { PageContent, PageContext } from '../pages.ts';
import { customerCrumbs, type CustomerPaths } from '../paths.ts';

function ordersTable(orders: readonly Order[]): SafeHtml {
  return dataTable({
    caption: 'Orders, newest first',
    rows: orders,
    empty: 'No order yet.',
    columns: [
      { header: 'LRN', cell: (order) => code(order.lrn), rowHeader: true },
      { header: 'Items', cell: (order) => html`<ul class="plain">${order.items.map((item) => html`<li>${item.quantity} × ${item.product}/${item.licenseType}, ${item.kind}${item.expiresOn ? ` until ${item.expiresOn}` : ''}</li>`)}</ul>` },
      { header: 'Ordered', cell: (order) => dateTime(order.createdAt) },
      {
        header: 'Activation',
        cell: (order) => (order.activation
          ? html`${statusBadge('activated', 'ok')} for ${code(order.activation.registrationKey)}, ${dateTime(order.activation.activatedAt)}`
          : statusBadge('not activated', 'neutral')),
      },
      { header: 'License letter', cell: (order) => order.letters.map((letter) => html`<div>${statusBadge(letter.status, letter.status === 'sent' ? 'ok' : letter.status === 'failed' ? 'bad' : 'neutral')} to ${letter.to}${letter.waiting ? html` <span class="hint">(${letter.waiting})</span>` : ''}</div>`) },
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

/** The vendor's order form: one item per order (an order with several items is made through the API). */
function newOrderForm(paths: CustomerPaths, products: readonly Product[]): SafeHtml {
  const f = formFields('new-order');
  const types = products.flatMap((product) => product.licenseTypes.map((type) => ({ value: `${product.id}/${type.id}`, label: `${product.name}: ${type.name}` })));
  return apiForm({
    id: 'new-order',
    api: `${paths.api}/orders`,
    then: { reload: true, message: 'Order {lrn} created; its license letter is on its way.' },
    fields: html`<div class="form-grid">
${f.select({ name: 'items.0.product', label: 'Product', required: true, options: products.map((product) => ({ value: product.id, label: product.name })) })}
${f.select({ name: 'items.0.licenseType', label: 'License type', required: true, options: types.map((type) => ({ value: type.value.split('/')[1]!, label: type.label })) })}
${f.number({ name: 'items.0.quantity', label: 'Quantity', value: 1, min: 1, required: true })}
${f.select({ name: 'items.0.kind', label: 'Kind', required: true, options: ['permanent', 'term', 'pilot', 'temporary'].map((kind) => ({ value: kind, label: kind })) })}
${f.text({ name: 'items.0.expiresOn', label: 'Expires on', type: 'date', optional: true, hint: 'Every kind but permanent has one.' })}
</div>`,
    buttons: submitButton('Create the order'),
  });
}

/** A customer's orders, and the activation of one with LRN + RK (SPEC F5). */
export async function ordersPage(context: PageContext, paths: CustomerPaths): Promise<PageContent> {
  const [customer, orders] = await Promise.all([context.api.get<Customer>(paths.api), context.api.get<Order[]>(`${paths.api}/orders`)]);
  const products = paths.area === 'console' ? await context.api.get<Product[]>('/v1/products') : [];
  return {
    title: 'Orders and activation',
    breadcrumbs: customerCrumbs(paths, customer.name),
    lead: 'An order’s license reference number (LRN), with the registration key (RK) a site shows, gives that site its signed license. Several orders are activated one LRN at a time.',
    main: html`${section({ id: 'activate', title: 'Activate an order for a site' }, activationForm(paths))}
${paths.area === 'console' ? section({ id: 'new-order', title: 'New order' }, newOrderForm(paths, products)) : ''}
${section({ id: 'orders', title: 'Orders' }, ordersTable(orders))}`,
  };
}
