import type { Db } from '../../db/database.ts';

export interface AuditQuery {
  readonly objectType?: string | undefined;
  readonly objectId?: string | undefined;
  /** Only events older than this one (its id): the next page. */
  readonly beforeId?: number | undefined;
  readonly limit: number;
}

export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly requestId: string | null;
}

/**
 * The audit log, newest first, optionally for one object type or one object. Ids grow with
 * every event, so `beforeId` pages back through history without skipping or repeating.
 */
export async function listAuditEvents(db: Db, query: AuditQuery): Promise<AuditEntry[]> {
  let select = db.selectFrom('audit_events').selectAll();
  if (query.objectType !== undefined) select = select.where('object_type', '=', query.objectType);
  if (query.objectId !== undefined) select = select.where('object_id', '=', query.objectId);
  if (query.beforeId !== undefined) select = select.where('id', '<', String(query.beforeId));
  const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map((row) => ({
    id: String(row.id),
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    before: row.before,
    after: row.after,
    requestId: row.request_id,
  }));
}
