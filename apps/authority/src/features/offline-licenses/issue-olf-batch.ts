import { AirlockError, issueOfflineLicenseFile, type AuthoritySigner, type Outcome, type Random } from '@airlock/core';
import { accept, utcDate, type BelowUseWarning } from '@airlock/core/internal';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AuthorityKeys } from '../../keys/authority-keys.ts';
import { auditEventsCte, deliverWrittenEvents, writtenEvents, type Actor, type AuditEvent, type WrittenEvents } from '../../http/audit.ts';
import { decideOlfBatch, type AcceptedOlf, type OlfRequest } from './decide-olf-batch.ts';
import { loadOlfBatchFacts } from './olf-batch-facts.ts';
import { holdLatestOlfsCtes, type HeldOlfInput } from './offline-license-queries.ts';
import { olfView, type OlfView } from './offline-license-reads.ts';

export interface IssuedOlf extends OlfView {
  /** Seat types set below the use the LFR reports (accepted by the customer). */
  readonly warnings: BelowUseWarning[];
}

export interface OlfIssuingDeps {
  readonly keys: AuthorityKeys;
  readonly random: Random;
}

/** OLFs signed before their rows are sent (one statement, 20 parameters each): the next ones are signed while the database writes these. */
const SIGNED_PER_WRITE = 50;

/**
 * Issues the OLFs of one batch of a customer's LFRs inside the caller's transaction, and
 * answers one outcome per request, in order. The customer's row is locked first (NOT_FOUND
 * when there is none, which refuses the whole batch): OLFs of one customer are issued one
 * batch at a time, so two replicas racing for the last seats cannot both win. The facts are
 * read once for the batch, every request is decided by the OLF rules (`decideOlfBatch`) as if
 * issued alone in turn, the accepted ones are signed (pure CPU), then stored with multi-row
 * inserts, 50 at a time, each chunk written while the next is signed: the OLFs, what their
 * site tenants now hold (`holdLatestOlfsCtes`), and one audit event each (`olf.issue`, before: what
 * the site tenant held, after: the new terms), in the order of the requests. A refused
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
  const accepted = decisions.flatMap((decision) => (decision.ok ? [decision.value] : []));
  const issued: SignedOlf[] = [];
  // Each chunk is written while the next one is signed: the database works on one while this
  // process signs the other. The writes stay in order, one chunk after the other.
  let written: Promise<void> = Promise.resolve();
  try {
    for (let from = 0; from < accepted.length; from += SIGNED_PER_WRITE) {
      const signed = await signOlfs(accepted.slice(from, from + SIGNED_PER_WRITE), deps, customerId, by, signer);
      issued.push(...signed);
      written = written.then(() => storeOlfs(trx, signed, by));
      // Awaited below; until then a failed write must not count as unhandled.
      written.catch(() => {});
      // Signing never waits on I/O: let the database's answer to the previous chunk in, so the
      // write of this one goes out before the next chunk is signed.
      if (from + SIGNED_PER_WRITE < accepted.length) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    await written.catch(() => {});
  }
  await written;
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

/**
 * Writes signed OLFs in one statement: the OLFs, their `olf.issue` audit events, what their
 * site tenants now hold (`holdLatestOlfsCtes`), and the read of the enabled webhook endpoints;
 * then the webhook deliveries of the endpoints subscribed to `olf.issue` (none, no statement).
 * The rows travel as JSON, one parameter per table whatever the number of OLFs. An LFR answered
 * meanwhile (its OLF not stored) fails the write: the caller's transaction rolls all of it back.
 */
async function storeOlfs(trx: Transaction<Database>, signed: readonly SignedOlf[], by: Actor): Promise<void> {
  if (signed.length === 0) return;
  const held: HeldOlfInput[] = signed.map(({ view, accepted, customerId }) => ({
    id: view.id,
    customerId,
    siteGuid: view.siteGuid,
    tenant: view.tenant,
    cycle: view.cycle,
    sequence: view.sequence,
    endsOn: view.end,
    entitlements: accepted.entitlements,
  }));
  const events = auditEvents(signed, by);
  // One row per OLF, in order (`n`).
  const olfs = JSON.stringify(
    signed.map(({ view, customerId }, n) => ({
      n,
      id: view.id,
      lfr_id: view.lfrId,
      site_guid: view.siteGuid,
      tenant: view.tenant,
      customer_id: customerId,
      starts_on: view.start,
      ends_on: view.end,
      entitlements: view.entitlements,
      text: view.text,
    })),
  );
  const { rows } = await sql<WrittenEvents & { stored: string[] }>`
    with olf_in as (
      select * from json_to_recordset(${olfs}::json)
        as olf_in (n integer, id text, lfr_id text, site_guid text, tenant text, customer_id text, starts_on date, ends_on date, entitlements jsonb, text text)
    ), olf as (
      insert into offline_license_files (id, lfr_id, site_guid, tenant, customer_id, starts_on, ends_on, entitlements, text, issued_at, issued_by)
      select id, lfr_id, site_guid, tenant, customer_id, starts_on, ends_on, entitlements, text, ${by.now}::timestamptz, ${by.actor} from olf_in order by n
      -- The customer's row lock already serializes issuing; the unique index makes "one OLF per LFR" hold regardless.
      on conflict (lfr_id) do nothing
      returning lfr_id
    ), ${auditEventsCte(events)}, ${holdLatestOlfsCtes(held)}
    select (select coalesce(json_agg(lfr_id), '[]') from olf) as stored, ${writtenEvents}
  `.execute(trx);
  const written = rows[0]!;
  if (written.stored.length !== signed.length) {
    const stored = new Set(written.stored);
    throw new AirlockError('LFR_ALREADY_USED', { lfrId: signed.find(({ view }) => !stored.has(view.lfrId))?.view.lfrId });
  }
  // `olf.issue` is a published event: the endpoints subscribed to it hear of each OLF, as of any audited change.
  await deliverWrittenEvents(trx, events, written);
}

/** One `olf.issue` event per OLF, as `recordAudit` takes it, in the order of the OLFs. */
function auditEvents(signed: readonly SignedOlf[], by: Actor): AuditEvent[] {
  return signed.map(({ view, accepted }) => ({
    at: by.now,
    actor: by.actor,
    requestId: by.requestId,
    action: 'olf.issue',
    objectType: 'offline-license-file',
    objectId: view.id,
    before: accepted.before,
    after: {
      lfrId: view.lfrId,
      siteGuid: view.siteGuid,
      tenant: view.tenant,
      start: view.start,
      end: view.end,
      entitlements: accepted.entitlements,
      warnings: accepted.warnings,
    },
  }));
}
