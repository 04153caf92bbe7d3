import { describeError, type ErrorCode, type ErrorDetail } from '@airlock/core';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../../http/audit.ts';
import type { OlfConfiguration, OlfRequest } from './decide-olf-batch.ts';
import { issueOlfBatch, type IssuedOlf, type OlfIssuingDeps } from './issue-olf-batch.ts';
import { isOpenLfr, requireCustomer } from './offline-license-queries.ts';
import { rememberIssuedOlf } from './offline-license-reads.ts';

/** OLFs issued per transaction: the customer's row stays locked for one batch at a time. */
export const BULK_REISSUE_BATCH = 200;
/** LFRs one call takes at most, listed or open. */
export const BULK_REISSUE_MAX = 1_000;

/**
 * Which LFRs to answer: a list, each with its own terms; or the customer's open LFRs (the latest
 * of each site tenant, not yet answered), in LFR id order after `after`, up to `limit`, all
 * with the same terms.
 */
export type BulkReissueSelection =
  { readonly lfrs: readonly OlfRequest[] } | { readonly open: OlfConfiguration; readonly after?: string | undefined; readonly limit?: number | undefined };

/** An issued OLF without its text (download it by id), so a thousand of them make a small answer. */
export type IssuedOlfSummary = Omit<IssuedOlf, 'text'>;

/** A request the OLF rules refused: its code, message and facts, as a problem+json would carry them. */
export interface BulkRefusal {
  readonly lfrId: string;
  readonly code: ErrorCode;
  readonly detail: string;
  readonly errors: ErrorDetail;
}

export interface BulkReissueResult {
  /** In the order asked. */
  readonly issued: IssuedOlfSummary[];
  /** In the order asked; nothing was written for them. */
  readonly refused: BulkRefusal[];
  /** For open LFRs: pass as `after` to go on; null once every open LFR was tried. Always null for a list. */
  readonly next: string | null;
}

/**
 * Issues many OLFs of one customer at once: the renewal season, when every site of a customer
 * sends its LFR and the vendor answers them all with new terms (docs/design.md, F2). Every request follows
 * the rules of `issueOfflineLicense`, decided in the order given as if issued one after the
 * other; a refused request is reported with its code and writes nothing, and the others go on.
 *
 * The requests are issued in transactions of `batchSize` (200): each locks the customer's row
 * once, reads the facts once, signs its OLFs, and stores them with their holds and audit events
 * in multi-row inserts. A transaction is all-or-nothing: a failure while writing (the database
 * going away) keeps none of its OLFs and ends the call, while the transactions before it stay
 * committed. Calling again is safe: LFRs answered meanwhile are refused with LFR_ALREADY_USED,
 * and are no longer open.
 *
 * @example
 * ```ts
 * const { issued, refused, next } = await bulkReissueOfflineLicenses(deps, 'acme',
 *   { open: { start: '2026-11-23', end: '2027-11-22', entitlements: [{ type: 'bot-runner', quantity: 5 }] } }, by);
 * ```
 */
export async function bulkReissueOfflineLicenses(
  deps: OlfIssuingDeps & { readonly db: Db },
  customerId: string,
  selection: BulkReissueSelection,
  by: Actor,
  options: { readonly batchSize?: number } = {},
): Promise<BulkReissueResult> {
  const { requests, next } = 'lfrs' in selection ? { requests: selection.lfrs, next: null } : await openRequests(deps.db, customerId, selection);
  if (requests.length === 0) await requireCustomer(deps.db, customerId);
  const batchSize = options.batchSize ?? BULK_REISSUE_BATCH;
  const issued: IssuedOlfSummary[] = [];
  const refused: BulkRefusal[] = [];
  for (let from = 0; from < requests.length; from += batchSize) {
    const batch = requests.slice(from, from + batchSize);
    // Read outside the transaction: reading it may query the database, whose one embedded connection the transaction holds.
    const signer = await deps.keys.signer();
    const outcomes = await deps.db.transaction().execute((trx) => issueOlfBatch(trx, deps, customerId, batch, by, signer));
    outcomes.forEach((outcome, index) => {
      if (outcome.ok) {
        rememberIssuedOlf(customerId, outcome.value);
        issued.push(summary(outcome.value));
      } else refused.push({ lfrId: batch[index]!.lfrId, code: outcome.code, detail: describeError(outcome.code), errors: outcome.detail });
    });
  }
  return { issued, refused, next };
}

function summary(olf: IssuedOlf): IssuedOlfSummary {
  const { id, lfrId, siteGuid, tenant, cycle, sequence, start, end, entitlements, issuedAt, warnings } = olf;
  return { id, lfrId, siteGuid, tenant, cycle, sequence, start, end, entitlements, issuedAt, warnings };
}

/** The customer's open LFRs as requests with the same terms, and where to go on from. */
async function openRequests(
  db: Db,
  customerId: string,
  selection: Extract<BulkReissueSelection, { open: unknown }>,
): Promise<{ requests: OlfRequest[]; next: string | null }> {
  const limit = Math.min(selection.limit ?? BULK_REISSUE_MAX, BULK_REISSUE_MAX);
  const ids = await openLfrIds(db, customerId, selection.after, limit + 1);
  const taken = ids.slice(0, limit);
  return { requests: taken.map((lfrId) => ({ ...selection.open, lfrId })), next: ids.length > limit ? taken.at(-1)! : null };
}

/**
 * The customer's open LFRs, by id: the latest LFR of its site tenant (none later by cycle,
 * sequence) that no OLF answers yet. NOT_FOUND for an unknown customer. Read outside the issuing
 * transactions: each of them checks every rule again under the customer's lock.
 */
async function openLfrIds(db: Db, customerId: string, after: string | undefined, limit: number): Promise<string[]> {
  await requireCustomer(db, customerId);
  const rows = await db
    .selectFrom('license_file_requests as lfr')
    .select('lfr.id')
    .where('lfr.customer_id', '=', customerId)
    .where(isOpenLfr)
    .$if(after !== undefined, (query) => query.where('lfr.id', '>', after!))
    .orderBy('lfr.id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}
