import { AirlockError, type Quantities, openLicenseFileRequest, type LicenseFileRequest, type OpenedLicenseFileRequest } from '@airlock/core';
import { checkLfrAcceptance, utcDate } from '@airlock/core/internal';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { auditEventsCte, deliverWrittenEvents, writtenEvents, type AuditEvent, type WrittenEvents } from '../../http/audit.ts';
import { authorityOpenContext, type AuthorityKeys } from '../../keys/authority-keys.ts';
import type { Actor } from '../../http/audit.ts';
import { requireSiteVersion, SITE_POLICY_COLUMNS, sitePolicyOf, type SiteLicensingPolicy } from '../policies/licensing-policies.ts';
import { recordPendingRebaseline } from '../rebaselines/site-rebaselines.ts';
import { checkLedgerPosition, recordLedgerPositionCte, type ReportedLedgerPosition } from './ledger-positions.ts';
import { summarizeAllocation, type AllocationSummary, type CycleSequence, type RegisteredSite, type SiteTenant } from './offline-license-queries.ts';

/** An LFR as the authority shows it back: where it comes from, its place in the cycle, the usage it reports. */
export interface LfrView {
  readonly id: string;
  readonly siteGuid: string;
  readonly tenant: string;
  readonly cycle: number;
  readonly sequence: number;
  readonly usage: LicenseFileRequest['usage'];
}

export interface LfrUpload {
  readonly lfr: LfrView;
  /** What the customer may still give this site tenant: the starting point of the OLF's configuration. */
  readonly allocation: AllocationSummary;
}

/**
 * Opens an uploaded LFR with the authority's decryption key it names (the JWE `kid`), so a
 * request made before a key rotation still opens; one that names no key the authority holds is
 * refused by the core with its precise code (WRONG_RECIPIENT, DOCUMENT_MALFORMED, ...).
 */
export async function openUploadedLfr(keys: AuthorityKeys, text: string, now: Date): Promise<OpenedLicenseFileRequest> {
  return openLicenseFileRequest(text, await authorityOpenContext(keys, now));
}

/** How an LFR reached the authority (docs/connected.md): uploaded as a file, or sent by its site over the link. */
export type LfrVia = 'file' | 'link';

export interface LfrUploadInput {
  readonly customerId: string;
  /** The armoured LFR. */
  readonly text: string;
  readonly via: LfrVia;
}

/**
 * Receives a site's License File Request for a customer (docs/design.md, F2, the authority's side), uploaded
 * by hand (`via: 'file'`) or sent by the site over the link (`via: 'link'`, docs/connected.md).
 * The file is opened (every envelope check) before the transaction; then, in this order:
 * 1. the customer exists (NOT_FOUND); by hand, its policy lets files be carried by hand
 *    (CONNECTED_MODE_REQUIRED); the LFR was made for it (SITE_NOT_REGISTERED: its site is
 *    registered to another customer, if to any);
 * 2. `checkLfrAcceptance`: the GUID is registered to this customer, the site signs with the key
 *    it used before (trust on first use: the first LFR's key is learned), the LFR was never
 *    used, no later LFR of that tenant was seen;
 * 3. the enablement token it answers was issued by this authority to that site
 *    (ENABLEMENT_TOKEN_UNKNOWN): the site's key is only trusted on first use, so its first LFR
 *    must at least answer a token we gave that very site;
 * 3a. the site's version is at least the policy's minimum for the way the LFR came
 *    (SITE_VERSION_TOO_OLD, with `required` and `found`; docs/connected.md, "Versions");
 * 4. `checkLedgerPosition`: the usage ledger it reports is not behind, nor forked from, the
 *    highest position an earlier LFR of that site tenant reported (LEDGER_ROLLED_BACK). It comes
 *    after the checks of who is asking and of the cycle, so a replayed or superseded LFR is
 *    named as such rather than as a rollback, and before the clash of an LFR made at the cycle
 *    and sequence of one already received (CONFLICT), which an older copy of the site makes.
 *    An LFR that states a restore from a backup (`ledgerRestore`) skips this check: it is
 *    stored as a pending re-baseline of its site tenant, and no OLF answers it until the vendor
 *    accepts the gap (REBASELINE_PENDING).
 * The LFR is stored with its usage, how it came (`via`), the activated license it replaces
 * (`replaces`), the ledger position when it is past the highest, and the site's key when it is
 * the first, with their audit events; a refusal writes nothing. Uploading the same LFR again is
 * answered the same and writes nothing; uploads for one site are serialized on its row, so two
 * replicas given the same LFR store it once.
 *
 * @example
 * ```ts
 * const { lfr, allocation } = await uploadLicenseFileRequest(deps, { customerId: 'acme', text, via: 'file' }, by);
 * ```
 */
export async function uploadLicenseFileRequest(deps: { readonly db: Db; readonly keys: AuthorityKeys }, input: LfrUploadInput, by: Actor): Promise<LfrUpload> {
  const opened = await openUploadedLfr(deps.keys, input.text, by.now);
  return storeUploadedLfr(deps, { customerId: input.customerId, opened, via: input.via }, by);
}

/**
 * `uploadLicenseFileRequest` for an LFR opened already (the exchange over the link opens it to
 * compare it with its request first): every check after the envelope's, and the writes.
 */
export async function storeUploadedLfr(
  deps: { readonly db: Db },
  input: { readonly customerId: string; readonly opened: OpenedLicenseFileRequest; readonly via: LfrVia },
  by: Actor,
): Promise<LfrUpload> {
  const { customerId, opened, via } = input;
  return deps.db.transaction().execute(async (trx) => {
    const { site, alreadyStored, highestLedger, allocation } = await acceptUpload(trx, customerId, opened, via, utcDate(by.now));
    if (!alreadyStored) await storeLfr(trx, opened, site, by, { highestLedger, via });
    return { lfr: lfrView(opened.claims, site.guid), allocation };
  });
}

/** Every check of `uploadLicenseFileRequest`, in its order; the site's row stays locked after. */
async function acceptUpload(
  trx: Transaction<Database>,
  customerId: string,
  opened: OpenedLicenseFileRequest,
  via: LfrVia,
  today: string,
): Promise<{ site: RegisteredSite; alreadyStored: boolean; highestLedger: ReportedLedgerPosition | undefined; allocation: AllocationSummary }> {
  const { claims } = opened;
  // One statement: the customer's policy (NOT_FOUND for no customer), and its site of that GUID, locked.
  const { policy, site } = await policyAndLockedSite(trx, customerId, claims.siteGuid);
  if (via === 'file' && policy.siteLicensing === 'connected') {
    throw new AirlockError('CONNECTED_MODE_REQUIRED', { customerId, siteGuid: claims.siteGuid.toLowerCase(), tenant: claims.tenant });
  }
  if (claims.customerId !== customerId) {
    throw new AirlockError('SITE_NOT_REGISTERED', { siteGuid: claims.siteGuid, reason: 'the request was made for another customer' });
  }
  // Read once the site's row is locked, in a statement of their own: they see what the upload before committed.
  const { latest, used, stored, highestLedger, tokenIssued, allocation } = await uploadFacts(trx, {
    customerId,
    lfrId: claims.jti,
    at: site ? { siteGuid: site.guid, tenant: claims.tenant } : undefined,
    tokenId: claims.answers[0],
    today,
  });
  const acceptance = checkLfrAcceptance(
    { id: claims.jti, siteGuid: claims.siteGuid, siteKeyThumbprint: opened.signerKid, cycle: claims.cycle, sequence: claims.sequence },
    { registeredSiteGuids: site ? [site.guid] : [], siteKeyThumbprint: site?.siteKeyThumbprint ?? null, latestSeen: latest ?? null, lfrUsed: used },
  );
  if (!acceptance.ok) throw new AirlockError(acceptance.code, acceptance.detail);
  if (!site) throw new Error('an accepted LFR comes from a registered site');
  const tokenId = claims.answers[0];
  if (tokenId === undefined || !tokenIssued) {
    throw new AirlockError('ENABLEMENT_TOKEN_UNKNOWN', { siteGuid: site.guid, enablementTokenId: tokenId ?? null });
  }
  requireSiteVersion(claims.siteVersion, policy, via);
  if (stored && stored.site_guid !== site.guid) throw new AirlockError('CONFLICT', { lfrId: claims.jti, reason: 'the id belongs to another site' });
  // Before the clash of (cycle, sequence) below: an older copy of the site's data put back makes
  // its next LFR at a position already received, and the ledger is what says why. A site that
  // states its restore (`ledgerRestore`) is not refused for it: the vendor decides on the gap.
  const ledger = claims.ledgerRestore ? { ok: true as const } : checkLedgerPosition(claims.usage.ledger, highestLedger);
  if (!ledger.ok) throw new AirlockError(ledger.code, { lfrId: claims.jti, siteGuid: site.guid, tenant: claims.tenant, ...ledger.detail });
  // The site never makes two LFRs at one (cycle, sequence): another one stored there is not this request.
  if (!stored && latest && latest.cycle === claims.cycle && latest.sequence === claims.sequence) {
    throw new AirlockError('CONFLICT', { lfrId: claims.jti, reason: 'another request of this site holds the same cycle and sequence', storedLfrId: latest.id });
  }
  return { site, alreadyStored: stored !== undefined, highestLedger, allocation };
}

/**
 * The customer's site licensing policy (NOT_FOUND when there is no such customer) and its site
 * with this GUID (compared case-insensitively, as `registeredSite` does), or undefined when it
 * has none. The site's row stays locked until the transaction ends and is read as last
 * committed: uploads for one site are serialized on it, so two replicas given the same LFR
 * store it once.
 */
async function policyAndLockedSite(
  trx: Transaction<Database>,
  customerId: string,
  siteGuid: string,
): Promise<{ policy: SiteLicensingPolicy; site: RegisteredSite | undefined }> {
  const row = await trx
    .selectFrom('customers')
    .innerJoin('policies', 'policies.id', 'customers.policy_id')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('sites')
          .select(['sites.guid', 'sites.site_key_thumbprint'])
          .whereRef('sites.customer_id', '=', 'customers.id')
          .where('sites.guid', '=', siteGuid.toLowerCase())
          .forNoKeyUpdate()
          .as('site'),
      (join) => join.onTrue(),
    )
    .select([...SITE_POLICY_COLUMNS, 'site.guid', 'site.site_key_thumbprint'])
    .where('customers.id', '=', customerId)
    .executeTakeFirst();
  if (!row) throw new AirlockError('NOT_FOUND', { customer: customerId });
  return { policy: sitePolicyOf(row), site: row.guid === null ? undefined : { guid: row.guid, siteKeyThumbprint: row.site_key_thumbprint } };
}

interface UploadFacts {
  /** The latest LFR seen from the site tenant, by (cycle, sequence). */
  readonly latest: ({ id: string } & CycleSequence) | undefined;
  /** An OLF answers this LFR already. */
  readonly used: boolean;
  /** This LFR's id, stored already: with the site it came from. */
  readonly stored: { readonly site_guid: string } | undefined;
  readonly highestLedger: ReportedLedgerPosition | undefined;
  /** The enablement token the LFR answers was issued by this authority to that site of this customer. */
  readonly tokenIssued: boolean;
  /** What the customer may still give the site tenant (storing the LFR changes none of it). */
  readonly allocation: AllocationSummary;
}

/**
 * What the upload reads once the site's row is locked, in one statement: the latest LFR of the
 * site tenant (`latestLfr`), whether an OLF answers this LFR, this LFR if stored already, the
 * highest ledger position the site tenant reported (`ledger_positions`), whether the token it
 * answers was issued to that site of the customer, and the allocation the answer shows (what
 * was bought, and what the customer's other site tenants hold on `today`). Without a registered
 * site, only what concerns the LFR itself is found.
 */
async function uploadFacts(
  trx: Transaction<Database>,
  ask: {
    readonly customerId: string;
    readonly lfrId: string;
    readonly at: SiteTenant | undefined;
    readonly tokenId: string | undefined;
    readonly today: string;
  },
): Promise<UploadFacts> {
  const siteGuid = ask.at?.siteGuid ?? null;
  const tenant = ask.at?.tenant ?? null;
  const { rows } = await sql<{
    latest: ({ id: string } & CycleSequence) | null;
    used: boolean;
    stored_site_guid: string | null;
    ledger: { sequence: number; head: string; lfrId: string } | null;
    token_issued: boolean;
    purchased: Quantities;
    held: Quantities | null;
  }>`
    select
      (select json_build_object('id', id, 'cycle', cycle, 'sequence', sequence) from license_file_requests
        where site_guid = ${siteGuid} and tenant = ${tenant} order by cycle desc, sequence desc limit 1) as latest,
      exists (select 1 from offline_license_files where lfr_id = ${ask.lfrId}) as used,
      (select site_guid from license_file_requests where id = ${ask.lfrId}) as stored_site_guid,
      (select json_build_object('sequence', sequence, 'head', head, 'lfrId', lfr_id) from ledger_positions
        where site_guid = ${siteGuid} and tenant = ${tenant}) as ledger,
      exists (select 1 from enablement_tokens where id = ${ask.tokenId ?? null} and customer_id = ${ask.customerId} and site_guid = ${siteGuid}) as token_issued,
      (select coalesce(json_object_agg(license_type_id, quantity), '{}') from purchased_entitlements where customer_id = ${ask.customerId}) as purchased,
      (select json_object_agg(license_type_id, quantity) from (
        select license_type_id, sum(quantity) as quantity from held_entitlements
        where customer_id = ${ask.customerId} and not (site_guid = ${siteGuid} and tenant = ${tenant}) and ends_on >= ${ask.today}
        group by license_type_id
      ) as held) as held
  `.execute(trx);
  const row = rows[0]!;
  return {
    latest: row.latest ?? undefined,
    used: row.used,
    stored: row.stored_site_guid === null ? undefined : { site_guid: row.stored_site_guid },
    highestLedger: row.ledger === null ? undefined : { sequence: Number(row.ledger.sequence), head: row.ledger.head, lfrId: row.ledger.lfrId },
    tokenIssued: row.token_issued,
    allocation: summarizeAllocation(row.purchased, row.held === null ? [] : [row.held]),
  };
}

/**
 * Stores an accepted LFR in one statement: the LFR (once: an id stored already writes nothing
 * more), the ledger position it moves, the site's key when this is its first LFR, and the audit
 * events (`lfr.upload`, and `site.key-learned` with the key), read back with the enabled webhook
 * endpoints; then, for a stated restore, its pending re-baseline, and the deliveries of the
 * endpoints subscribed (none, no statement).
 */
async function storeLfr(
  trx: Transaction<Database>,
  opened: OpenedLicenseFileRequest,
  site: RegisteredSite,
  by: Actor,
  how: { readonly highestLedger: ReportedLedgerPosition | undefined; readonly via: LfrVia },
): Promise<void> {
  const { claims } = opened;
  const { highestLedger, via } = how;
  const learnsKey = site.siteKeyThumbprint === null;
  const events: AuditEvent[] = [
    {
      ...by,
      action: 'lfr.upload',
      objectType: 'license-file-request',
      objectId: claims.jti,
      after: {
        siteGuid: site.guid,
        tenant: claims.tenant,
        cycle: claims.cycle,
        sequence: claims.sequence,
        siteKeyThumbprint: opened.signerKid,
        ledger: claims.usage.ledger,
        ...lfrTimeliness(claims),
        ...(claims.ledgerRestore ? { ledgerRestore: claims.ledgerRestore } : {}),
        ...(via === 'link' ? { via } : {}),
        ...(claims.replaces ? { replaces: claims.replaces } : {}),
      },
      at: by.now,
    },
  ];
  if (learnsKey) {
    events.push({
      ...by,
      action: 'site.key-learned',
      objectType: 'site',
      objectId: site.guid,
      before: { siteKeyThumbprint: null },
      after: { siteKeyThumbprint: opened.signerKid, fromLfr: claims.jti },
      at: by.now,
    });
  }
  const writes = [
    sql`stored as (
      insert into license_file_requests (id, site_guid, tenant, customer_id, cycle, sequence, site_key_thumbprint, site_encryption_key, usage,
        issued_at, received_at, received_by, claims, signer_key, via, replaces_license_id)
      values (${claims.jti}, ${site.guid}, ${claims.tenant}, ${claims.customerId}, ${claims.cycle}, ${claims.sequence}, ${opened.signerKid},
        ${JSON.stringify(claims.siteEncryptionKey)}::jsonb, ${JSON.stringify(claims.usage)}::jsonb, ${new Date(claims.iat * 1000)}::timestamptz,
        ${by.now}::timestamptz, ${by.actor}, ${JSON.stringify(claims)}::jsonb, ${JSON.stringify(opened.signerKey)}::jsonb, ${via}, ${claims.replaces?.licenseId ?? null})
      -- The site's row lock already serializes uploads; the key makes "stored once" hold regardless.
      on conflict (id) do nothing
      returning id
    )`,
    // A stated restore moves no position until the vendor accepts it (`decideRebaseline`).
    ...(claims.ledgerRestore ? [] : [recordLedgerPositionCte({ siteGuid: site.guid, tenant: claims.tenant }, { ...claims.usage.ledger, at: by.now })]),
    ...(learnsKey
      ? [sql`learned as (update sites set site_key_thumbprint = ${opened.signerKid} where guid = ${site.guid} and exists (select 1 from stored))`]
      : []),
    auditEventsCte(events, sql`exists (select 1 from stored)`),
  ];
  const { rows } = await sql<WrittenEvents>`with ${sql.join(writes, sql`, `)} select ${writtenEvents}`.execute(trx);
  const written = rows[0]!;
  if (written.ids === null) return;
  if (claims.ledgerRestore) {
    await recordPendingRebaseline(
      trx,
      { id: claims.jti, siteGuid: site.guid, tenant: claims.tenant, ledger: claims.usage.ledger, restore: claims.ledgerRestore },
      highestLedger,
      by.now,
    );
  }
  await deliverWrittenEvents(trx, events, written);
}

/** The LFR as shown back: the customer sees the usage it reports before configuring the OLF. */
function lfrView(claims: LicenseFileRequest, siteGuid: string): LfrView {
  return { id: claims.jti, siteGuid, tenant: claims.tenant, cycle: claims.cycle, sequence: claims.sequence, usage: claims.usage };
}

/**
 * What the vendor's tools want to know of an LFR at a glance (its `lfr.upload` audit event and
 * webhook): `late` when the tenant's installed OLF had already ended on the day the request was
 * made (the site ran on past its license, into its lock), and `rollback` when the site declared
 * its ledger restored from older data (`ledgerRestore`, docs/design.md F3).
 */
export function lfrTimeliness(claims: { readonly iat: number; readonly installed: { readonly end: string } | null; readonly ledgerRestore?: unknown }): {
  late: boolean;
  installedEnd: string | null;
  rollback: boolean;
} {
  const madeOn = new Date(claims.iat * 1000).toISOString().slice(0, 10);
  const installedEnd = claims.installed?.end ?? null;
  return { late: installedEnd !== null && installedEnd < madeOn, installedEnd, rollback: claims.ledgerRestore !== undefined };
}
