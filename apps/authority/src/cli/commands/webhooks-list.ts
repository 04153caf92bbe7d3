import type { Command } from '@airlock/cli-kit';

/** A webhook endpoint as `GET /v1/webhooks` lists it. */
export interface WebhookRow {
  readonly id: string;
  readonly url: string;
  readonly description: string;
  readonly events: readonly string[];
  readonly enabled: boolean;
  readonly disabledReason: string | null;
  readonly consecutiveFailures: number;
}

export const webhooksList: Command = {
  name: 'webhooks list',
  summary: 'List the webhook endpoints with their events and state',
  usage: '',
  options: {},
  async run(context) {
    const rows = await context.api().request<WebhookRow[]>('GET', '/v1/webhooks');
    const state = (row: WebhookRow) => (row.enabled ? (row.consecutiveFailures > 0 ? `enabled, ${row.consecutiveFailures} failures in a row` : 'enabled') : `disabled${row.disabledReason ? `: ${row.disabledReason}` : ''}`);
    const lines = rows.map((row) => `  ${row.id}  ${row.url}  [${row.events.join(', ')}]  ${state(row)}${row.description ? `  (${row.description})` : ''}`);
    return { result: rows, text: [rows.length === 0 ? 'No webhook endpoint.' : `${rows.length} webhook endpoint${rows.length === 1 ? '' : 's'}:`, ...lines].join('\n') };
  },
};
