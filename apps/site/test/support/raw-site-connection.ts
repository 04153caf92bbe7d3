import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import {
  generateKeyPair,
  leaseHeartbeatKey,
  openSiteBorrow,
  openSiteLease,
  verifyHeartbeatMac,
  type PublicJwk,
  type Random,
  type TrustAnchor,
} from '@airlock/core';

/**
 * A device's side of floating seats spoken straight over the HTTP contract of docs/floating.md,
 * with the core's documents and heartbeat MAC: what the simulated clients of the floating-seat
 * end-to-end test use. It keeps the shape of the SDK's `SiteConnection` (lease, renew, loss
 * reported once, release, borrow kept in a file, check from memory), so the clients read the
 * same either way. The borrow file is kept as plain JSON: the sealed device store is the SDK's.
 */

const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };

export interface RawSiteOptions {
  readonly url: string;
  readonly tenant: string;
  readonly appKey: string;
  readonly rootKey: PublicJwk;
  readonly fingerprint: string;
  readonly storePath?: string;
  readonly now: () => Date;
}

/** Why a call or a lease failed: the site's code, or SITE_UNREACHABLE when it gave no answer. */
export class SeatError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export type RawSeatCheck = { readonly ok: true; readonly kind: 'lease' | 'borrow'; readonly expiresAt: Date } | { readonly ok: false; readonly code: string };

interface StoredBorrow {
  readonly leaseId: string;
  readonly type: string;
  readonly exp: number;
  readonly file: string;
}

export class RawSiteConnection {
  private readonly leases = new Set<RawLease>();

  private constructor(
    readonly options: RawSiteOptions,
    private borrows: StoredBorrow[],
  ) {}

  /** Reads the borrows kept at `storePath` (verifying each file again); touches no network. */
  static async connect(options: RawSiteOptions): Promise<RawSiteConnection> {
    const connection = new RawSiteConnection(options, []);
    if (options.storePath !== undefined) {
      const text = await readFile(options.storePath, 'utf8').catch(() => '[]');
      const kept = JSON.parse(text) as StoredBorrow[];
      for (const borrow of kept) await openSiteBorrow(borrow.file, connection.openContext());
      connection.borrows = kept;
    }
    return connection;
  }

  get fingerprint(): string {
    return this.options.fingerprint;
  }

  /** POST /leases with a one-time X25519 key; the lease document is verified up to the pinned root. */
  async lease(type: string, request: { readonly user: string; readonly wait?: number }): Promise<RawLease> {
    const deviceKey = generateKeyPair('X25519', random);
    const answer = await this.call('POST', '/leases', { type, user: request.user, fingerprint: this.fingerprint, deviceKey: deviceKey.publicJwk, ...(request.wait ? { wait: request.wait } : {}) });
    const opened = await openSiteLease(answer.lease, this.openContext());
    const { claims } = opened;
    if (claims.leaseId !== answer.leaseId || claims.type !== type || claims.deviceKey.x !== deviceKey.publicJwk.x) throw new SeatError('WRONG_RECIPIENT');
    const lease = new RawLease(this, claims.leaseId, type, claims.exp * 1000, leaseHeartbeatKey(deviceKey.privateKey, claims.siteKey, claims.leaseId));
    this.leases.add(lease);
    return lease;
  }

  /** POST /borrows; the borrow file is verified, then kept in the store before it counts. */
  async borrow(type: string, request: { readonly user: string; readonly days: number }): Promise<{ readonly leaseId: string; readonly expiresAt: Date }> {
    const answer = await this.call('POST', '/borrows', { type, user: request.user, fingerprint: this.fingerprint, days: request.days });
    const { claims } = await openSiteBorrow(answer.borrow, this.openContext());
    const stored: StoredBorrow = { leaseId: claims.leaseId, type: claims.type, exp: claims.exp, file: String(answer.borrow) };
    this.borrows = [...this.borrows.filter((kept) => kept.type !== type), stored];
    if (this.options.storePath !== undefined) await writeFile(this.options.storePath, JSON.stringify(this.borrows));
    for (const lease of this.leases) if (lease.type === type) lease.becameBorrow();
    return { leaseId: claims.leaseId, expiresAt: new Date(claims.exp * 1000) };
  }

  /** A seat of the type held now, from memory: a live lease, else a borrow before its end. */
  check(type: string): RawSeatCheck {
    const lease = [...this.leases].find((held) => held.type === type && held.check());
    if (lease) return { ok: true, kind: 'lease', expiresAt: new Date(lease.endMs) };
    const borrow = this.borrows.find((kept) => kept.type === type);
    if (!borrow) return { ok: false, code: 'SEAT_NOT_HELD' };
    if (borrow.exp * 1000 <= this.options.now().getTime()) return { ok: false, code: 'BORROW_ENDED' };
    return { ok: true, kind: 'borrow', expiresAt: new Date(borrow.exp * 1000) };
  }

  /** @internal */
  forget(lease: RawLease): void {
    this.leases.delete(lease);
  }

  private openContext() {
    return { now: this.options.now(), trust: { root: this.options.rootKey } satisfies TrustAnchor, fingerprint: this.fingerprint, tenant: this.options.tenant };
  }

  /** @internal One call to the tenant's floating-seat API: the answer of a 200, else a SeatError with the site's code. */
  async call(method: string, path: string, body?: object): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(`${this.options.url}/v1/tenants/${this.options.tenant}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.options.appKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(30_000),
      });
    } catch {
      throw new SeatError('SITE_UNREACHABLE');
    }
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status !== 200) throw new SeatError(typeof answer.code === 'string' ? answer.code : `HTTP_${response.status}`);
    return answer;
  }
}

/** A leased seat: renewed by `renew()`, lost once (LEASE_NOT_FOUND, or the end passing), released by `close()`. */
export class RawLease {
  private state: 'held' | 'lost' | 'closed' = 'held';
  private readonly listeners: ((loss: { readonly code: string }) => void)[] = [];

  constructor(
    private readonly connection: RawSiteConnection,
    readonly leaseId: string,
    readonly type: string,
    public endMs: number,
    private readonly heartbeatKey: Buffer,
  ) {}

  check(): boolean {
    if (this.state !== 'held') return false;
    if (this.connection.options.now().getTime() < this.endMs) return true;
    this.lose('SITE_UNREACHABLE');
    return false;
  }

  onLost(listener: (loss: { readonly code: string }) => void): void {
    this.listeners.push(listener);
  }

  /** One heartbeat; true when the site renewed the lease and its answer carries the right MAC. */
  async renew(): Promise<boolean> {
    if (!this.check()) return false;
    const nonce = randomBytes(12).toString('base64url');
    try {
      const answer = await this.connection.call('POST', `/leases/${this.leaseId}/heartbeat`, { nonce });
      const exp = Number(answer.exp);
      if (!verifyHeartbeatMac(this.heartbeatKey, { leaseId: this.leaseId, nonce, exp }, answer.mac)) return false;
      if (this.state === 'held') this.endMs = exp * 1000;
      return this.state === 'held';
    } catch (error) {
      if (error instanceof SeatError && error.code === 'LEASE_NOT_FOUND') this.lose(error.code);
      return false;
    }
  }

  /** DELETE the lease: true when the site released it now. */
  async close(): Promise<boolean> {
    const held = this.state === 'held';
    this.state = this.state === 'lost' ? 'lost' : 'closed';
    this.connection.forget(this);
    if (!held) return false;
    try {
      return (await this.connection.call('DELETE', `/leases/${this.leaseId}`)).released === true;
    } catch {
      return false;
    }
  }

  /** @internal */
  becameBorrow(): void {
    this.state = 'closed';
    this.connection.forget(this);
  }

  private lose(code: string): void {
    if (this.state !== 'held') return;
    this.state = 'lost';
    this.connection.forget(this);
    for (const listener of this.listeners) listener({ code });
  }
}
