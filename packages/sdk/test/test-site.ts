import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  activatedLicenseKind,
  heartbeatMac,
  issueSiteBorrow,
  issueSiteLease,
  leaseHeartbeatKey,
  type ErrorCode,
  type KeyPair,
  type PublicJwk,
  DAY,
} from '@airlock/core';
import { buildSampleScenario, createTestParty, type SampleScenario } from '@airlock/core/testing';
import { TestClock } from './test-vendor.ts';

/**
 * A site for the SDK's floating-seat tests: a node:http server on 127.0.0.1 that answers the
 * calls of docs/floating.md with real lease and borrow documents, signed by the sample
 * scenario's site key and certified by its activated license, and real heartbeat MACs. What
 * it does wrong on purpose is set by the test (`mode`, `signer`, `refuse`).
 */

export const APP_KEY = 'ak_test_0123456789';

const random = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };

export interface Call {
  readonly method: string;
  readonly path: string;
  readonly body: Record<string, unknown> | undefined;
  readonly authorization: string | undefined;
}

interface HeldLease {
  readonly deviceKey: PublicJwk;
  readonly type: string;
  readonly user: string;
}

export interface TestSite {
  readonly url: string;
  readonly clock: TestClock;
  readonly scenario: SampleScenario;
  readonly tenant: string;
  readonly rootKey: PublicJwk;
  readonly calls: Call[];
  readonly leases: Map<string, HeldLease>;
  readonly borrows: Map<string, { readonly type: string; readonly user: string }>;
  /** The lease period and heartbeat period the site answers with. */
  ttlSeconds: number;
  heartbeatSeconds: number;
  /**
   * `ok`; `down`: every connection is dropped unanswered; `bad-mac`: heartbeat answers carry a
   * MAC under another key; `replay`: each heartbeat is answered with the first answer it gave.
   */
  mode: 'ok' | 'down' | 'bad-mac' | 'replay';
  /** The key lease and borrow documents are signed with: the certified site key unless a test swaps it. */
  signer: KeyPair;
  /** The device key the lease names: the one sent unless a test sets another. */
  deviceKeyOverride: PublicJwk | null;
  /** A code every grant is refused with, as problem+json. */
  refuse: ErrorCode | null;
  heartbeats(): Call[];
  stop(): Promise<void>;
}

export async function startTestSite(): Promise<TestSite> {
  const scenario = await buildSampleScenario();
  const clock = new TestClock(scenario.now);
  const activated = scenario.documents.find((document) => document.kind === activatedLicenseKind)!;
  const license = ((await activated.open(activated.text)) as { jws: string }).jws;
  const tenant = scenario.site.tenant;
  let counter = 0;
  let firstHeartbeatAnswer: Record<string, unknown> | null = null;

  const site: Omit<TestSite, 'url' | 'stop'> = {
    clock,
    scenario,
    tenant,
    rootKey: scenario.authority.root.publicJwk,
    calls: [],
    leases: new Map(),
    borrows: new Map(),
    ttlSeconds: 900,
    heartbeatSeconds: 300,
    mode: 'ok',
    signer: scenario.site.signingKey,
    deviceKeyOverride: null,
    refuse: null,
    heartbeats: () => site.calls.filter((call) => call.path.endsWith('/heartbeat')),
  };

  const facts = (body: Record<string, unknown>, leaseId: string, expiresAt: Date) => ({
    siteGuid: scenario.site.guid,
    tenant,
    leaseId,
    type: String(body.type),
    user: String(body.user),
    fingerprint: String(body.fingerprint),
    expiresAt,
    license,
  });

  async function answer(method: string, path: string, body: Record<string, unknown> | undefined): Promise<[number, unknown]> {
    const now = clock.now();
    const base = `/v1/tenants/${tenant}`;
    if (method === 'POST' && path === `${base}/leases`) {
      if (site.refuse) return problem(site.refuse);
      const leaseId = `lease-${++counter}`;
      const deviceKey = site.deviceKeyOverride ?? (body!.deviceKey as PublicJwk);
      const expiresAt = new Date(now.getTime() + site.ttlSeconds * 1000);
      const issued = await issueSiteLease(
        { ...facts(body!, leaseId, expiresAt), ttlSeconds: site.ttlSeconds, siteKey: scenario.site.encryptionKey.publicJwk, deviceKey },
        { now, random, signer: site.signer },
      );
      site.leases.set(leaseId, { deviceKey, type: String(body!.type), user: String(body!.user) });
      const { type, user, fingerprint } = body!;
      return [
        200,
        {
          leaseId,
          type,
          user,
          fingerprint,
          ttlSeconds: site.ttlSeconds,
          heartbeatSeconds: site.heartbeatSeconds,
          expiresAt: expiresAt.toISOString(),
          renewed: false,
          used: site.leases.size,
          limit: 5,
          lease: issued.text,
        },
      ];
    }
    const heartbeat = new RegExp(`^${base}/leases/([^/]+)/heartbeat$`).exec(path);
    if (method === 'POST' && heartbeat) {
      const leaseId = decodeURIComponent(heartbeat[1]!);
      const held = site.leases.get(leaseId);
      if (!held) return problem('LEASE_NOT_FOUND');
      if (site.mode === 'replay' && firstHeartbeatAnswer) return [200, firstHeartbeatAnswer];
      const nonce = String(body!.nonce);
      const exp = Math.floor(now.getTime() / 1000) + site.ttlSeconds;
      const key = site.mode === 'bad-mac' ? randomBytes(32) : leaseHeartbeatKey(scenario.site.encryptionKey.privateKey, held.deviceKey, leaseId);
      const answered = { leaseId, nonce, exp, expiresAt: new Date(exp * 1000).toISOString(), mac: heartbeatMac(key, { leaseId, nonce, exp }) };
      firstHeartbeatAnswer ??= answered;
      return [200, answered];
    }
    const release = new RegExp(`^${base}/leases/([^/]+)$`).exec(path);
    if (method === 'DELETE' && release) {
      const leaseId = decodeURIComponent(release[1]!);
      return [200, { leaseId, released: site.leases.delete(leaseId) }];
    }
    if (method === 'POST' && path === `${base}/borrows`) {
      if (site.refuse) return problem(site.refuse);
      const leaseId = `borrow-${++counter}`;
      const expiresAt = new Date(now.getTime() + Number(body!.days) * DAY);
      const issued = await issueSiteBorrow(facts(body!, leaseId, expiresAt), { now, random, signer: site.signer });
      // A lease of the device for the type becomes the borrow: one seat either way.
      for (const [id, held] of site.leases) if (held.type === body!.type && held.user === body!.user) site.leases.delete(id);
      site.borrows.set(leaseId, { type: String(body!.type), user: String(body!.user) });
      const { type, user, fingerprint } = body!;
      return [200, { leaseId, type, user, fingerprint, expiresAt: expiresAt.toISOString(), borrow: issued.text }];
    }
    const giveBack = new RegExp(`^${base}/borrows/([^/]+)$`).exec(path);
    if (method === 'DELETE' && giveBack) {
      const leaseId = decodeURIComponent(giveBack[1]!);
      return [200, { leaseId, returned: site.borrows.delete(leaseId) }];
    }
    return problem('NOT_FOUND');
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      const call: Call = { method: request.method!, path: request.url!, body, authorization: request.headers.authorization };
      site.calls.push(call);
      if (site.mode === 'down') {
        request.socket.destroy();
        return;
      }
      const reply = ([status, json]: [number, unknown]) => {
        response.writeHead(status, { 'content-type': status === 200 ? 'application/json' : 'application/problem+json' });
        response.end(JSON.stringify(json));
      };
      if (call.authorization !== `Bearer ${APP_KEY}`) return reply(problem('UNAUTHENTICATED'));
      answer(call.method, call.path, body).then(reply, (error: unknown) => reply([500, { code: 'INTERNAL_ERROR', detail: String(error) }]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(site, {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

function problem(code: ErrorCode): [number, unknown] {
  const status = code === 'LEASE_NOT_FOUND' || code === 'NOT_FOUND' ? 404 : code === 'UNAUTHENTICATED' ? 401 : 409;
  return [status, { type: 'about:blank', title: code, status, code, detail: code, errors: { from: 'test-site' } }];
}

/** Another party's signing key: the site's license does not name it. */
export const intruderKey = (): KeyPair => createTestParty('intruder').signingKey;
