import { AirlockError, issueOfflineLicenseFile, type AuthoritySigner, type Outcome, type Random } from '@airlock/core';
import { accept, utcDate, type BelowUseWarning } from '@airlock/core/internal';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AuthorityKeys } from '../../keys/authority-keys.ts';
import type { Actor } from '../../http/audit.ts';
import { decideOlfBatch, type AcceptedOlf, type OlfRequest } from './decide-olf-batch.ts';
import { loadOlfBatchFacts } from './olf-batch-facts.ts';
import { holdLatestOlfs } from './offline-license-queries.ts';
import { olfView, type OlfView } from './offline-license-reads.ts';

export interface IssuedOlf extends OlfView {
  /** Seat types set below the use the LFR reports (accepted by the customer). */
  readonly warnings: BelowUseWarning[];
}

export interface OlfIssuingDeps {
  readonly keys: AuthorityKeys;
  readonly random: Random;
}

/** Audit rows per insert: 9 parameters each. */
const AUDIT_ROWS_PER_INSERT = 1_000;

/**
 * Issues the OLFs of one batch of a customer's LFRs inside the caller's transaction, and
 * answers one outcome per request, in order. The customer's row is locked first (NOT_FOUND
 * when there is none, which refuses the whole batch): OLFs of one customer are issued one
 * batch at a time, so two replicas racing for the last seats cannot both win. The facts are
 * read once for the batch, every request is decided by the OLF rules (`decideOlfBatch`) as if
 * issued alone in turn, the accepted ones are signed (pure CPU), then stored with multi-row
 * inserts: the OLFs, what their site tenants now hold (`holdLatestOlfs`), and one audit event
 * each (`olf.issue`, before: what the site tenant held, after: the new terms). A refused
 * request writes nothing; the accepted ones are written together, or not at all when a write
 * fails and the caller's transaction rolls back.
 */
export async function issueOlfBatch(
  trx: Transaction<Database>,
  deps: OlfIssuingDeps,
  customerId: string,
  requests: readonly OlfRequest[],
  by: Actor,
  signer: AuthoritySigner,
): Promise<Outcome<IssuedOlf>[]> {
  const asked = {
    lfrIds: requests.map((request) => request.lfrId),
    types: requests.flatMap((request) => request.entitlements.map((entitlement) => entitlement.type)),
  };
  const facts = await loadOlfBatchFacts(trx, customerId, asked, utcDate(by.now));
  const decisions = decideOlfBatch(requests, facts, by.now);
  const issued = await signOlfs(
    decisions.flatMap((decision) => (decision.ok ? [decision.value] : [])),
    deps,
    customerId,
    by,
    signer,
  );
  await storeOlfs(trx, issued, by);
  const views = issued.values();
  return decisions.map((decision) => (decision.ok ? accept(views.next().value!.view) : decision));
}

interface SignedOlf {
  readonly accepted: AcceptedOlf;
  readonly customerId: string;
  readonly view: IssuedOlf;
}

/** Signs and encrypts each accepted OLF to its site, one after the other: pure CPU, no database. */
async function signOlfs(accepted: readonly AcceptedOlf[], deps: OlfIssuingDeps, customerId: string, by: Actor, signer: AuthoritySigner): Promise<SignedOlf[]> {
  if (accepted.length === 0) return [];
  const signed: SignedOlf[] = [];
  for (const olf of accepted) {
    const { lfr, request, entitlements } = olf;
    const { claims, text } = await issueOfflineLicenseFile(
      { claims: lfr.claims, signerKid: lfr.site_key_thumbprint },
      { start: request.start, end: request.end, entitlements },
      { now: by.now, random: deps.random, signer },
    );
    const view = olfView({
      id: claims.jti,
      lfr_id: lfr.id,
      site_guid: lfr.site_guid,
      tenant: lfr.tenant,
      cycle: lfr.cycle,
      sequence: lfr.sequence,
      starts_on: request.start,
      ends_on: request.end,
      entitlements,
      issued_at: by.now,
      text,
    });
    signed.push({ accepted: olf, customerId, view: { ...view, warnings: [...olf.warnings] } });
  }
  return signed;
}

async function storeOlfs(trx: Transaction<Database>, signed: readonly SignedOlf[], by: Actor): Promise<void> {
  if (signed.length === 0) return;
  const inserted = await trx
    .insertInto('offline_license_files')
    .values(
      signed.map(({ view, customerId }) => ({
        id: view.id,
        lfr_id: view.lfrId,
        site_guid: view.siteGuid,
        tenant: view.tenant,
        customer_id: customerId,
        starts_on: view.start,
        ends_on: view.end,
        entitlements: JSON.stringify(view.entitlements),
        text: view.text,
        issued_at: by.now,
        issued_by: by.actor,
      })),
    )
    // The customer's row lock already serializes issuing; the unique index makes "one OLF per LFR" hold regardless.
    .onConflict((conflict) => conflict.column('lfr_id').doNothing())
    .returning('lfr_id')
    .execute();
  if (inserted.length !== signed.length) {
    const stored = new Set(inserted.map((row) => row.lfr_id));
    throw new AirlockError('LFR_ALREADY_USED', { lfrId: signed.find(({ view }) => !stored.has(view.lfrId))?.view.lfrId });
  }
  await holdLatestOlfs(
    trx,
    signed.map(({ view, accepted, customerId }) => ({
      id: view.id,
      customerId,
      siteGuid: view.siteGuid,
      tenant: view.tenant,
      cycle: view.cycle,
      sequence: view.sequence,
      endsOn: view.end,
      entitlements: accepted.entitlements,
    })),
  );
  await auditOlfs(trx, signed, by);
}

/** One `olf.issue` event per OLF, as `recordAudit` writes it, in multi-row inserts. */
async function auditOlfs(trx: Transaction<Database>, signed: readonly SignedOlf[], by: Actor): Promise<void> {
  const rows = signed.map(({ view, accepted }) => ({
    at: by.now,
    actor: by.actor,
    action: 'olf.issue',
    object_type: 'offline-license-file',
    object_id: view.id,
    before: accepted.before === null ? null : JSON.stringify(accepted.before),
    after: JSON.stringify({
      lfrId: view.lfrId,
      siteGuid: view.siteGuid,
      tenant: view.tenant,
      start: view.start,
      end: view.end,
      entitlements: accepted.entitlements,
      warnings: accepted.warnings,
    }),
    request_id: by.requestId ?? null,
  }));
  for (let from = 0; from < rows.length; from += AUDIT_ROWS_PER_INSERT) {
    await trx
      .insertInto('audit_events')
      .values(rows.slice(from, from + AUDIT_ROWS_PER_INSERT))
      .execute();
  }
}
