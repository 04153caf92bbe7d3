import type { SiteEvent } from '../state/site-events.ts';
import type { HistoryEntry, SiteState } from '../state/site-state.ts';
import { isAccountEvent } from '../state/account-events.ts';

/** One line of the site's audit: a ledger record, newest first, with no secret's hash in it. */
export interface AuditEntry {
  readonly sequence: number;
  readonly at: string;
  readonly event: Readonly<Record<string, unknown>> & { readonly t: string };
}

export interface AuditQuery {
  /** One tenant's audit: its license events and the security events about it (its keys, its administrators). */
  readonly tenant?: string;
  readonly events: number;
}

/**
 * The site's audit, read from the ledger's latest events that the state keeps (the newest 500 of
 * each tenant, the newest 1,000 security events; older ones stay in the ledger): who did what,
 * when — installs, seats by hand, accounts, every sign-in attempt, application keys. Password
 * and key hashes are left out: the audit is for reading, not for cracking.
 */
export function readAudit(state: SiteState, query: AuditQuery): AuditEntry[] {
  const tenants = query.tenant === undefined ? [...state.tenants.values()] : [state.tenants.get(query.tenant)].filter((tenant) => tenant !== undefined);
  const security = query.tenant === undefined ? state.accounts.history : state.accounts.history.filter((entry) => concernsTenant(state, entry, query.tenant!));
  // Each list is in ledger order; the newest `events` of their union, newest first.
  const merged: HistoryEntry[] = [...security.slice(-query.events), ...tenants.flatMap((tenant) => tenant.history.slice(-query.events))];
  merged.sort((a, b) => b.sequence - a.sequence);
  return merged.slice(0, query.events).map((entry) => ({ sequence: entry.sequence, at: new Date(entry.at).toISOString(), event: redacted(entry.event) }));
}

function concernsTenant(state: SiteState, entry: HistoryEntry, tenant: string): boolean {
  const event = entry.event;
  if (!isAccountEvent(event)) return false;
  if ('tenant' in event) return event.tenant === tenant;
  // The site's own policy concerns no tenant in particular.
  if (!('account' in event)) return false;
  return state.accounts.accounts.get(event.account)?.tenant === tenant;
}

/** The fields no audit reader needs: the hashes that stand for passwords, keys and recovery codes, and sealed TOTP secrets. */
const hashes: ReadonlySet<string> = new Set(['passwordHash', 'keyHash', 'recoveryCodeHashes', 'sealedSecret']);

function redacted(event: SiteEvent): AuditEntry['event'] {
  return Object.fromEntries(Object.entries(event).filter(([field]) => !hashes.has(field))) as AuditEntry['event'];
}
