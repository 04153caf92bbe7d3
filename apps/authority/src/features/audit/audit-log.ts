import type { Db } from '../../db/database.ts';
import type { AuditEventTable } from '../../db/schema.ts';
import { fetchPage, type ListSpec, type Page, type Paging } from '../../http/paging.ts';
import type { Selectable } from 'kysely';

/** The audit log's filters: each one alone is served by an index of its own, followed by the id. */
export interface AuditFilters {
  readonly objectType?: string | undefined;
  readonly objectId?: string | undefined;
  readonly actor?: string | undefined;
  readonly action?: string | undefined;
}

export interface AuditQuery extends AuditFilters {
  /** Only events older than this one (its id): the next page of the deprecated bare array. */
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
 * The audit log's pages (README, "Lists: pages, sorts and search"): by id, the order events
 * were recorded in, newest first by default (the time of an event comes from the clock and may
 * tie or step back; its id never does). `q` is a prefix of the object id. Counting a log of
 * millions of events is not cheap, so there is no total.
 */
export const AUDIT_LIST: ListSpec<'id'> = {
  id: 'audit_events.id',
  idType: 'bigint',
  sorts: { id: { expression: 'audit_events.id', type: 'bigint' } },
  defaultSort: '-id',
  search: ['lower(audit_events.object_id)'],
  total: false,
};

/** The audit events matching the filters, in no order yet. */
function selectEvents(db: Db, filters: AuditFilters) {
  let select = db.selectFrom('audit_events').selectAll();
  if (filters.objectType !== undefined) select = select.where('object_type', '=', filters.objectType);
  if (filters.objectId !== undefined) select = select.where('object_id', '=', filters.objectId);
  if (filters.actor !== undefined) select = select.where('actor', '=', filters.actor);
  if (filters.action !== undefined) select = select.where('action', '=', filters.action);
  return select;
}

function entryOf(row: Selectable<AuditEventTable>): AuditEntry {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    before: row.before,
    after: row.after,
    requestId: row.request_id,
  };
}

/**
 * The audit log as the deprecated bare array: newest first, at most `limit`, older than
 * `beforeId`. Ids grow with every event, so `beforeId` pages back without skipping or repeating.
 */
export async function listAuditEvents(db: Db, query: AuditQuery): Promise<AuditEntry[]> {
  let select = selectEvents(db, query);
  if (query.beforeId !== undefined) select = select.where('id', '<', String(query.beforeId));
  const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(entryOf);
}

/**
 * One page of the audit log matching the filters, read by the index of the filter.
 *
 * @example
 * ```ts
 * const { items, next } = await listAuditPage(db, { objectType: 'site' }, readPaging(AUDIT_LIST, { limit: '50' }));
 * ```
 */
export async function listAuditPage(db: Db, filters: AuditFilters, paging: Paging): Promise<Page<AuditEntry>> {
  const { rows, next } = await fetchPage(selectEvents(db, filters), AUDIT_LIST, paging);
  return { items: rows.map(entryOf), next };
}
