import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { isPublishedEvent, subscribes } from './event-catalogue.ts';

/** An audit event as it was just written, with its id. */
export interface RecordedEvent {
  readonly id: string;
  readonly actor: string;
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly at: Date;
}

/**
 * The body every endpoint receives for an event (README, "Webhooks"). `id` is the audit event's
 * (`evt_` and its number): the same for every endpoint and every redelivery, so a receiver
 * de-duplicates on it.
 */
export interface WebhookEvent {
  readonly id: string;
  readonly type: string;
  readonly createdAt: string;
  readonly actor: string;
  readonly object: { readonly type: string; readonly id: string };
  readonly data: { readonly before: unknown; readonly after: unknown };
}

function webhookEventOf(event: RecordedEvent): WebhookEvent {
  return {
    id: `evt_${event.id}`,
    type: event.action,
    createdAt: event.at.toISOString(),
    actor: event.actor,
    object: { type: event.objectType, id: event.objectId },
    data: { before: event.before ?? null, after: event.after ?? null },
  };
}

/**
 * How many deliveries this process has queued: an answered request wakes the sender only when
 * this moved during it, so the hot paths that publish nothing (a device's check, a site's
 * exchange with no endpoint subscribed) cost no extra query. A change that queued and then rolled
 * back moves it too, which only wakes the sender for nothing.
 */
let queuedInProcess = 0;

export function deliveriesQueuedSoFar(): number {
  return queuedInProcess;
}

/** An enabled endpoint as the outbox needs it: its id and the event patterns it subscribed to. */
export interface EnabledEndpoint {
  readonly id: string;
  readonly events: readonly string[];
}

/**
 * Writes one outbox row per enabled endpoint subscribed to each event, in the transaction of the
 * change the events record: a delivery exists if and only if the change committed. `recordAudit`
 * reads the enabled endpoints in the very statement that writes the events and passes them here,
 * so the outbox costs a statement only when some endpoint is subscribed; actions outside the
 * catalogue cost nothing. The rows go in the order of the events, then of the endpoints.
 */
export async function enqueueWebhookDeliveries(
  trx: Transaction<Database>,
  events: readonly RecordedEvent[],
  endpoints: readonly EnabledEndpoint[],
): Promise<number> {
  const rows = events.flatMap((event) => {
    if (!isPublishedEvent(event.action)) return [];
    const subscribed = endpoints.filter((endpoint) => subscribes(endpoint.events, event.action));
    if (subscribed.length === 0) return [];
    const body = webhookEventOf(event);
    const payload = JSON.stringify(body);
    return subscribed.map((endpoint) => ({
      endpoint_id: endpoint.id,
      event_id: body.id,
      event_type: body.type,
      object_type: event.objectType,
      object_id: event.objectId,
      payload,
      status: 'queued' as const,
      next_attempt_at: event.at,
      claimed_until: null,
      last_status_code: null,
      last_error: null,
      created_at: event.at,
      delivered_at: null,
    }));
  });
  if (rows.length === 0) return 0;
  await trx.insertInto('webhook_deliveries').values(rows).execute();
  queuedInProcess += rows.length;
  return rows.length;
}
