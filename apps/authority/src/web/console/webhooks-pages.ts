import {
  apiForm,
  code,
  dataTable,
  dateTime,
  formFields,
  html,
  linkButton,
  notice,
  path,
  section,
  statusBadge,
  submitButton,
  type HtmlValue,
} from '@airlock/web';
import type { EventType } from '../../features/webhooks/event-catalogue.ts';
import type { DeliveryView } from '../../features/webhooks/webhook-deliveries.ts';
import type { WebhookEndpoint } from '../../features/webhooks/webhook-endpoints.ts';
import type { PageContent, PageContext } from '../pages.ts';

/**
 * Webhooks in the console (README, "Webhooks"): the endpoints with their state, a form to
 * register one (its signing secret shown once, in the form's answer), and per endpoint its
 * delivery log with redelivery, an edit form, disable / enable and secret rotation.
 */
export async function webhooksPage(context: PageContext): Promise<PageContent> {
  const [endpoints, catalogue] = await Promise.all([
    context.api.get<WebhookEndpoint[]>('/v1/webhooks'),
    context.api.get<EventType[]>('/v1/webhooks/event-types'),
  ]);
  const create = formFields('create-webhook');
  return {
    title: 'Webhooks',
    lead: "Events pushed to the vendor's other tools (CRM, ERP, support), signed, retried until delivered.",
    main: html`${section(
      { id: 'endpoints', title: `Endpoints (${endpoints.length})` },
      dataTable({
        caption: 'Webhook endpoints',
        captionHidden: true,
        rows: endpoints,
        empty: 'No webhook endpoint yet.',
        columns: [
          { header: 'URL', cell: (row) => html`<a href="${path`/console/webhooks/${row.id}`}">${row.url}</a>`, rowHeader: true },
          { header: 'Description', cell: (row) => row.description },
          { header: 'Events', cell: (row) => html`${row.events.map((event) => html`${code(event)} `)}` },
          { header: 'State', cell: (row) => stateOf(row) },
          { header: '', cell: (row) => toggleForm(row) },
        ],
      }),
    )}
${apiForm({
  id: 'create-webhook',
  api: '/v1/webhooks',
  title: 'New endpoint',
  submitLabel: 'Create the endpoint',
  description: html`<p>The signing secret is shown once, in this form's answer: put it in the receiver then. URLs are https (http only to this machine).</p>`,
  then: { message: 'Endpoint {endpoint.id} created. Its signing secret, shown only now: {secret}' },
  fields: html`<div class="form-grid">${create.text({ name: 'url', label: 'URL', type: 'url', required: true, maxLength: 2000, placeholder: 'https://crm.example.com/airlock' })}${create.text({ name: 'description', label: 'Description', optional: true, maxLength: 500 })}${create.textarea(
    {
      name: 'events',
      label: 'Events, one per line',
      required: true,
      rows: 4,
      valueType: 'lines',
      value: '*',
      hint: html`An event type, <code>prefix.*</code> or <code>*</code>; see the catalogue below.`,
    },
  )}</div>`,
})}
${section(
  { id: 'event-types', title: `Event types (${catalogue.length})` },
  dataTable({
    caption: 'Event types',
    captionHidden: true,
    rows: catalogue,
    empty: '',
    columns: [
      { header: 'Type', cell: (row) => code(row.type), rowHeader: true },
      { header: 'When', cell: (row) => row.description },
    ],
  }),
)}`,
  };
}

/** One endpoint: its settings, its actions and its delivery log. */
export async function webhookPage(context: PageContext, webhookId: string): Promise<PageContent> {
  const [endpoint, deliveries] = await Promise.all([
    context.api.get<WebhookEndpoint>(path`/v1/webhooks/${webhookId}`),
    context.api.get<DeliveryView[]>(`${path`/v1/webhooks/${webhookId}/deliveries`}?limit=100`),
  ]);
  const edit = formFields('edit-webhook');
  return {
    title: endpoint.description || endpoint.url,
    lead: html`${endpoint.url} · ${stateOf(endpoint)}`,
    breadcrumbs: [{ href: '/console/webhooks', label: 'Webhooks' }],
    main: html`${endpoint.disabledReason ? notice(html`Disabled by the authority: ${endpoint.disabledReason}. Its queued events leave, in order, once it is enabled.`, { tone: 'bad' }) : ''}
${section(
  { id: 'deliveries', title: `Deliveries (latest ${deliveries.length})` },
  dataTable({
    caption: 'Deliveries',
    captionHidden: true,
    rows: deliveries,
    empty: 'No event sent to this endpoint yet.',
    columns: [
      {
        header: 'Event',
        cell: (row) => html`${code(row.eventType)} ${row.object.type} ${row.object.id}<br><small>${row.eventId} · ${dateTime(row.createdAt)}</small>`,
        rowHeader: true,
      },
      { header: 'Status', cell: (row) => deliveryState(row) },
      { header: 'Attempts', cell: (row) => attemptsOf(row) },
      {
        header: '',
        cell: (row) =>
          apiForm({
            id: `redeliver-${row.id}`,
            api: path`/v1/webhooks/${endpoint.id}/deliveries/${row.id}/redeliver`,
            then: { reload: true, message: `Delivery ${row.id} queued again.` },
            fields: '',
            buttons: submitButton('Redeliver'),
            className: 'inline-form',
          }),
      },
    ],
  }),
)}
${section(
  { id: 'settings', title: 'Settings' },
  html`${apiForm({
    id: 'edit-webhook',
    api: path`/v1/webhooks/${endpoint.id}`,
    method: 'PATCH',
    title: 'Edit',
    submitLabel: 'Save',
    then: { reload: true, message: 'Endpoint saved.' },
    fields: html`<div class="form-grid">${edit.text({ name: 'url', label: 'URL', type: 'url', required: true, maxLength: 2000, value: endpoint.url })}${edit.text({ name: 'description', label: 'Description', optional: true, maxLength: 500, value: endpoint.description })}${edit.textarea(
      {
        name: 'events',
        label: 'Events, one per line',
        required: true,
        rows: 4,
        valueType: 'lines',
        value: endpoint.events.join('\n'),
      },
    )}</div>`,
  })}
${toggleForm(endpoint)}
${apiForm({
  id: 'rotate-secret',
  api: path`/v1/webhooks/${endpoint.id}/rotate-secret`,
  title: 'Signing secret',
  submitLabel: 'Rotate the secret',
  description: html`<p>A new secret is shown once, in this form's answer. The current one keeps signing beside it for 24 hours${endpoint.previousSecretExpiresAt ? html` (the one rotated out before signs until ${dateTime(endpoint.previousSecretExpiresAt)})` : ''}.</p>`,
  confirm: 'Make a new signing secret? Update the receiver within 24 hours.',
  then: { message: 'New signing secret, shown only now: {secret}' },
  fields: '',
})}`,
)}
${linkButton('/console/webhooks', 'All endpoints')}`,
  };
}

function stateOf(row: WebhookEndpoint): HtmlValue {
  if (!row.enabled) return statusBadge(row.disabledReason ? 'disabled after failures' : 'disabled', row.disabledReason ? 'bad' : 'neutral');
  return row.consecutiveFailures > 0 ? statusBadge(`failing: ${row.consecutiveFailures} in a row`, 'warn') : statusBadge('enabled', 'ok');
}

function toggleForm(row: WebhookEndpoint): HtmlValue {
  const fields = formFields(`toggle-${row.id}`);
  return apiForm({
    id: `toggle-${row.id}`,
    api: path`/v1/webhooks/${row.id}`,
    method: 'PATCH',
    then: { reload: true, message: row.enabled ? 'Endpoint disabled.' : 'Endpoint enabled.' },
    ...(row.enabled ? { confirm: `Disable ${row.url}? Its events are kept and leave once it is enabled again.` } : {}),
    fields: fields.hidden({ name: 'enabled', value: row.enabled ? 'false' : 'true', valueType: 'boolean' }),
    buttons: submitButton(row.enabled ? 'Disable' : 'Enable', row.enabled ? { variant: 'danger' } : {}),
    className: 'inline-form',
  });
}

function deliveryState(row: DeliveryView): HtmlValue {
  if (row.status === 'delivered') return html`${statusBadge('delivered', 'ok')} ${row.deliveredAt ? dateTime(row.deliveredAt) : ''}`;
  if (row.status === 'failed') return html`${statusBadge('given up', 'bad')} ${row.lastError ?? ''}`;
  return html`${statusBadge('queued', row.lastError ? 'warn' : 'info')} ${row.nextAttemptAt ? html`next ${dateTime(row.nextAttemptAt)}` : ''}${row.lastError ? html`<br><small>${row.lastError}</small>` : ''}`;
}

function attemptsOf(row: DeliveryView): HtmlValue {
  if (row.log.length === 0) return '0';
  return html`<ol class="attempts">${row.log.map((attempt) => html`<li>${dateTime(attempt.at)}: ${attempt.statusCode === null ? (attempt.error ?? 'no answer') : `HTTP ${attempt.statusCode}`} (${attempt.durationMs} ms)</li>`)}</ol>`;
}
