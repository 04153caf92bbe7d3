import { newerRevocationList, DAY } from '@airlock/core';
import { isAccountEvent } from './account-events.ts';
import { ACCOUNT_HISTORY_LIMIT, applyAccountEvent } from './account-state.ts';
import { activatedGrantsOn } from './activated-license-state.ts';
import { loadCycle } from './cycle-json.ts';
import type { SiteEvent } from './site-events.ts';
import {
  daysAfter,
  grantsOf,
  HISTORY_LIMIT,
  holderKey,
  holdLease,
  lastDayOf,
  newTenantState,
  seatsInUse,
  USAGE_DAYS,
  utcDayOf,
  type DayUse,
  type SiteState,
  type TenantState,
} from './site-state.ts';

/** A ledger record as the reducer reads it. */
export interface AppliedRecord {
  readonly sequence: number;
  readonly at: number;
  readonly event: SiteEvent;
}

/**
 * Applies one ledger record to the state, in place: the site's only way to change its state,
 * used alike when it acts and when it rebuilds from the ledger at start. It decides nothing —
 * the site checked the rules before it appended the event, and the event holds what they
 * decided — so it never refuses an event. An event the state cannot hold (a tenant that does
 * not exist) means the ledger and this code disagree, which is a bug, and throws.
 *
 * @example
 * ```ts
 * const state = emptySiteState();
 * for (const record of tail) applyEvent(state, record);
 * ```
 */
export function applyEvent(state: SiteState, record: AppliedRecord): void {
  const { event } = record;
  if (isAccountEvent(event)) {
    applyAccountEvent(state.accounts, { sequence: record.sequence, at: record.at, event });
    state.sequence = record.sequence;
    return;
  }
  switch (event.t) {
    case 'site-initialised':
      state.guid = event.guid;
      state.siteVersion = event.siteVersion;
      state.rootKid = event.rootKid;
      break;
    case 'revocations-updated':
      state.revocations = newerRevocationList(state.revocations ?? undefined, event.revocations) ?? null;
      break;
    case 'ledger-restored':
      for (const id of event.tenants) tenantOf(state, id, record.sequence).restore = { reached: event.reached, restored: event.restored };
      rememberForSite(state, record);
      break;
    case 'site-backed-up':
      rememberForSite(state, record);
      break;
    case 'tenant-created':
      if (state.tenants.has(event.tenant)) throw new Error(`ledger record ${record.sequence}: tenant ${event.tenant} is created twice`);
      state.tenants.set(event.tenant, newTenantState(event.tenant, event.rk, record.at));
      remember(tenantOf(state, event.tenant, record.sequence), record);
      break;
    case 'tenant-removed': {
      tenantOf(state, event.tenant, record.sequence);
      state.tenants.delete(event.tenant);
      for (const key of state.accounts.appKeys.values()) if (key.tenant === event.tenant) key.revokedAt ??= record.at;
      for (const account of state.accounts.accounts.values()) if (account.tenant === event.tenant) account.disabled = true;
      // The tenant's own history goes with it: the site's security audit keeps the removal.
      const { history } = state.accounts;
      history.push(record);
      if (history.length > ACCOUNT_HISTORY_LIMIT) history.splice(0, history.length - ACCOUNT_HISTORY_LIMIT);
      break;
    }
    default: {
      const tenant = tenantOf(state, event.tenant, record.sequence);
      applyTenantEvent(tenant, event, record.at);
      if (listed(event)) remember(tenant, record);
    }
  }
  state.sequence = record.sequence;
}

type TenantEvent = Exclude<
  SiteEvent,
  { t: 'site-initialised' | 'tenant-created' | 'tenant-removed' | 'revocations-updated' | 'ledger-restored' | 'site-backed-up' }
>;

function applyTenantEvent(tenant: TenantState, event: TenantEvent, at: number): void {
  switch (event.t) {
    case 'token-installed':
      tenant.token = event.token;
      tenant.tokenIds.add(event.token.id);
      return;
    case 'lfr-generated':
      tenant.cycle = loadCycle(event.cycle);
      return;
    case 'olf-installed':
      tenant.license = event.license;
      tenant.activated = null;
      tenant.grants = grantsOf(event.license);
      tenant.olfIds.add(event.license.olfId);
      // `completeCycle`'s outcome: the cycle closes and any lock is lifted.
      tenant.cycle = { cycle: tenant.cycle.cycle, open: null, lockedSince: null };
      return;
    case 'activated-license-installed':
      // Licensed by orders from now on: the OLF is replaced and an open cycle has nothing left to answer.
      tenant.activated = event.license;
      tenant.activatedRevision = Math.max(tenant.activatedRevision, event.license.revision);
      tenant.license = null;
      tenant.grants = activatedGrantsOn(event.license, new Date(at));
      tenant.cycle = { cycle: tenant.cycle.cycle, open: null, lockedSince: null };
      return;
    case 'document-refused':
      return;
    case 'tenant-rebaselined':
      tenant.restore = null;
      return;
    case 'seat-assigned':
      carryUse(tenant, event.type, at);
      seatsOf(tenant, event.type).set(event.user, at);
      noteUse(tenant, event.type, at, 0);
      return;
    case 'seat-released':
      if (tenant.seats.get(event.type)?.has(event.user)) carryUse(tenant, event.type, at);
      tenant.seats.get(event.type)?.delete(event.user);
      return;
    case 'seat-reassigned': {
      const users = seatsOf(tenant, event.type);
      users.delete(event.from);
      users.set(event.to, at);
      return;
    }
    case 'user-deprovisioned':
      for (const [type, users] of tenant.seats) {
        if (users.has(event.user)) carryUse(tenant, type, at);
        users.delete(event.user);
      }
      return;
    case 'meter-consumed':
      tenant.meters.set(event.meter, (tenant.meters.get(event.meter) ?? 0) + event.amount);
      return;
    case 'lease-granted':
      carryUse(tenant, event.type, at);
      holdLease(tenant, {
        id: event.leaseId,
        type: event.type,
        user: event.user,
        fingerprint: event.fingerprint,
        since: at,
        ttl: event.ttl,
        deviceKey: event.deviceKey,
        borrowUntil: null,
      });
      noteUse(tenant, event.type, at, 0);
      return;
    case 'seat-borrowed': {
      const lease = tenant.leases.get(event.leaseId);
      carryUse(tenant, event.type, at);
      if (lease) tenant.leases.set(lease.id, { ...lease, borrowUntil: event.until });
      else
        holdLease(tenant, {
          id: event.leaseId,
          type: event.type,
          user: event.user,
          fingerprint: event.fingerprint,
          since: at,
          ttl: null,
          deviceKey: null,
          borrowUntil: event.until,
        });
      noteUse(tenant, event.type, at, 1);
      return;
    }
    case 'lease-ended': {
      const lease = tenant.leases.get(event.leaseId);
      if (lease) carryUse(tenant, lease.type, at);
      endLease(tenant, event.leaseId);
      return;
    }
    case 'floating-settings-set':
      tenant.floatingSettings = { leaseTtl: event.leaseTtl, borrowMax: event.borrowMax };
      return;
    case 'licensing-mode-set':
      tenant.authorityUrl = event.authorityUrl ?? tenant.authorityUrl;
      tenant.link =
        event.mode === 'connected' && tenant.authorityUrl !== null ? { mode: 'connected', authorityUrl: tenant.authorityUrl, since: at, by: event.by } : null;
      return;
    case 'link-exchanged':
      tenant.lastExchange = { at, lfrId: event.lfrId, outcome: event.outcome, code: event.code, olfId: event.olfId };
      return;
  }
}

function endLease(tenant: TenantState, leaseId: string): void {
  const lease = tenant.leases.get(leaseId);
  if (!lease) return;
  tenant.leases.delete(leaseId);
  const held = (tenant.floating.get(lease.type) ?? 1) - 1;
  if (held > 0) tenant.floating.set(lease.type, held);
  else tenant.floating.delete(lease.type);
  const key = holderKey(lease.type, lease.fingerprint, lease.user);
  if (tenant.holders.get(key) === leaseId) tenant.holders.delete(key);
}

/**
 * Carries a type's use over to the record's UTC day before the record changes it. Only the
 * events that take or free a seat change a type's use, and each of them comes here first, so
 * every day since the last one noted held the seats in use now all day long: each gets them as
 * its peak (docs/floating.md, What the vendor sees). Keeps the last `USAGE_DAYS` days.
 */
function carryUse(tenant: TenantState, type: string, at: number): void {
  const inUse = seatsInUse(tenant, type);
  if (inUse === 0) return;
  let days = tenant.usageDays.get(type);
  const day = utcDayOf(at);
  if (days?.has(day)) return;
  if (!days) tenant.usageDays.set(type, (days = new Map<string, DayUse>()));
  for (const carried of daysAfter(lastDayOf(days), day, utcDayOf(at - (USAGE_DAYS - 1) * DAY))) days.set(carried, { peak: inUse, borrowed: 0 });
  forgetOldDays(days, at);
}

/** Notes a type's use on the record's UTC day once the record took a seat: the peak of seats in use, and a borrow made. */
function noteUse(tenant: TenantState, type: string, at: number, borrowed: number): void {
  let days = tenant.usageDays.get(type);
  if (!days) tenant.usageDays.set(type, (days = new Map<string, DayUse>()));
  const day = utcDayOf(at);
  let use = days.get(day);
  if (!use) {
    days.set(day, (use = { peak: 0, borrowed: 0 }));
    forgetOldDays(days, at);
  }
  use.peak = Math.max(use.peak, seatsInUse(tenant, type));
  use.borrowed += borrowed;
}

function forgetOldDays(days: Map<string, DayUse>, at: number): void {
  const oldest = utcDayOf(at - (USAGE_DAYS - 1) * DAY);
  for (const kept of days.keys()) if (kept < oldest) days.delete(kept);
}

/**
 * Whether a tenant event joins its history: not consumptions (counted, not listed), nor a
 * lease's grant and its ordinary end (released, culled), which come and go all day; borrows,
 * revocations and settings stay listed.
 */
function listed(event: TenantEvent): boolean {
  if (event.t === 'meter-consumed' || event.t === 'lease-granted') return false;
  return event.t !== 'lease-ended' || (event.reason !== 'released' && event.reason !== 'expired');
}

function tenantOf(state: SiteState, id: string, sequence: number): TenantState {
  const tenant = state.tenants.get(id);
  if (!tenant) throw new Error(`ledger record ${sequence}: no tenant ${id}`);
  return tenant;
}

function seatsOf(tenant: TenantState, type: string): Map<string, number> {
  let users = tenant.seats.get(type);
  if (!users) tenant.seats.set(type, (users = new Map<string, number>()));
  return users;
}

/** Events of the whole site (backups, restores) join the site's audit, beside its security events. */
function rememberForSite(state: SiteState, record: AppliedRecord): void {
  state.accounts.history.push(record);
  if (state.accounts.history.length > ACCOUNT_HISTORY_LIMIT) state.accounts.history.splice(0, state.accounts.history.length - ACCOUNT_HISTORY_LIMIT);
}

function remember(tenant: TenantState, record: AppliedRecord): void {
  tenant.history.push(record);
  if (tenant.history.length > HISTORY_LIMIT) tenant.history.splice(0, tenant.history.length - HISTORY_LIMIT);
}
