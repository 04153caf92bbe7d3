import { AirlockError, type Outcome, type Random, type TrustAnchor } from '@airlock/core';
import { type Clock } from '@airlock/core/internal';
import type { SiteIdentity } from '../identity/site-identity.ts';
import { checkNotAwaitingRebaseline, checkSiteSound, type SiteConditions } from '../rules/enforcement.ts';
import type { TenantState } from '../state/site-state.ts';
import type { SiteJournal } from './site-journal.ts';

/** What the site's steps share: who the site is, its journal, the clock and the random source. */
export interface SiteContextOptions {
  readonly identity: SiteIdentity;
  readonly journal: SiteJournal;
  readonly clock: Clock;
  readonly random: Random;
  /** This site's version, as the enablement token's minimum is compared with it. */
  readonly siteVersion: string;
}

/**
 * The site's steps (`installToken`, `generateLfr`, `installOlf`, the seat and meter use cases)
 * are functions of this context: it reads the clock once per step and says whether the site
 * can be relied on, so every step checks the same things in the same order.
 */
export class SiteContext {
  readonly identity: SiteIdentity;
  readonly journal: SiteJournal;
  readonly clock: Clock;
  readonly random: Random;
  readonly siteVersion: string;
  /** The latest clock reading seen by this process (ms): with the ledger's latest record, the clock-rollback reference. */
  private seen = 0;

  constructor(options: SiteContextOptions) {
    this.identity = options.identity;
    this.journal = options.journal;
    this.clock = options.clock;
    this.random = options.random;
    this.siteVersion = options.siteVersion;
  }

  /** Reads the clock once, for one step, with what the site knows of its own soundness. */
  conditions(): SiteConditions {
    const now = this.clock.now();
    const latestSeen = Math.max(this.journal.latestAt(), this.seen);
    if (now.getTime() > this.seen) this.seen = now.getTime();
    return { now, ledgerProblem: this.journal.problem, latestSeen };
  }

  /** The tenant, or `TENANT_NOT_FOUND`. */
  tenant(id: string): TenantState {
    const tenant = this.journal.live.tenants.get(id);
    if (!tenant) throw new AirlockError('TENANT_NOT_FOUND', { tenant: id });
    return tenant;
  }

  /**
   * The checks every change begins with: the tenant exists, the ledger verified and the clock
   * is not set back, the ledger can be written, and — unless `duringRebaseline` (generating an
   * LFR, installing a token or an OLF) — the tenant is not awaiting a re-baseline. Returns the tenant and the time to record.
   * A clock a little behind (within the tolerance) is read as the latest time already seen, so
   * the times the site records never go backwards.
   */
  beginChange(tenantId: string, options: { readonly duringRebaseline?: boolean } = {}): { readonly tenant: TenantState; readonly now: Date } {
    const tenant = this.tenant(tenantId);
    const now = this.beginSiteChange();
    // A restored tenant only asks for, and takes in, the vendor's re-baseline (and a token to ask with).
    if (!options.duringRebaseline) must(checkNotAwaitingRebaseline(tenant));
    return { tenant, now };
  }

  /** `beginChange` for a change of the whole site (adding a tenant): the ledger and the clock. */
  beginSiteChange(): Date {
    const conditions = this.conditions();
    must(checkSiteSound(conditions));
    must(this.journal.writable());
    return new Date(Math.max(conditions.now.getTime(), conditions.latestSeen));
  }

  /** What authority documents are checked against: the pinned root and the newest revocations seen. */
  trust(): TrustAnchor {
    return { root: this.identity.root, revocations: this.journal.live.revocations ?? undefined };
  }
}

/** The value of an accepted outcome; a refusal thrown as the AirlockError it names. */
export function must<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new AirlockError(outcome.code, outcome.detail);
  return outcome.value;
}
