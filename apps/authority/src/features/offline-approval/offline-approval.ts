import { AirlockError, type Random } from '@airlock/core';
import { compareVersions, newDocumentId } from '@airlock/core/internal';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { OfflineRequestTable } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import { fetchPage, type ListSpec, type Page, type Paging } from '../../http/paging.ts';
import type { Actor } from '../../http/audit.ts';

/** Why a customer needs offline licensing (docs/design.md, F1): the vendor approves by exception. */
export const offlineReasons = ['regulated-industry', 'air-gapped', 'other'] as const;
export type OfflineReason = (typeof offlineReasons)[number];

/** A customer's request for offline licensing and, once made, the vendor's decision. */
export interface OfflineRequest {
  readonly id: string;
  readonly customerId: string;
  readonly reason: OfflineReason;
  readonly details: string;
  /** The lowest site version the customer commits to run; tokens then require it. */
  readonly minimumSiteVersion: string | null;
  readonly status: 'pending' | 'approved' | 'denied';
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionNote: string | null;
}

/**
 * A request as the API answers it: with who asked and who decided in words (the person's
 * e-mail), next to the actors the audit log names (`admin:<id>`, `customer-user:<id>`).
 */
export interface NamedOfflineRequest extends OfflineRequest {
  /** The e-mail of who asked, or the recorded actor when that account is gone. */
  readonly requestedByName: string;
  /** The e-mail of the administrator who decided, or the recorded actor when that account is gone; null while pending. */
  readonly decidedByName: string | null;
}

export interface OfflineRequestInput {
  readonly reason: OfflineReason;
  readonly details: string;
  readonly minimumSiteVersion?: string | null | undefined;
}

/**
 * A customer asks for offline licensing: the request is pending and so is the customer's
 * approval. A customer already pending or approved has nothing to ask (CONFLICT); a denied
 * one may ask again. Unknown customer: NOT_FOUND. Nothing is written on a refusal.
 */
export async function requestOfflineLicensing(
  db: Db,
  customerId: string,
  input: OfflineRequestInput,
  by: Actor & { readonly random: Random },
): Promise<NamedOfflineRequest> {
  const request = await db.transaction().execute(async (trx) => {
    // Locked, so two requests sent at once leave exactly one pending.
    const customer = await trx.selectFrom('customers').select('offline_approval').where('id', '=', customerId).forUpdate().executeTakeFirst();
    if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
    if (customer.offline_approval === 'pending' || customer.offline_approval === 'approved') {
      throw new AirlockError('CONFLICT', { customer: customerId, offlineApproval: customer.offline_approval });
    }
    const row = await trx
      .insertInto('offline_requests')
      .values({
        id: newDocumentId(by.random),
        customer_id: customerId,
        reason: input.reason,
        details: input.details,
        minimum_site_version: input.minimumSiteVersion ?? null,
        status: 'pending',
        requested_by: by.actor,
        decided_by: null,
        decision_note: null,
        created_at: by.now,
        decided_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.updateTable('customers').set({ offline_approval: 'pending' }).where('id', '=', customerId).execute();
    const request = offlineRequestOf(row);
    await recordAudit(trx, {
      ...by,
      action: 'offline-request.create',
      objectType: 'offline-request',
      objectId: request.id,
      before: { customerOfflineApproval: customer.offline_approval },
      after: { ...request, customerOfflineApproval: 'pending' },
      at: by.now,
    });
    return request;
  });
  return (await withNames(db, [request]))[0]!;
}

/** A customer's requests, newest first. NOT_FOUND for an unknown customer. */
export async function listOfflineRequests(db: Db, customerId: string): Promise<NamedOfflineRequest[]> {
  const customer = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
  const rows = await db.selectFrom('offline_requests').selectAll().where('customer_id', '=', customerId).orderBy('created_at', 'desc').orderBy('id').execute();
  return withNames(db, rows.map(offlineRequestOf));
}

/**
 * The vendor-wide requests' pages (README, "Lists: pages, sorts and search"): newest first by
 * default (`requestedAt`), all, of one status or decided (approved or denied); no search. Counted: requests are few beside
 * customers, and each status has its index.
 */
export const OFFLINE_REQUEST_LIST: ListSpec<'requestedAt'> = {
  id: 'offline_requests.id',
  idType: 'text',
  sorts: { requestedAt: { expression: 'offline_requests.created_at', type: 'timestamptz' } },
  defaultSort: '-requestedAt',
  search: [],
  total: true,
};

/** A request with its customer's name, as the vendor-wide list answers it. */
export interface CustomerOfflineRequest extends NamedOfflineRequest {
  readonly customerName: string;
}

/**
 * One page of every customer's offline-licensing requests, newest first, optionally of one
 * status or every decided one, each with its customer's name.
 *
 * @example
 * ```ts
 * const pending = await listAllOfflineRequestPage(db, { status: 'pending' }, readPaging(OFFLINE_REQUEST_LIST, { limit: '50' }));
 * ```
 */
export async function listAllOfflineRequestPage(
  db: Db,
  filter: { readonly status?: OfflineRequest['status'] | 'decided' | undefined },
  paging: Paging,
): Promise<Page<CustomerOfflineRequest>> {
  let query = db
    .selectFrom('offline_requests')
    .innerJoin('customers', 'customers.id', 'offline_requests.customer_id')
    .selectAll('offline_requests')
    .select('customers.name as customer_name');
  if (filter.status === 'decided') query = query.where('offline_requests.status', '<>', 'pending');
  else if (filter.status !== undefined) query = query.where('offline_requests.status', '=', filter.status);
  const { rows, next, total } = await fetchPage(query, OFFLINE_REQUEST_LIST, paging);
  const named = await withNames(db, rows.map(offlineRequestOf));
  const items = named.map((request, index) => ({ ...request, customerName: rows[index]!.customer_name }));
  return { items, next, ...(total === undefined ? {} : { total }) };
}

/**
 * The vendor approves or denies a pending request; the customer's offline approval follows.
 * A request decided already is CONFLICT (naming its status), an unknown one NOT_FOUND.
 */
export async function decideOfflineRequest(
  db: Db,
  requestId: string,
  decision: { readonly decision: 'approve' | 'deny'; readonly note?: string | undefined },
  by: Actor,
): Promise<NamedOfflineRequest> {
  const status = decision.decision === 'approve' ? 'approved' : 'denied';
  const decided = await db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom('offline_requests').select('customer_id').where('id', '=', requestId).executeTakeFirst();
    if (!found) throw new AirlockError('NOT_FOUND', { offlineRequest: requestId });
    // The customer first, as `requestOfflineLicensing` locks it: one lock order, no deadlock.
    await trx.selectFrom('customers').select('id').where('id', '=', found.customer_id).forUpdate().execute();
    const pending = await trx.selectFrom('offline_requests').selectAll().where('id', '=', requestId).forUpdate().executeTakeFirstOrThrow();
    if (pending.status !== 'pending') throw new AirlockError('CONFLICT', { offlineRequest: requestId, status: pending.status });
    const row = await trx
      .updateTable('offline_requests')
      .set({ status, decided_by: by.actor, decision_note: decision.note ?? null, decided_at: by.now })
      .where('id', '=', requestId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.updateTable('customers').set({ offline_approval: status }).where('id', '=', row.customer_id).execute();
    const request = offlineRequestOf(row);
    await recordAudit(trx, {
      ...by,
      action: `offline-request.${decision.decision}`,
      objectType: 'offline-request',
      objectId: requestId,
      before: { ...offlineRequestOf(pending), customerOfflineApproval: 'pending' },
      after: { ...request, customerOfflineApproval: status },
      at: by.now,
    });
    return request;
  });
  return (await withNames(db, [decided]))[0]!;
}

/**
 * The lowest site version the customer committed to when its offline licensing was approved
 * (the latest approved request), or null when it named none. Accepts a transaction.
 */
export async function approvedMinimumSiteVersion(db: Db, customerId: string): Promise<string | null> {
  const row = await db
    .selectFrom('offline_requests')
    .select('minimum_site_version')
    .where('customer_id', '=', customerId)
    .where('status', '=', 'approved')
    .orderBy('decided_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.minimum_site_version ?? null;
}

/** The higher of two minimum versions, null standing for "any version". */
export function stricterMinimumVersion(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareVersions(a, b) >= 0 ? a : b;
}

/**
 * The requests with who asked and who decided in words: the e-mails of the administrators and
 * customer users their actors name, read in two queries whatever their number.
 */
async function withNames(db: Db, requests: readonly OfflineRequest[]): Promise<NamedOfflineRequest[]> {
  const actors = requests.flatMap((request) => [request.requestedBy, ...(request.decidedBy === null ? [] : [request.decidedBy])]);
  const idsOf = (kind: string) => [...new Set(actors.filter((actor) => actor.startsWith(`${kind}:`)).map((actor) => actor.slice(kind.length + 1)))];
  const [adminIds, userIds] = [idsOf('admin'), idsOf('customer-user')];
  const [admins, users] = await Promise.all([
    adminIds.length === 0 ? [] : db.selectFrom('admins').select(['id', 'email']).where('id', 'in', adminIds).execute(),
    userIds.length === 0 ? [] : db.selectFrom('customer_users').select(['id', 'email']).where('id', 'in', userIds).execute(),
  ]);
  const names = new Map<string, string>([
    ...admins.map((admin) => [`admin:${admin.id}`, admin.email] as const),
    ...users.map((user) => [`customer-user:${user.id}`, user.email] as const),
  ]);
  const nameOf = (actor: string) => names.get(actor) ?? actor;
  return requests.map((request) => ({
    ...request,
    requestedByName: nameOf(request.requestedBy),
    decidedByName: request.decidedBy === null ? null : nameOf(request.decidedBy),
  }));
}

function offlineRequestOf(row: Selectable<OfflineRequestTable>): OfflineRequest {
  return {
    id: row.id,
    customerId: row.customer_id,
    reason: row.reason as OfflineReason,
    details: row.details,
    minimumSiteVersion: row.minimum_site_version,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: row.created_at.toISOString(),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionNote: row.decision_note,
  };
}
