import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { enqueueWebhookDeliveries, type EnabledEndpoint } from '../features/webhooks/enqueue-deliveries.ts';
import { isPublishedEvent } from '../features/webhooks/event-catalogue.ts';

/**
 * Who acts, in which request, and when: what every use case that changes something is given,
 * for its audit event (`actor` is the audit log's name for the principal, from `actorOf`).
 */
export interface Actor {
  readonly actor: string;
  readonly requestId?: string | undefined;
  readonly now: Date;
}

export interface AuditEvent {
  readonly actor: string;
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly requestId?: string | undefined;
  readonly at: Date;
}

/**
 * Writes one audit event inside the transaction of the change it records: both are kept, or
 * neither is. Every license-changing use case calls it (or `recordAudits` for several).
 */
export async function recordAudit(trx: Transaction<Database>, event: AuditEvent): Promise<void> {
  await recordAudits(trx, [event]);
}

/**
 * Writes audit events, in the order given, inside the transaction of the change they record.
 * The same transaction queues the published ones for the webhook endpoints subscribed to them
 * (features/webhooks/enqueue-deliveries.ts), so a webhook delivery exists exactly when its
 * change committed. One statement writes the events and reads the enabled endpoints (the
 * events' ids come back in order: a multi-row insert numbers its rows as listed); a second
 * writes the deliveries, only when some endpoint is subscribed.
 */
export async function recordAudits(trx: Transaction<Database>, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => ({
    at: event.at,
    actor: event.actor,
    action: event.action,
    object_type: event.objectType,
    object_id: event.objectId,
    before: event.before === undefined ? null : JSON.stringify(event.before),
    after: event.after === undefined ? null : JSON.stringify(event.after),
    request_id: event.requestId ?? null,
  }));
  if (!events.some((event) => isPublishedEvent(event.action))) {
    await trx.insertInto('audit_events').values(rows).execute();
    return;
  }
  const written = await trx
    .with('event', (db) => db.insertInto('audit_events').values(rows).returning('id'))
    .selectNoFrom([sql<string[]>`(select json_agg(event.id::text order by event.id) from event)`.as('ids'), enabledEndpoints.as('endpoints')])
    .executeTakeFirstOrThrow();
  await enqueueWebhookDeliveries(
    trx,
    events.map((event, index) => ({ ...event, id: written.ids[index]! })),
    written.endpoints,
  );
}

/**
 * The enabled webhook endpoints as JSON (`EnabledEndpoint[]`), for the statement that writes
 * audit events to read along with them: `enqueueWebhookDeliveries` then needs no statement of
 * its own when no endpoint is subscribed.
 */
export const enabledEndpoints = sql<
  EnabledEndpoint[]
>`(select coalesce(json_agg(json_build_object('id', e.id, 'events', e.events)), '[]') from webhook_endpoints e where e.enabled)`;
