import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { enqueueWebhookDeliveries } from '../features/webhooks/enqueue-deliveries.ts';

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
 * neither is. Every license-changing use case calls it. The same transaction queues the event
 * for the webhook endpoints subscribed to it (features/webhooks/enqueue-deliveries.ts), so a
 * webhook delivery exists exactly when its change committed.
 */
export async function recordAudit(trx: Transaction<Database>, event: AuditEvent): Promise<void> {
  const { id } = await trx
    .insertInto('audit_events')
    .values({
      at: event.at,
      actor: event.actor,
      action: event.action,
      object_type: event.objectType,
      object_id: event.objectId,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
      request_id: event.requestId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueueWebhookDeliveries(trx, { ...event, id });
}
