import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { enqueueWebhookDeliveries, type EnabledEndpoint } from '../features/webhooks/enqueue-deliveries.ts';

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
 * change committed. One statement writes the events and reads the enabled endpoints
 * (`auditEventsCte`, `writtenEvents`); a second writes the deliveries, only when some endpoint
 * is subscribed.
 */
export async function recordAudits(trx: Transaction<Database>, events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { rows } = await sql<WrittenEvents>`with ${auditEventsCte(events)} select ${writtenEvents}`.execute(trx);
  await deliverWrittenEvents(trx, events, rows[0]!);
}

/**
 * `event as (…)`, for a statement that writes audit events beside the change they record: the
 * events in the order given, so their ids come back in that order, written only when `onlyIf`
 * (an SQL condition, e.g. that the change wrote its row) holds. The rows travel as one JSON
 * parameter, whatever their number. The statement then selects `writtenEvents`.
 */
export function auditEventsCte(events: readonly AuditEvent[], onlyIf: RawBuilder<unknown> = sql`true`): RawBuilder<unknown> {
  const rows = JSON.stringify(
    events.map((event, n) => ({
      n,
      at: event.at,
      actor: event.actor,
      action: event.action,
      object_type: event.objectType,
      object_id: event.objectId,
      before: event.before ?? null,
      after: event.after ?? null,
      request_id: event.requestId ?? null,
    })),
  );
  return sql`event as (
      insert into audit_events (at, actor, action, object_type, object_id, before, after, request_id)
      select at, actor, action, object_type, object_id, before, after, request_id
      from json_to_recordset(${rows}::json)
        as event (n integer, at timestamptz, actor text, action text, object_type text, object_id text, before jsonb, after jsonb, request_id text)
      where ${onlyIf}
      order by n
      returning id
    )`;
}

/** What a statement with `auditEventsCte` answers: the events' ids in order (null when none was written), and the enabled endpoints. */
export interface WrittenEvents {
  readonly ids: string[] | null;
  readonly endpoints: EnabledEndpoint[];
}

/**
 * The select list of a statement with `auditEventsCte`: the ids of the events it wrote and the
 * enabled webhook endpoints, read in the same statement so that `deliverWrittenEvents` needs no
 * statement of its own when no endpoint is subscribed.
 */
export const writtenEvents = sql`(select json_agg(event.id::text order by event.id) from event) as ids,
  (select coalesce(json_agg(json_build_object('id', e.id, 'events', e.events)), '[]') from webhook_endpoints e where e.enabled) as endpoints`;

/** Queues the webhook deliveries of the events a statement with `auditEventsCte` wrote (none written, nothing queued). */
export async function deliverWrittenEvents(trx: Transaction<Database>, events: readonly AuditEvent[], written: WrittenEvents): Promise<void> {
  const ids = written.ids;
  if (ids === null) return;
  await enqueueWebhookDeliveries(
    trx,
    events.map((event, index) => ({ ...event, id: ids[index]! })),
    written.endpoints,
  );
}
