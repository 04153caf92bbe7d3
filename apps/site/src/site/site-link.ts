import { AirlockError, isAirlockError, issueSiteExchangeRequest, DAY } from '@airlock/core';
import { cycleDeadlines, siteLicensingOf } from '@airlock/core/internal';
import { tenantPolicy } from '../rules/tenant-policy.ts';
import type { LinkExchanged } from '../state/site-events.ts';
import type { TenantState } from '../state/site-state.ts';
import { activatedLicenseEnd } from '../rules/activated-license-terms.ts';
import { AuthorityClient, AuthorityUnreachableError, type AuthorityAnswer } from './authority-client.ts';
import { generateLfr, LINK_ACTOR } from './generate-lfr.ts';
import type { OlfInstallation } from './install-olf.ts';
import type { SiteContext } from './site-context.ts';

/**
 * The link of connected tenants (docs/connected.md, "The site's schedule" and "When the link is
 * lost"): the site carries its own LFRs to the authority over HTTPS and installs the OLFs that
 * come back, with the very code an administrator's files go through. The link changes who
 * carries the files, not the rules: the cycle's windows, the lock and the ledger are the
 * offline cycle's.
 *
 * Two clocks. Whether an exchange is due (an interval since the last answer, a license ending
 * soon, an LFR's window ending) reads the site's clock, like every licensing rule. How long to
 * wait before asking again (the authority's `retryAfter`, the back-off after a failure) is real
 * time: a network does not come back sooner because the site's clock was moved.
 */

/** How the link posts to the authority: `AuthorityClient` in production. */
export interface AuthorityPoster {
  postJson(url: string, body: unknown, options?: { readonly signal?: AbortSignal }): Promise<AuthorityAnswer>;
}

/** The link's status (docs/connected.md, HTTP contract). Instants are ISO 8601. */
export interface LinkStatus {
  readonly mode: 'files' | 'connected';
  readonly authorityUrl: string | null;
  readonly state: 'connected' | 'waiting' | 'link-lost' | 'files';
  readonly lastExchangeAt: string | null;
  readonly lastAnswerAt: string | null;
  readonly pending: { readonly lfrId: string; readonly reason: string } | null;
  readonly linkLostSince: string | null;
  readonly lastError: string | null;
  readonly nextExchangeAt: string | null;
  readonly olfDueBy: string | null;
  readonly summary: string;
}

export interface SiteLinkOptions {
  /** How the link reaches the authority (`AuthorityClient` over node's http/https by default). */
  readonly client?: AuthorityPoster;
  /** How often the schedule is looked at (ms; 30 s by default; 0: only when `tick()` or `exchangeNow()` is called). */
  readonly tick?: number;
  /** The first and the longest wait after a failure (ms, real time; 5 s and 15 minutes). */
  readonly backoff?: { readonly first: number; readonly max: number };
  /** Real time in ms, for the waits (`performance.now` by default; tests move their own). */
  readonly realNow?: () => number;
  /** Installs an OLF that came over the link: the site's `installOlf` with the actor `link`. */
  readonly install: (tenant: string, text: string) => Promise<OlfInstallation>;
}

export const DEFAULT_LINK_TICK = 30_000;
export const DEFAULT_BACKOFF = { first: 5_000, max: 15 * 60_000 } as const;

/** Refusals of an OLF (or of a request) that a new LFR cures: the next exchange makes one at once. */
const CURED_BY_A_NEW_LFR: ReadonlySet<string> = new Set(['CYCLE_LOCKED', 'LFR_EXPIRED', 'LFR_SUPERSEDED', 'NO_OPEN_CYCLE']);

/** What the link knows of one tenant beyond the ledger: kept in memory, rebuilt at a restart from the recorded exchange. */
interface Runtime {
  /** The LFR the authority holds and has not answered yet. */
  pending: { readonly lfrId: string; readonly reason: string } | null;
  /** An LFR made and sent, whose sending failed: the same document is sent again. */
  unsent: { readonly id: string; readonly text: string } | null;
  running: Promise<void> | null;
  /** Real time before which the link does not ask again (a `retryAfter`, a back-off), or null. */
  retryAt: number | null;
  failures: number;
  linkLostSince: number | null;
  lastError: string | null;
  /** Site clock (ms): the last exchange that reached the authority, and the last OLF it answered with. */
  lastExchangeAt: number | null;
  lastAnswerAt: number | null;
  /** An exchange is due at once: after a switch to connected mode, a new token, a refusal a new LFR cures. */
  dueNow: boolean;
  /** Whether the last exchange failed to reach the authority (what `exchangeNow` answers with `AUTHORITY_UNREACHABLE`). */
  lastFailed: boolean;
  /** The site's own refusal that stopped the last exchange before it was sent (its ledger, its clock): what `exchangeNow` throws. */
  siteRefusal: AirlockError | null;
  /** The state the last exchange left, for `onStateChange`. */
  lastState: LinkStatus['state'] | null;
}

/**
 * The link of every connected tenant of a site, owned by `Site` (`site.link`). Deterministic to
 * drive: `tick()` looks at the schedule once, `exchangeNow(tenant)` runs an exchange.
 *
 * @example
 * ```ts
 * site.link.start(30_000);
 * const status = await site.link.exchangeNow('default');
 * ```
 */
export class SiteLink {
  private readonly client: AuthorityPoster;
  private readonly backoff: { readonly first: number; readonly max: number };
  private readonly realNow: () => number;
  private readonly install: SiteLinkOptions['install'];
  private readonly runtimes = new Map<string, Runtime>();
  private tickMs: number;
  private timer: NodeJS.Timeout | null = null;
  private readonly wakeups = new Set<NodeJS.Timeout>();
  private stopped = false;
  /** Aborts the requests under way when the site stops: a shutdown does not wait for a slow network. */
  private readonly shutdown = new AbortController();
  private listener: ((tenant: string, status: LinkStatus) => void) | null = null;

  constructor(
    private readonly context: SiteContext,
    options: SiteLinkOptions,
  ) {
    this.client = options.client ?? new AuthorityClient({ env: process.env });
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.realNow = options.realNow ?? (() => performance.now());
    this.install = options.install;
    this.tickMs = options.tick ?? DEFAULT_LINK_TICK;
  }

  /** Calls `listener` after an exchange that moved a tenant's link to another state (the link lost, back, waiting): the site's log. */
  onStateChange(listener: (tenant: string, status: LinkStatus) => void): void {
    this.listener = listener;
  }

  /** Looks at the schedule every `tick` ms (0: never on its own). Timers are unref'd: they keep no process alive. */
  start(tick: number = this.tickMs): void {
    this.tickMs = tick;
    if (tick <= 0 || this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.tick(), tick);
    this.timer.unref();
  }

  /** Stops every timer and abandons the requests under way; the exchanges are awaited to their end (an OLF being installed is). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.shutdown.abort();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const wakeup of this.wakeups) clearTimeout(wakeup);
    this.wakeups.clear();
    await Promise.all([...this.runtimes.values()].flatMap((runtime) => (runtime.running ? [runtime.running] : [])));
  }

  /**
   * One look at the schedule: for each connected tenant with no exchange under way and no wait
   * running, an exchange runs when one is due (an answer awaited, a failure to retry, or the
   * schedule's reasons). Resolves when the exchanges it started are over; never rejects.
   */
  async tick(): Promise<void> {
    const started: Promise<void>[] = [];
    for (const tenant of this.context.journal.live.tenants.values()) {
      if (!tenant.link || !tenant.token) continue;
      const runtime = this.runtimeOf(tenant);
      if (runtime.running) continue;
      if (runtime.retryAt !== null && this.realNow() < runtime.retryAt) continue;
      const now = this.context.clock.now().getTime();
      if (runtime.pending || runtime.lastFailed || this.dueAt(tenant, runtime) <= now) started.push(this.run(tenant.id));
    }
    await Promise.all(started);
  }

  /**
   * Runs an exchange now, whatever the schedule (or joins the one under way), and answers the
   * status: `NOT_CONNECTED` for a tenant in mode files, `CONNECTED_MODE_NOT_ALLOWED` when its
   * token no longer allows the link, `AUTHORITY_UNREACHABLE` when the authority could not be
   * reached (its detail is the status, which says since when).
   */
  async exchangeNow(tenantId: string): Promise<LinkStatus> {
    const tenant = this.context.tenant(tenantId);
    if (!tenant.link) throw new AirlockError('NOT_CONNECTED', { tenant: tenantId });
    if (!tenant.token) throw new AirlockError('NOT_ENABLED', { tenant: tenantId });
    if (!siteLicensingOf(tenant.token).connected) throw new AirlockError('CONNECTED_MODE_NOT_ALLOWED', { tenant: tenantId });
    const runtime = this.runtimeOf(tenant);
    await this.run(tenantId, { forced: true });
    if (runtime.siteRefusal) throw runtime.siteRefusal;
    const status = this.status(tenantId);
    if (runtime.lastFailed) throw new AirlockError('AUTHORITY_UNREACHABLE', { tenant: tenantId, ...status });
    return status;
  }

  /** An exchange is due at once (a switch to connected mode, a new token): run at the next tick, or now with `kick`. */
  due(tenantId: string, options: { readonly kick?: boolean } = {}): void {
    const tenant = this.context.journal.live.tenants.get(tenantId);
    if (!tenant) return;
    const runtime = this.runtimeOf(tenant);
    runtime.dueNow = true;
    runtime.retryAt = null;
    if (tenant.link === null) this.forget(tenantId);
    else if (options.kick && !this.stopped && tenant.token && siteLicensingOf(tenant.token).connected) void this.run(tenantId);
  }

  /** The tenant left connected mode: what the link knew of its exchanges in memory goes (the ledger keeps the last one). */
  forget(tenantId: string): void {
    const runtime = this.runtimes.get(tenantId);
    if (runtime && !runtime.running) this.runtimes.delete(tenantId);
  }

  /** The link's status for a tenant (docs/connected.md, HTTP contract). */
  status(tenantId: string): LinkStatus {
    const tenant = this.context.tenant(tenantId);
    const now = this.context.clock.now().getTime();
    const olfDueBy = olfDueByOf(tenant);
    const recorded = tenant.lastExchange;
    if (!tenant.link) {
      return {
        mode: 'files',
        authorityUrl: tenant.authorityUrl,
        state: 'files',
        lastExchangeAt: iso(recorded?.at ?? null),
        lastAnswerAt: iso(recorded?.outcome === 'answered' ? recorded.at : null),
        pending: null,
        linkLostSince: null,
        lastError: null,
        nextExchangeAt: null,
        olfDueBy: iso(olfDueBy),
        summary: 'files: LFRs and OLFs are carried by hand',
      };
    }
    const runtime = this.runtimeOf(tenant);
    const lastExchangeAt = runtime.lastExchangeAt ?? recorded?.at ?? null;
    const lastAnswerAt = runtime.lastAnswerAt ?? (recorded?.outcome === 'answered' ? recorded.at : null);
    const state = runtime.linkLostSince !== null ? 'link-lost' : runtime.pending || !tenant.license ? 'waiting' : 'connected';
    const wait = runtime.retryAt === null ? null : Math.max(0, runtime.retryAt - this.realNow());
    const next = runtime.pending || runtime.lastFailed ? now + (wait ?? 0) : Math.max(now, this.dueAt(tenant, runtime));
    const last = lastExchangeAt === null ? 'no exchange yet' : `last exchange ${sentence(lastExchangeAt)}`;
    const summary =
      state === 'link-lost'
        ? `link lost since ${sentence(runtime.linkLostSince ?? now)}${olfDueBy === null ? '' : `, OLF due by ${sentence(olfDueBy)}`}`
        : state === 'waiting'
          ? `waiting for the authority${runtime.pending ? ` (${runtime.pending.reason})` : ''}, ${last}${olfDueBy === null ? '' : `, OLF due by ${sentence(olfDueBy)}`}`
          : `connected, ${last}`;
    return {
      mode: 'connected',
      authorityUrl: tenant.link.authorityUrl,
      state,
      lastExchangeAt: iso(lastExchangeAt),
      lastAnswerAt: iso(lastAnswerAt),
      pending: runtime.pending ? { ...runtime.pending } : null,
      linkLostSince: iso(runtime.linkLostSince),
      lastError: runtime.lastError,
      nextExchangeAt: iso(next),
      olfDueBy: iso(olfDueBy),
      summary,
    };
  }

  /** Runs one exchange for the tenant (`forced`: even when the schedule says none is due), or joins the one under way: one at a time per tenant. */
  private run(tenantId: string, options: { readonly forced?: boolean } = {}): Promise<void> {
    const tenant = this.context.tenant(tenantId);
    const runtime = this.runtimeOf(tenant);
    if (!runtime.running) {
      runtime.running = this.exchange(tenantId, runtime, options.forced ?? false).finally(() => {
        runtime.running = null;
        this.scheduleWakeup(runtime);
        this.tell(tenantId, runtime);
      });
    }
    return runtime.running;
  }

  /** One exchange: poll the pending LFR, send again the unsent one, or make a new one; then take the answer. Never rejects. */
  private async exchange(tenantId: string, runtime: Runtime, forced: boolean): Promise<void> {
    let sent: 'awaits' | 'submit' = 'submit';
    runtime.siteRefusal = null;
    try {
      const tenant = this.context.tenant(tenantId);
      const link = tenant.link;
      const token = tenant.token;
      if (!link || !token) return;
      if (!siteLicensingOf(token).connected) {
        runtime.lastError = 'the enablement token does not allow connected mode: install a token that does, or switch the tenant to files';
        return;
      }
      const now = this.context.clock.now();
      this.dropStale(tenant, runtime, now.getTime());
      // The LFR awaited was answered by hand meanwhile (or superseded): a new one only when the schedule wants one.
      if (!runtime.pending && !runtime.unsent && !forced && this.dueAt(tenant, runtime) > now.getTime()) return;
      let lfr: { readonly id: string; readonly text: string } | null = null;
      if (!runtime.pending) {
        lfr = runtime.unsent ?? (await generateLfr(this.context, tenantId, LINK_ACTOR, { viaLink: true }));
        runtime.unsent = lfr;
        runtime.dueNow = false;
      }
      sent = lfr ? 'submit' : 'awaits';
      const request = await issueSiteExchangeRequest(
        {
          enablementToken: { customerId: token.customerId, siteGuid: this.context.identity.guid, authorityEncryptionKey: token.authorityEncryptionKey },
          tenant: tenantId,
          siteVersion: this.context.siteVersion,
          ...(lfr ? { submit: { lfr: lfr.text } } : { awaits: runtime.pending?.lfrId }),
        },
        { now, random: this.context.random, signer: this.context.identity.signingKey, trust: this.context.trust() },
      );
      const answer = await this.client.postJson(
        `${link.authorityUrl.replace(/\/+$/, '')}/v1/site-exchange`,
        lfr ? { request: request.text, lfr: lfr.text } : { request: request.text },
        { signal: this.shutdown.signal },
      );
      await this.take(tenantId, runtime, answer, lfr?.id ?? runtime.pending?.lfrId ?? '');
    } catch (error) {
      if (error instanceof AuthorityUnreachableError || error instanceof GarbageAnswer) this.lost(runtime, error.message);
      else {
        // The site could not make its request (its ledger, its clock, its token): not the link's fault, retried after a wait.
        runtime.lastError = `the ${sent === 'submit' ? 'LFR' : 'request'} could not be made: ${isAirlockError(error) ? `${error.code} ${JSON.stringify(error.detail)}` : (error as Error).message}`;
        runtime.siteRefusal = isAirlockError(error) ? error : null;
        runtime.failures += 1;
        runtime.retryAt = this.realNow() + this.backoffDelay(runtime.failures);
      }
    }
  }

  /** Takes the authority's answer: an OLF installed, a wait, or a refusal; anything else is garbage (the link is lost). */
  private async take(tenantId: string, runtime: Runtime, answer: AuthorityAnswer, lfrId: string): Promise<void> {
    const json = (typeof answer.json === 'object' && answer.json !== null ? answer.json : {}) as Record<string, unknown>;
    if (answer.status === 200 && json.status === 'answered' && isOlf(json.olf)) {
      this.reached(runtime);
      runtime.pending = null;
      runtime.unsent = null;
      runtime.lastAnswerAt = runtime.lastExchangeAt;
      let refusal: string | null = null;
      try {
        await this.install(tenantId, json.olf.text);
        runtime.lastError = null;
      } catch (error) {
        if (!isAirlockError(error)) throw error;
        // Recorded as for a file (`document-refused`); a refusal a new LFR cures makes one at the next exchange.
        refusal = error.code;
        runtime.lastError = `the OLF ${json.olf.id} was refused: ${error.code}`;
        if (CURED_BY_A_NEW_LFR.has(error.code)) runtime.dueNow = true;
      }
      await this.record(tenantId, { lfrId: typeof json.lfrId === 'string' ? json.lfrId : lfrId, outcome: 'answered', code: refusal, olfId: json.olf.id });
      return;
    }
    if (answer.status === 202 && json.status === 'pending' && typeof json.lfrId === 'string') {
      this.reached(runtime);
      runtime.unsent = null;
      const reason = typeof json.reason === 'string' ? json.reason : 'approval';
      const recorded = this.context.journal.live.tenants.get(tenantId)?.lastExchange;
      const changed = !(recorded?.outcome === 'pending' && recorded.lfrId === json.lfrId && recorded.code === reason);
      runtime.pending = { lfrId: json.lfrId, reason };
      runtime.lastError = null;
      const retryAfter = typeof json.retryAfter === 'number' && json.retryAfter > 0 ? json.retryAfter * 1000 : this.backoff.first;
      // Asked again after the authority's retryAfter, never later than the next tick.
      runtime.retryAt = this.realNow() + (this.tickMs > 0 ? Math.min(retryAfter, this.tickMs) : retryAfter);
      if (changed) await this.record(tenantId, { lfrId: json.lfrId, outcome: 'pending', code: reason, olfId: null });
      return;
    }
    if (answer.status >= 400 && answer.status < 500 && typeof json.code === 'string') {
      this.reached(runtime);
      runtime.pending = null;
      runtime.unsent = null;
      runtime.lastError = `the authority refused the exchange: ${json.code}${typeof json.message === 'string' ? ` (${json.message})` : ''}`;
      // Retried at the next interval; a refusal a new LFR cures (the LFR superseded, expired) at the next tick.
      if (CURED_BY_A_NEW_LFR.has(json.code)) runtime.dueNow = true;
      await this.record(tenantId, { lfrId, outcome: 'refused', code: json.code.slice(0, 64), olfId: null });
      return;
    }
    throw new GarbageAnswer(`the authority gave no usable answer: HTTP ${answer.status}${typeof json.code === 'string' ? ` ${json.code}` : ''}`);
  }

  /** The authority answered: the link is up again. */
  private reached(runtime: Runtime): void {
    runtime.failures = 0;
    runtime.retryAt = null;
    runtime.linkLostSince = null;
    runtime.lastFailed = false;
    runtime.lastExchangeAt = this.context.clock.now().getTime();
  }

  /** The authority could not be reached, or answered garbage: retry the same request after a back-off. */
  private lost(runtime: Runtime, reason: string): void {
    runtime.failures += 1;
    runtime.linkLostSince ??= this.context.clock.now().getTime();
    runtime.lastError = reason;
    runtime.lastFailed = true;
    runtime.retryAt = this.realNow() + this.backoffDelay(runtime.failures);
  }

  /** 5 s, 10 s, 20 s, … doubling up to 15 minutes. */
  private backoffDelay(failures: number): number {
    return Math.min(this.backoff.max, this.backoff.first * 2 ** Math.min(30, failures - 1));
  }

  /** Records an exchange worth keeping across a restart. Best effort: the answer was taken either way. */
  private async record(tenantId: string, exchange: Omit<LinkExchanged, 't' | 'tenant'>): Promise<void> {
    try {
      this.context.beginChange(tenantId, { duringRebaseline: true });
      await this.context.journal.record([{ t: 'link-exchanged', tenant: tenantId, ...exchange }]);
    } catch {
      // The ledger cannot be written now: the status in memory still says it.
    }
  }

  /**
   * Forgets a pending or unsent LFR that is no use any more: the cycle closed (an OLF came by
   * hand), another LFR superseded it, or its window from the latest LFR is ending — the next
   * exchange makes a new LFR, which supersedes it.
   */
  private dropStale(tenant: TenantState, runtime: Runtime, now: number): void {
    const open = tenant.cycle.open;
    const lfrId = runtime.pending?.lfrId ?? runtime.unsent?.id;
    if (lfrId === undefined) return;
    const stale = !open || open.latestLfrId !== lfrId || now >= this.lfrRenewalAt(tenant);
    if (stale) {
      runtime.pending = null;
      runtime.unsent = null;
    }
  }

  /** When the open cycle's latest LFR is replaced by a new one: ahead of its window's end by the shorter of an interval and a quarter of the window. */
  private lfrRenewalAt(tenant: TenantState): number {
    const open = tenant.cycle.open;
    if (!open || !tenant.token) return Number.POSITIVE_INFINITY;
    const { lfrExpiresAt } = cycleDeadlines(open, tenantPolicy(tenant.token));
    return lfrExpiresAt.getTime() - Math.min(intervalOf(tenant), tenant.token.cycleWindows.fromLatestLfr / 4);
  }

  /**
   * When the next exchange is due on the site's clock (docs/connected.md, "The site's
   * schedule"): at once after a switch or a new token; when the tenant has no license from the
   * cycle; an interval after the last answer; when the license ends within two intervals (at
   * most every tenth of an interval, so an account's end the authority cannot pass does not
   * make every tick an exchange). After a refusal, an interval after it.
   */
  private dueAt(tenant: TenantState, runtime: Runtime): number {
    const now = this.context.clock.now().getTime();
    if (runtime.dueNow) return now;
    const interval = intervalOf(tenant);
    const recorded = tenant.lastExchange;
    if (recorded && (recorded.outcome === 'refused' || (recorded.outcome === 'answered' && recorded.code !== null))) {
      if (recorded.at + interval > now) return recorded.at + interval;
    }
    const license = tenant.license;
    if (!license) {
      // An open cycle whose LFR is unanswered and unknown to the link (made before a restart): a new LFR as its window ends.
      return tenant.cycle.open && recorded?.lfrId === tenant.cycle.open.latestLfrId
        ? Math.min(this.lfrRenewalAt(tenant), (recorded?.at ?? now) + interval)
        : now;
    }
    const lastAnswer = Math.max(license.installedAt, runtime.lastAnswerAt ?? 0, recorded?.outcome === 'answered' ? recorded.at : 0);
    const endsAt = Date.parse(`${license.end}T00:00:00Z`) + DAY;
    const endingSoon = Math.max(endsAt - 2 * interval, lastAnswer + interval / 10);
    return Math.min(lastAnswer + interval, endingSoon);
  }

  /** Tells the listener of a new state; a listener that throws changes nothing. */
  private tell(tenantId: string, runtime: Runtime): void {
    try {
      const status = this.status(tenantId);
      if (status.state === runtime.lastState) return;
      runtime.lastState = status.state;
      this.listener?.(tenantId, status);
    } catch {
      // The tenant went, or the listener failed: the status still says it.
    }
  }

  /** Wakes the link when its wait ends before the next tick (a short `retryAfter` or back-off). */
  private scheduleWakeup(runtime: Runtime): void {
    if (this.stopped || this.tickMs <= 0 || runtime.retryAt === null) return;
    const delay = runtime.retryAt - this.realNow();
    if (delay >= this.tickMs) return;
    const wakeup = setTimeout(
      () => {
        this.wakeups.delete(wakeup);
        void this.tick();
      },
      Math.max(0, delay),
    );
    wakeup.unref();
    this.wakeups.add(wakeup);
  }

  private runtimeOf(tenant: TenantState): Runtime {
    let runtime = this.runtimes.get(tenant.id);
    if (!runtime) {
      // After a restart: an LFR the authority said it holds, still the cycle's latest, is polled again.
      const recorded = tenant.lastExchange;
      const pending =
        recorded?.outcome === 'pending' && tenant.cycle.open?.latestLfrId === recorded.lfrId
          ? { lfrId: recorded.lfrId, reason: recorded.code ?? 'approval' }
          : null;
      runtime = {
        pending,
        unsent: null,
        running: null,
        retryAt: null,
        failures: 0,
        linkLostSince: null,
        lastError: null,
        lastExchangeAt: null,
        lastAnswerAt: null,
        dueNow: false,
        lastFailed: false,
        siteRefusal: null,
        lastState: null,
      };
      this.runtimes.set(tenant.id, runtime);
    }
    return runtime;
  }
}

/** An answer that is neither an OLF, a wait nor a problem: the link is treated as lost. */
class GarbageAnswer extends Error {}

function isOlf(value: unknown): value is { readonly id: string; readonly text: string } {
  const olf = value as { id?: unknown; text?: unknown } | null;
  return typeof olf === 'object' && olf !== null && typeof olf.id === 'string' && typeof olf.text === 'string';
}

/** The token's exchange interval (ms). */
function intervalOf(tenant: TenantState): number {
  return tenant.token ? siteLicensingOf(tenant.token).exchangeInterval * 1000 : DAY;
}

/** When an OLF must be installed by: the open cycle's lock instant, else the end of the license in force; null when neither. */
function olfDueByOf(tenant: TenantState): number | null {
  const open = tenant.cycle.open;
  if (open && tenant.token) return cycleDeadlines(open, tenantPolicy(tenant.token)).locksAt.getTime();
  if (tenant.license) return Date.parse(`${tenant.license.end}T00:00:00Z`) + DAY;
  return activatedLicenseEnd(tenant.activated)?.expiresAt ?? null;
}

function iso(at: number | null): string | null {
  return at === null ? null : new Date(at).toISOString();
}

/** `2026-12-06 10:00 UTC`: an instant as the summary says it. */
function sentence(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
