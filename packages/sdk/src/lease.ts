import {
  AirlockError,
  generateKeyPair,
  leaseHeartbeatKey,
  openSiteLease,
  parsePublicJwk,
  verifyHeartbeatMac,
  type ErrorCode,
  type ErrorDetail,
  type Random,
  type TrustAnchor,
} from '@airlock/core';
import { positiveMember, textMember, type SiteClient } from './site-client.ts';

/**
 * A floating seat leased from a site (docs/floating.md, "Leases"): granted with a signed lease
 * document, kept alive by heartbeats the site authenticates with the lease's heartbeat key,
 * and given back when the application closes it. Loss is reported once, and from then on
 * `check()` is false.
 */

/** Why a lease was lost: the code of the last failure (LEASE_NOT_FOUND, SITE_UNREACHABLE, ...) and its facts. */
export interface LeaseLoss {
  readonly code: ErrorCode;
  readonly detail: ErrorDetail;
}

/** What a lease needs of the connection it was taken on. */
export interface LeaseContext {
  readonly client: SiteClient;
  /** `/v1/tenants/{tenant}`, encoded. */
  readonly tenantPath: string;
  readonly tenant: string;
  readonly siteGuid: string | undefined;
  readonly fingerprint: string;
  readonly trust: TrustAnchor;
  readonly now: () => Date;
  readonly random: Random;
  /** How long one call may take (ms); a heartbeat gets at most its own period. */
  readonly timeoutMs: number;
}

/** What the application asks for. */
export interface LeaseRequest {
  readonly type: string;
  readonly user: string;
  /** Seconds the site may keep the request in line for a free seat (0–300). */
  readonly wait: number;
}

/** The longest pause between two attempts after a failed heartbeat (ms), however long the period. */
const MAX_RETRY_MS = 60_000;
/** The shortest timeout a heartbeat is given (ms), however short the period. */
const MIN_HEARTBEAT_TIMEOUT_MS = 1_000;

/**
 * Asks the site for a lease and verifies what it answers: the lease document chains to the
 * pinned root through the tenant's license (`openSiteLease`), names this device, this tenant
 * (and site, when pinned), the type and user asked, the answer's lease id, and the one-time
 * key made for this very request — so the heartbeat key is one only this process can derive.
 * Nothing is held, and no heartbeat runs, unless all of it holds.
 */
export async function requestLease(context: LeaseContext, request: LeaseRequest, onEnd: (lease: Lease) => void = () => undefined): Promise<Lease> {
  const deviceKey = generateKeyPair('X25519', context.random);
  const answer = await context.client.post(
    `${context.tenantPath}/leases`,
    {
      type: request.type,
      user: request.user,
      fingerprint: context.fingerprint,
      deviceKey: deviceKey.publicJwk,
      ...(request.wait > 0 ? { wait: request.wait } : {}),
    },
    context.timeoutMs + request.wait * 1000,
  );
  const text = textMember(answer, 'lease');
  const opened = await openSiteLease(text, {
    now: context.now(),
    trust: context.trust,
    fingerprint: context.fingerprint,
    tenant: context.tenant,
    siteGuid: context.siteGuid,
  });
  const claims = opened.claims;
  const mismatch = (reason: string) => new AirlockError('WRONG_RECIPIENT', { document: 'site-lease', reason });
  if (parsePublicJwk(claims.deviceKey, 'X25519').x !== deviceKey.publicJwk.x) throw mismatch('the lease names another device key than the one sent');
  if (claims.type !== request.type || claims.user !== request.user) throw mismatch('the lease is for another type or user than asked');
  if (answer.leaseId !== claims.leaseId || answer.type !== claims.type || answer.user !== claims.user)
    throw mismatch('the answer and its lease document disagree');
  const ttlSeconds = claims.ttl;
  // The site's period, but never longer than a third of the lease: two heartbeats may fail before it ends.
  const heartbeatSeconds = Math.min(typeof answer.heartbeatSeconds === 'number' ? positiveMember(answer, 'heartbeatSeconds') : ttlSeconds / 3, ttlSeconds / 3);
  return new Lease(context, onEnd, {
    leaseId: claims.leaseId,
    type: claims.type,
    user: claims.user,
    siteGuid: claims.siteGuid,
    ttlSeconds,
    heartbeatSeconds,
    renewed: answer.renewed === true,
    used: numberOrNull(answer.used),
    limit: numberOrNull(answer.limit),
    document: text,
    endMs: claims.exp * 1000,
    heartbeatKey: leaseHeartbeatKey(deviceKey.privateKey, claims.siteKey, claims.leaseId),
  });
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

interface LeaseFacts {
  readonly leaseId: string;
  readonly type: string;
  readonly user: string;
  readonly siteGuid: string;
  readonly ttlSeconds: number;
  readonly heartbeatSeconds: number;
  readonly renewed: boolean;
  readonly used: number | null;
  readonly limit: number | null;
  readonly document: string;
  readonly endMs: number;
  readonly heartbeatKey: Buffer;
}

type LeaseState = 'held' | 'lost' | 'closed';

/**
 * A seat of a license type held from the site while this process runs. It heartbeats on its
 * own every `heartbeatSeconds` on timers that never keep the process alive, retries a failed
 * heartbeat until the lease's end passes, and reports loss once (`onLost`, `lost`). `check()`
 * reads memory only. Get one with `SiteConnection.lease`; give it back with `close()`.
 *
 * @example
 * ```ts
 * const lease = await site.lease('designer');
 * lease.onLost(({ code }) => showDialog(`The designer seat was lost (${code}): save your work.`));
 * if (lease.check()) openDesigner();
 * process.on('SIGTERM', () => void lease.close());
 * ```
 */
export class Lease {
  /** The site's id of the lease. */
  readonly leaseId: string;
  readonly type: string;
  readonly user: string;
  /** The GUID of the site that granted it. */
  readonly siteGuid: string;
  /** Seconds each renewal extends the lease by. */
  readonly ttlSeconds: number;
  /** Seconds between two heartbeats. */
  readonly heartbeatSeconds: number;
  /** True when the site answered with a lease this device held already. */
  readonly renewed: boolean;
  /** Seats of the type in use at the site when it was granted, and the license's quantity (null when the site did not say). */
  readonly used: number | null;
  readonly limit: number | null;
  /** The armoured lease document the site signed. */
  readonly document: string;
  /** Resolves, once, with the reason when the lease is lost; never when it is closed first. */
  readonly lost: Promise<LeaseLoss>;

  private state: LeaseState = 'held';
  private endMs: number;
  private readonly heartbeatKey: Buffer;
  private failures = 0;
  private lastFailure: LeaseLoss | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<boolean> | undefined;
  private closing: Promise<boolean> | undefined;
  private loss: LeaseLoss | undefined;
  private resolveLost!: (loss: LeaseLoss) => void;
  private readonly listeners = new Set<(loss: LeaseLoss) => void>();

  /** @internal Made by `requestLease` once the lease verified. */
  constructor(
    private readonly context: LeaseContext,
    /** Told once the lease is lost, closed or became a borrow: its connection forgets it. */
    private readonly onEnd: (lease: Lease) => void,
    facts: LeaseFacts,
  ) {
    this.leaseId = facts.leaseId;
    this.type = facts.type;
    this.user = facts.user;
    this.siteGuid = facts.siteGuid;
    this.ttlSeconds = facts.ttlSeconds;
    this.heartbeatSeconds = facts.heartbeatSeconds;
    this.renewed = facts.renewed;
    this.used = facts.used;
    this.limit = facts.limit;
    this.document = facts.document;
    this.endMs = facts.endMs;
    this.heartbeatKey = facts.heartbeatKey;
    this.lost = new Promise((resolve) => {
      this.resolveLost = resolve;
    });
    this.schedule();
  }

  /** The lease's end as the site last authenticated it: the grant's, then each renewal's. */
  get expiresAt(): Date {
    return new Date(this.endMs);
  }

  /**
   * Whether the seat is held now: not lost, not closed, and its end not passed by the clock.
   * From memory. A check that finds the end passed reports the loss (once) if nothing did before.
   */
  check(): boolean {
    if (this.state !== 'held') return false;
    if (this.context.now().getTime() < this.endMs) return true;
    this.lose(this.endedLoss());
    return false;
  }

  /**
   * Calls `listener` once when the lease is lost, with the reason: LEASE_NOT_FOUND when the site
   * says it no longer holds it (culled, revoked, or the site restarted and culled it); else the
   * last failure's code (SITE_UNREACHABLE when the site did not answer, or did not authenticate
   * its answer) once the end passed without a renewal. A listener added after the loss is
   * called too. Returns a function that removes the listener.
   */
  onLost(listener: (loss: LeaseLoss) => void): () => void {
    const loss = this.loss;
    if (loss) {
      queueMicrotask(() => listener(loss));
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Heartbeats now, without waiting for the next period (after the machine woke up, say):
   * true when the site renewed the lease and authenticated its answer. Never throws; a failure
   * is retried on its own, and counts towards the loss as any heartbeat's.
   */
  renew(): Promise<boolean> {
    if (this.state !== 'held') return Promise.resolve(false);
    this.inFlight ??= this.heartbeat().finally(() => {
      this.inFlight = undefined;
      this.schedule();
    });
    return this.inFlight;
  }

  /**
   * Stops the heartbeats and releases the seat at the site. True when the site released it
   * now; false when it did not hold it, or could not be reached (the site culls a lease whose
   * heartbeats stop). Never throws; closing again gives the first answer.
   */
  close(): Promise<boolean> {
    this.closing ??= this.release();
    return this.closing;
  }

  /** @internal The lease became a borrow of the same seat: no heartbeat, and nothing to release. */
  becameBorrow(): void {
    if (this.state === 'held') this.state = 'closed';
    this.closing ??= Promise.resolve(false);
    clearTimeout(this.timer);
    this.onEnd(this);
  }

  private async release(): Promise<boolean> {
    const held = this.state === 'held' || this.loss?.code !== 'LEASE_NOT_FOUND';
    this.state = this.state === 'lost' ? 'lost' : 'closed';
    clearTimeout(this.timer);
    this.onEnd(this);
    if (!held) return false;
    try {
      const answer = await this.context.client.delete(`${this.context.tenantPath}/leases/${encodeURIComponent(this.leaseId)}`);
      return answer.released === true;
    } catch {
      // Unreachable, or refused: either way the site culls a lease whose heartbeats stopped.
      return false;
    }
  }

  /** Plans the next heartbeat: a period after a renewal, sooner after failures, never past the end. */
  private schedule(): void {
    clearTimeout(this.timer);
    if (this.state !== 'held') return;
    const periodMs = this.heartbeatSeconds * 1000;
    const wanted = this.failures === 0 ? periodMs : Math.min(periodMs, MAX_RETRY_MS, 1000 * 2 ** Math.min(this.failures - 1, 6));
    const delay = Math.max(0, Math.min(wanted, this.endMs - this.context.now().getTime()));
    this.timer = setTimeout(() => void this.renew(), delay);
    // A lease never keeps the application running: it ends when the application would.
    this.timer.unref();
  }

  private async heartbeat(): Promise<boolean> {
    if (!this.check()) return false;
    const nonce = Buffer.from(this.context.random.bytes(16)).toString('base64url');
    const timeoutMs = Math.min(this.context.timeoutMs, Math.max(MIN_HEARTBEAT_TIMEOUT_MS, this.heartbeatSeconds * 1000));
    try {
      const answer = await this.context.client.post(`${this.context.tenantPath}/leases/${encodeURIComponent(this.leaseId)}/heartbeat`, { nonce }, timeoutMs);
      const exp = this.authenticatedEnd(answer, nonce);
      if (this.state !== 'held') return false;
      this.endMs = exp * 1000;
      this.failures = 0;
      this.lastFailure = undefined;
      return true;
    } catch (error) {
      if (this.state !== 'held') return false;
      const failure: LeaseLoss =
        error instanceof AirlockError
          ? { code: error.code, detail: error.detail }
          : { code: 'SITE_UNREACHABLE', detail: { reason: String(error).slice(0, 200) } };
      if (failure.code === 'LEASE_NOT_FOUND') {
        this.lose(failure);
        return false;
      }
      this.failures += 1;
      this.lastFailure = failure;
      this.check();
      return false;
    }
  }

  /**
   * The new end a heartbeat answer states, if its MAC under the heartbeat key covers this lease,
   * the nonce just sent and that end; an answer that is not authenticated counts as none, so
   * a machine in the middle cannot keep alive a lease the site culled.
   */
  private authenticatedEnd(answer: Record<string, unknown>, nonce: string): number {
    const exp = answer.exp;
    const authentic =
      answer.leaseId === this.leaseId &&
      answer.nonce === nonce &&
      typeof exp === 'number' &&
      Number.isSafeInteger(exp) &&
      exp >= 0 &&
      verifyHeartbeatMac(this.heartbeatKey, { leaseId: this.leaseId, nonce, exp }, answer.mac);
    if (!authentic) throw new AirlockError('SITE_UNREACHABLE', { reason: "the heartbeat answer is not authenticated by the lease's heartbeat key" });
    return exp;
  }

  private endedLoss(): LeaseLoss {
    return this.lastFailure ?? { code: 'SITE_UNREACHABLE', detail: { reason: 'the lease ended without a renewal' } };
  }

  private lose(loss: LeaseLoss): void {
    if (this.state !== 'held') return;
    this.state = 'lost';
    this.loss = loss;
    clearTimeout(this.timer);
    this.resolveLost(loss);
    this.onEnd(this);
    for (const listener of this.listeners) queueMicrotask(() => listener(loss));
    this.listeners.clear();
  }
}
