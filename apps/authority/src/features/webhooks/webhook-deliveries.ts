import { AirlockError } from '@airlock/core';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { WebhookAttemptTable, WebhookDeliveryStatus, WebhookDeliveryTable } from '../../db/schema.ts';
import { recordAudit, type Actor } from '../../http/audit.ts';

/** The delivery log of an endpoint: its deliveries, newest first, each with its attempts. */
export interface DeliveryView {
  readonly id: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly object: { readonly type: string; readonly id: string };
  readonly status: WebhookDeliveryStatus;
  /** Attempts made, counting one under way. */
  readonly attempts: number;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  /** When the next attempt is due (queued deliveries only). */
  readonly nextAttemptAt: string | null;
  readonly deliveredAt: string | null;
  /** The body as sent (and signed). */
  readonly payload: string;
  readonly log: AttemptView[];
}

export interface AttemptView {
  readonly at: string;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

const MAX_LOG = 20;

function deliveryView(row: Selectable<WebhookDeliveryTable>, attempts: readonly Selectable<WebhookAttemptTable>[]): DeliveryView {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    object: { type: row.object_type, id: row.object_id },
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.last_status_code,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    nextAttemptAt: row.status === 'queued' ? row.next_attempt_at.toISOString() : null,
    deliveredAt: row.delivered_at?.toISOString() ?? null,
    payload: row.payload,
    log: attempts
      .slice(-MAX_LOG)
      .map((attempt) => ({ at: attempt.at.toISOString(), statusCode: attempt.status_code, error: attempt.error, durationMs: attempt.duration_ms })),
  };
}

export interface DeliveryQuery {
  readonly status?: WebhookDeliveryStatus | undefined;
  readonly limit: number;
  /** Deliveries older than this one (its id), for the next page. */
  readonly before?: string | undefined;
}

/** An endpoint's deliveries, newest first, each with its last attempts (at most 20). */
export async function listDeliveries(db: Db, endpointId: string, query: DeliveryQuery): Promise<DeliveryView[]> {
  await requireEndpoint(db, endpointId);
  let select = db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.before) select = select.where('id', '<', query.before);
  const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
  if (rows.length === 0) return [];
  const attempts = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where(
      'delivery_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('id')
    .execute();
  return rows.map((row) =>
    deliveryView(
      row,
      attempts.filter((attempt) => attempt.delivery_id === row.id),
    ),
  );
}

export async function getDelivery(db: Db, endpointId: string, deliveryId: string): Promise<DeliveryView> {
  const row = await db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId).where('id', '=', deliveryId).executeTakeFirst();
  if (!row) throw new AirlockError('NOT_FOUND', { webhook: endpointId, delivery: deliveryId });
  const attempts = await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', row.id).orderBy('id').execute();
  return deliveryView(row, attempts);
}

/**
 * Sends a delivery again: delivered or given up, it is queued again, due now, with its backoff
 * reset; queued, it is made due now. The body and `Airlock-Event-Id` stay the same, so a
 * receiver that already has the event recognises it. Its log keeps the earlier attempts.
 */
export async function redeliver(db: Db, endpointId: string, deliveryId: string, by: Actor): Promise<DeliveryView> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .where('id', '=', deliveryId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AirlockError('NOT_FOUND', { webhook: endpointId, delivery: deliveryId });
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'queued', attempts: row.status === 'queued' ? row.attempts : 0, next_attempt_at: by.now, delivered_at: null })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, {
      ...by,
      action: 'webhook.redeliver',
      objectType: 'webhook',
      objectId: endpointId,
      before: { delivery: row.id, status: row.status },
      after: { delivery: row.id, eventId: row.event_id },
      at: by.now,
    });
  });
  return getDelivery(db, endpointId, deliveryId);
}

async function requireEndpoint(db: Db, id: string): Promise<void> {
  const row = await db.selectFrom('webhook_endpoints').select('id').where('id', '=', id).executeTakeFirst();
  if (!row) throw new AirlockError('NOT_FOUND', { webhook: id });
}
