import {
  AirlockError,
  checkAllocation,
  checkLfrAcceptance,
  checkOlfDates,
  firstDuplicate,
  issueOfflineLicenseFile,
  quantitiesBelowUse,
  utcDate,
  type BelowUseWarning,
  type Outcome,
  type Quantities,
  type Random,
} from '@airlock/core';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import type { AuthorityKeys } from '../../keys/authority-keys.ts';
import type { Actor } from '../catalogue/catalogue.ts';
import { olfView, type OlfView } from './offline-license-reads.ts';
import {
  categorize,
  heldByOtherSiteTenants,
  holdLatestOlf,
  isLfrUsed,
  latestLfr,
  purchasedQuantities,
  registeredSite,
  requireCustomer,
} from './offline-license-queries.ts';

/** What the customer chose for the OLF (SPEC F2). */
export interface OlfConfiguration {
  readonly start: string;
  readonly end: string;
  readonly entitlements: readonly { readonly type: string; readonly quantity: number }[];
  /** The customer saw the warnings and issues the file anyway. */
  readonly acceptBelowUse?: boolean | undefined;
}

export interface IssuedOlf extends OlfView {
  /** Seat types set below the use the LFR reports (accepted by the customer). */
  readonly warnings: BelowUseWarning[];
}

/**
 * Configures and issues the Offline License File that answers an LFR (SPEC F2). In this order,
 * first failure wins:
 * 1. the customer (NOT_FOUND) — its row is locked until the end: OLFs of one customer are
 *    issued one at a time, so two replicas racing for the last seats cannot both win;
 * 2. the LFR is the customer's (NOT_FOUND), still acceptable (`checkLfrAcceptance`: site and
 *    key as before, LFR_ALREADY_USED, then LFR_SUPERSEDED by a later LFR of that tenant);
 * 3. the dates (`checkOlfDates`: start today, end by the account's end), the types exist
 *    (NOT_FOUND) and appear once (REQUEST_INVALID);
 * 4. the quantities (`checkAllocation`, counting what the customer's other site tenants hold);
 * 5. the warnings (`quantitiesBelowUse` against the seats the LFR reports in use): refused
 *    with BELOW_USE_NOT_ACCEPTED unless `acceptBelowUse`, so the customer is warned first.
 * The OLF is stored with its audit event; its existence is what marks the LFR used. It becomes
 * what its (site, tenant) holds (`holdLatestOlf`), which later allocation checks sum.
 *
 * @example
 * ```ts
 * const olf = await issueOfflineLicense(deps, 'acme', lfrId, { start: '2026-11-23', end: '2027-11-22', entitlements: [{ type: 'bot-runner', quantity: 10 }] }, by);
 * ```
 */
export async function issueOfflineLicense(
  deps: { readonly db: Db; readonly keys: AuthorityKeys; readonly random: Random },
  customerId: string,
  lfrId: string,
  configuration: OlfConfiguration,
  by: Actor,
): Promise<IssuedOlf> {
  return deps.db.transaction().execute(async (trx) => {
    const { lfr, entitlements, warnings } = await checkConfiguration(trx, customerId, lfrId, configuration, by.now);
    const issued = await issueOfflineLicenseFile(
      { claims: lfr.claims, signerKey: lfr.signer_key, signerKid: lfr.site_key_thumbprint },
      { start: configuration.start, end: configuration.end, entitlements },
      { now: by.now, random: deps.random, signer: await deps.keys.signer() },
    );
    const row = {
      id: issued.claims.jti,
      lfr_id: lfr.id,
      site_guid: lfr.site_guid,
      tenant: lfr.tenant,
      customer_id: customerId,
      starts_on: configuration.start,
      ends_on: configuration.end,
      entitlements,
      text: issued.text,
      issued_at: by.now,
      issued_by: by.actor,
    };
    const inserted = await trx
      .insertInto('offline_license_files')
      .values({ ...row, entitlements: JSON.stringify(entitlements) })
      // The customer's row lock already serializes issuing; the unique index makes "one OLF per LFR" hold regardless.
      .onConflict((conflict) => conflict.column('lfr_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AirlockError('LFR_ALREADY_USED', { lfrId: lfr.id });
    await holdLatestOlf(trx, { id: row.id, customerId, siteGuid: lfr.site_guid, tenant: lfr.tenant, cycle: lfr.cycle, sequence: lfr.sequence, endsOn: row.ends_on, entitlements });
    const olf = olfView({ ...row, cycle: lfr.cycle, sequence: lfr.sequence });
    const audited = { lfrId: olf.lfrId, siteGuid: olf.siteGuid, tenant: olf.tenant, start: olf.start, end: olf.end, entitlements, warnings };
    await recordAudit(trx, { ...by, action: 'olf.issue', objectType: 'offline-license-file', objectId: olf.id, after: audited, at: by.now });
    return { ...olf, warnings: [...warnings] };
  });
}

/** Every check of `issueOfflineLicense`, in its order; the customer's row stays locked after. */
async function checkConfiguration(trx: Transaction<Database>, customerId: string, lfrId: string, configuration: OlfConfiguration, now: Date) {
  const customer = await requireCustomer(trx, customerId, true);
  const lfr = await trx.selectFrom('license_file_requests').selectAll().where('id', '=', lfrId).where('customer_id', '=', customerId).executeTakeFirst();
  if (!lfr) throw new AirlockError('NOT_FOUND', { lfr: lfrId });
  const at = { siteGuid: lfr.site_guid, tenant: lfr.tenant };
  const [site, latest, used] = await Promise.all([registeredSite(trx, customerId, lfr.site_guid), latestLfr(trx, at), isLfrUsed(trx, lfrId)]);
  orThrow(checkLfrAcceptance(
    { id: lfr.id, siteGuid: lfr.site_guid, siteKeyThumbprint: lfr.site_key_thumbprint, cycle: lfr.cycle, sequence: lfr.sequence },
    { registeredSiteGuids: site ? [site.guid] : [], siteKeyThumbprint: site?.siteKeyThumbprint ?? null, latestSeen: latest ?? null, lfrUsed: used },
  ));
  orThrow(checkOlfDates({ startsOn: configuration.start, endsOn: configuration.end }, { now, accountEndsOn: customer.accountEndsOn }));
  const duplicate = firstDuplicate(configuration.entitlements.map((entitlement) => entitlement.type));
  if (duplicate !== undefined) throw new AirlockError('REQUEST_INVALID', { field: 'entitlements', reason: `license type ${duplicate} is listed twice` });
  const entitlements = await categorize(trx, configuration.entitlements);
  const requested: Quantities = Object.fromEntries(entitlements.map((entitlement) => [entitlement.type, entitlement.quantity]));
  const [purchased, heldByOtherSites] = await Promise.all([purchasedQuantities(trx, customerId), heldByOtherSiteTenants(trx, customerId, at, utcDate(now))]);
  orThrow(checkAllocation({ requested, heldByOtherSites, purchased }));
  // Only seats: a site refuses an OLF below its assigned seats; a meter's total is consumption, not a hold.
  const seatsInUse: Quantities = Object.fromEntries(lfr.claims.usage.seats.map((seat) => [seat.type, seat.used]));
  const warnings = quantitiesBelowUse(requested, seatsInUse);
  if (warnings.length > 0 && configuration.acceptBelowUse !== true) throw new AirlockError('BELOW_USE_NOT_ACCEPTED', { warnings });
  return { lfr, entitlements, warnings };
}

/** A rule's refusal as the error the HTTP edge maps. */
function orThrow<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new AirlockError(outcome.code, outcome.detail);
  return outcome.value;
}
