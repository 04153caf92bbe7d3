import { quantityOf, type Outcome, type Quantities, type SiteEntitlement } from '@airlock/core';
import {
  accept,
  checkAllocation,
  checkLfrAcceptance,
  checkOlfDates,
  firstDuplicate,
  quantitiesBelowUse,
  refuse,
  utcDate,
  type BelowUseWarning,
} from '@airlock/core/internal';
import { siteTenantKey, type HeldOlf, type LfrRow, type OlfBatchFacts } from './olf-batch-facts.ts';
import type { SiteTenant } from './offline-license-queries.ts';

/** What the customer chose for the OLF (docs/design.md, F2). */
export interface OlfConfiguration {
  readonly start: string;
  readonly end: string;
  readonly entitlements: readonly { readonly type: string; readonly quantity: number }[];
  /** The customer saw the warnings and issues the file anyway. */
  readonly acceptBelowUse?: boolean | undefined;
}

/** One OLF to issue: the LFR it answers and its configuration. */
export interface OlfRequest extends OlfConfiguration {
  readonly lfrId: string;
}

/** A request the rules accept, with everything needed to sign and store its OLF. */
export interface AcceptedOlf {
  readonly request: OlfRequest;
  readonly lfr: LfrRow;
  readonly entitlements: SiteEntitlement[];
  /** Seat types set below the use the LFR reports (accepted by the customer). */
  readonly warnings: readonly BelowUseWarning[];
  /** What its site tenant held until now, for the audit event; null when it held nothing. */
  readonly before: HeldOlf | null;
}

/**
 * Decides every request of a batch with the OLF rules, in the order given, as if each were
 * issued alone one after the other: a request sees the holds of the requests accepted before
 * it (allocation), and an LFR accepted earlier in the batch is used. Per request, first
 * failure wins:
 * 1. the LFR is the customer's (NOT_FOUND), still acceptable (`checkLfrAcceptance`: site and
 *    key as before, LFR_ALREADY_USED, then LFR_SUPERSEDED by a later LFR of that tenant);
 * 1a. an LFR stating a restore from a backup: the vendor accepted the gap (REBASELINE_PENDING,
 *    or LEDGER_ROLLED_BACK once refused);
 * 2. the dates (`checkOlfDates`: start today, end by the account's end), the types appear once
 *    (REQUEST_INVALID) and exist (NOT_FOUND);
 * 3. the quantities (`checkAllocation`, counting what the customer's other site tenants hold);
 * 4. the warnings (`quantitiesBelowUse` against the seats the LFR reports in use): refused
 *    with BELOW_USE_NOT_ACCEPTED unless `acceptBelowUse`, so the customer is warned first.
 */
export function decideOlfBatch(requests: readonly OlfRequest[], facts: OlfBatchFacts, now: Date): Outcome<AcceptedOlf>[] {
  const held = new HeldQuantities(facts, utcDate(now));
  const used = new Set(facts.used);
  return requests.map((request) => {
    const decision = decideOne(request, facts, { held, used, now });
    if (decision.ok) {
      used.add(request.lfrId);
      held.replace({ siteGuid: decision.value.lfr.site_guid, tenant: decision.value.lfr.tenant }, decision.value.entitlements);
    }
    return decision;
  });
}

function decideOne(request: OlfRequest, facts: OlfBatchFacts, state: { held: HeldQuantities; used: ReadonlySet<string>; now: Date }): Outcome<AcceptedOlf> {
  const lfr = facts.lfrs.get(request.lfrId);
  if (!lfr) return refuse('NOT_FOUND', { lfr: request.lfrId });
  const at = { siteGuid: lfr.site_guid, tenant: lfr.tenant };
  const site = facts.sites.get(lfr.site_guid);
  const acceptance = checkLfrAcceptance(
    { id: lfr.id, siteGuid: lfr.site_guid, siteKeyThumbprint: lfr.site_key_thumbprint, cycle: lfr.cycle, sequence: lfr.sequence },
    {
      registeredSiteGuids: site ? [site.guid] : [],
      siteKeyThumbprint: site?.siteKeyThumbprint ?? null,
      latestSeen: facts.latest.get(siteTenantKey(at)) ?? null,
      lfrUsed: state.used.has(lfr.id),
    },
  );
  if (!acceptance.ok) return acceptance;
  const rebaseline = checkRebaseline(lfr, facts);
  if (!rebaseline.ok) return rebaseline;
  const dates = checkOlfDates({ startsOn: request.start, endsOn: request.end }, { now: state.now, accountEndsOn: facts.customer.accountEndsOn });
  if (!dates.ok) return dates;
  const entitlements = categorized(request, facts);
  if (!entitlements.ok) return entitlements;
  const requested: Quantities = Object.fromEntries(entitlements.value.map((entitlement) => [entitlement.type, entitlement.quantity]));
  const allocation = checkAllocation({ requested, heldByOtherSites: state.held.elsewhere(at), purchased: facts.purchased });
  if (!allocation.ok) return allocation;
  // Only seats: a site refuses an OLF below its assigned seats; a meter's total is consumption, not a hold.
  const seatsInUse: Quantities = Object.fromEntries(lfr.claims.usage.seats.map((seat) => [seat.type, seat.used]));
  const warnings = quantitiesBelowUse(requested, seatsInUse);
  if (warnings.length > 0 && request.acceptBelowUse !== true) return refuse('BELOW_USE_NOT_ACCEPTED', { warnings });
  return accept({ request, lfr, entitlements: entitlements.value, warnings, before: facts.held.get(siteTenantKey(at)) ?? null });
}

/**
 * An LFR stating a restore from a backup is answered only once the vendor accepted the gap
 * (REBASELINE_PENDING until then); a refused one is a rollback (LEDGER_ROLLED_BACK).
 */
function checkRebaseline(lfr: LfrRow, facts: OlfBatchFacts): Outcome {
  const restore = lfr.claims.ledgerRestore;
  if (!restore) return accept();
  const status = facts.rebaselines.get(lfr.id) ?? 'pending';
  if (status === 'accepted') return accept();
  const detail = { lfrId: lfr.id, siteGuid: lfr.site_guid, tenant: lfr.tenant, reached: restore.reached, restored: restore.restored };
  return refuse(status === 'refused' ? 'LEDGER_ROLLED_BACK' : 'REBASELINE_PENDING', detail);
}

/** The requested types with their catalogue category: each type once (REQUEST_INVALID), each known (NOT_FOUND). */
function categorized(request: OlfRequest, facts: OlfBatchFacts): Outcome<SiteEntitlement[]> {
  const duplicate = firstDuplicate(request.entitlements.map((entitlement) => entitlement.type));
  if (duplicate !== undefined) return refuse('REQUEST_INVALID', { field: 'entitlements', reason: `license type ${duplicate} is listed twice` });
  const entitlements: SiteEntitlement[] = [];
  for (const { type, quantity } of request.entitlements) {
    const category = facts.categories.get(type);
    if (!category) return refuse('NOT_FOUND', { licenseType: type });
    entitlements.push({ type, category, quantity });
  }
  return accept(entitlements);
}

/**
 * What the customer's site tenants hold in force today, kept up to date as the batch accepts
 * OLFs: each accepted OLF replaces what its site tenant held, as `holdLatestOlfsCtes` will store it.
 */
class HeldQuantities {
  private readonly total = new Map<string, number>();
  private readonly own = new Map<string, Quantities>();

  constructor(facts: OlfBatchFacts, today: string) {
    for (const [type, quantity] of Object.entries(facts.heldInForce)) this.total.set(type, quantity);
    for (const [key, olf] of facts.held) {
      if (olf.end >= today) this.own.set(key, Object.fromEntries(olf.entitlements.map((entitlement) => [entitlement.type, entitlement.quantity])));
    }
  }

  /** What the customer's other site tenants hold, as `heldByOtherSiteTenants` answers it: one sum, or none. */
  elsewhere(at: SiteTenant): Quantities[] {
    const own = this.own.get(siteTenantKey(at)) ?? {};
    const others = [...this.total]
      .map(([type, quantity]): [string, number] => [type, quantity - quantityOf(own, type)])
      .filter(([, quantity]) => quantity !== 0);
    return others.length === 0 ? [] : [Object.fromEntries(others)];
  }

  replace(at: SiteTenant, entitlements: readonly SiteEntitlement[]): void {
    const key = siteTenantKey(at);
    for (const [type, quantity] of Object.entries(this.own.get(key) ?? {})) this.total.set(type, (this.total.get(type) ?? 0) - quantity);
    for (const { type, quantity } of entitlements) this.total.set(type, (this.total.get(type) ?? 0) + quantity);
    this.own.set(key, Object.fromEntries(entitlements.map((entitlement) => [entitlement.type, entitlement.quantity])));
  }
}
