import type { AuthorityAnswer, ItemOf } from '@airlock/client';
import { type Command, option, segment } from '@airlock/cli-kit';

/** A delivery as `GET /v1/webhooks/{id}/deliveries` lists it. */
type DeliveryRow = ItemOf<AuthorityAnswer<'/v1/webhooks/{webhookId}/deliveries'>>;

export const webhooksDeliveries: Command = {
  name: 'webhooks deliveries',
  summary: "An endpoint's delivery log, newest first",
  usage: '<webhookId> [--status queued|delivered|failed] [--limit <n>]',
  options: { status: { type: 'string' }, limit: { type: 'string' } },
  positionals: ['webhookId'],
  async run(context) {
    const [id = ''] = context.positionals;
    const query = new URLSearchParams();
    const status = option(context, 'status');
    const limit = option(context, 'limit');
    if (status !== undefined) query.set('status', status);
    if (limit !== undefined) query.set('limit', limit);
    const rows = await context.api().request<DeliveryRow[]>('GET', `/v1/webhooks/${segment(id)}/deliveries${query.size > 0 ? `?${query.toString()}` : ''}`);
    const outcome = (row: DeliveryRow) => {
      if (row.status === 'queued') return `queued, next attempt ${row.nextAttemptAt ?? ''}${row.lastError ? ` (last: ${row.lastError})` : ''}`;
      return `${row.status}${row.lastStatusCode === null ? '' : ` (HTTP ${row.lastStatusCode})`}${row.status === 'failed' && row.lastError ? `: ${row.lastError}` : ''}`;
    };
    const lines = rows.map(
      (row) =>
        `  ${row.id}  ${row.createdAt}  ${row.eventType} ${row.object.type} ${row.object.id}  ${row.eventId}  ${row.attempts} attempt${row.attempts === 1 ? '' : 's'}, ${outcome(row)}`,
    );
    return { result: rows, text: [rows.length === 0 ? 'No delivery.' : `${rows.length} deliver${rows.length === 1 ? 'y' : 'ies'}:`, ...lines].join('\n') };
  },
};

export const webhooksRedeliver: Command = {
  name: 'webhooks redeliver',
  summary: 'Send a delivery again now, with the same event id',
  usage: '<webhookId> <deliveryId>',
  options: {},
  positionals: ['webhookId', 'deliveryId'],
  async run(context) {
    const [id = '', deliveryId = ''] = context.positionals;
    const delivery = await context
      .api()
      .request<AuthorityAnswer<'/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver', 'post'>>(
        'POST',
        `/v1/webhooks/${segment(id)}/deliveries/${segment(deliveryId)}/redeliver`,
      );
    return { result: delivery, text: `Queued delivery ${delivery.id} (${delivery.eventId}) to be sent again now.` };
  },
};
