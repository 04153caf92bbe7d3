import type { AuthorityAnswer, ItemOf } from '@airlock/client';
import type { Command } from '@airlock/cli-kit';

/** A webhook endpoint as `GET /v1/webhooks` lists it. */
export type WebhookRow = ItemOf<AuthorityAnswer<'/v1/webhooks'>>;

export const webhooksList: Command = {
  name: 'webhooks list',
  summary: 'List the webhook endpoints with their events and state',
  usage: '',
  options: {},
  async run(context) {
    const rows = await context.api().request<AuthorityAnswer<'/v1/webhooks'>>('GET', '/v1/webhooks');
    const state = (row: WebhookRow) =>
      row.enabled
        ? row.consecutiveFailures > 0
          ? `enabled, ${row.consecutiveFailures} failures in a row`
          : 'enabled'
        : `disabled${row.disabledReason ? `: ${row.disabledReason}` : ''}`;
    const lines = rows.map((row) => `  ${row.id}  ${row.url}  [${row.events.join(', ')}]  ${state(row)}${row.description ? `  (${row.description})` : ''}`);
    return {
      result: rows,
      text: [rows.length === 0 ? 'No webhook endpoint.' : `${rows.length} webhook endpoint${rows.length === 1 ? '' : 's'}:`, ...lines].join('\n'),
    };
  },
};
