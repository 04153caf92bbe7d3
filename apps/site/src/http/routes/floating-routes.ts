import { Type } from '@sinclair/typebox';
import { SMALL_BODY_LIMIT } from '@airlock/http';
import { Name, refusals, TenantId, TenantParams, User } from '../schemas.ts';
import type { SiteRoutes } from './routes.ts';

const LeaseParams = Type.Object({ tenant: TenantId, leaseId: Name });
const Fingerprint = Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7E]+$' });
const X25519Key = Type.Object(
  { kty: Type.Literal('OKP'), crv: Type.Literal('X25519'), x: Type.String({ minLength: 43, maxLength: 43, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
);
const Count = Type.Integer({ minimum: 0 });
const Instant = Type.String({ format: 'date-time' });

const LeaseBody = Type.Object(
  { type: Name, user: User, fingerprint: Fingerprint, deviceKey: X25519Key, wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 300 })) },
  { additionalProperties: false },
);
const HeartbeatBody = Type.Object({ nonce: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) }, { additionalProperties: false });
const BorrowBody = Type.Object(
  { type: Name, user: User, fingerprint: Fingerprint, days: Type.Integer({ minimum: 1, maximum: 90 }) },
  { additionalProperties: false },
);
const SettingsBody = Type.Object(
  { leaseTtlSeconds: Type.Integer({ minimum: 60, maximum: 86_400 }), borrowMaxDays: Type.Integer({ minimum: 0, maximum: 90 }) },
  { additionalProperties: false },
);

const Settings = Type.Object({ leaseTtlSeconds: Count, borrowMaxDays: Count });
const LeaseGrant = Type.Object({
  tenant: Type.String(),
  leaseId: Type.String(),
  type: Type.String(),
  user: Type.String(),
  fingerprint: Type.String(),
  ttlSeconds: Count,
  heartbeatSeconds: Count,
  expiresAt: Instant,
  renewed: Type.Boolean({ description: 'true when the device held a lease of the type for the user: it is replaced by this one, never doubled' }),
  used: Count,
  limit: Count,
  lease: Type.String({ description: 'the armoured lease document (docs/formats.md §6.12)' }),
});
const HeartbeatAnswer = Type.Object({ leaseId: Type.String(), nonce: Type.String(), exp: Count, expiresAt: Instant, mac: Type.String() });
const BorrowGrant = Type.Object({
  tenant: Type.String(),
  leaseId: Type.String(),
  type: Type.String(),
  user: Type.String(),
  fingerprint: Type.String(),
  expiresAt: Instant,
  borrow: Type.String({ description: 'the armoured borrow file (docs/formats.md §6.13)' }),
});
const FloatingView = Type.Object({
  tenant: Type.String(),
  now: Instant,
  settings: Settings,
  types: Type.Array(Type.Object({ type: Type.String(), limit: Count, named: Count, leased: Count, borrowed: Count, used: Count })),
  leases: Type.Array(
    Type.Object({
      leaseId: Type.String(),
      kind: Type.Union([Type.Literal('lease'), Type.Literal('borrow')]),
      type: Type.String(),
      user: Type.String(),
      fingerprint: Type.String(),
      since: Instant,
      expiresAt: Instant,
    }),
  ),
  days: Type.Array(Type.Object({ type: Type.String(), days: Type.Array(Type.Object({ day: Type.String(), peak: Count, borrowed: Count })) })),
});

/**
 * Floating seats (docs/floating.md): what applications call to lease, renew, release, borrow
 * and return a seat — the hot path, lean like the enforcement API — and what administrators
 * call to see, revoke and configure them.
 */
export const floatingRoutes: SiteRoutes = async (app, { site }) => {
  // Closing lets the requests under way finish: those waiting in line for a seat are answered at once.
  app.addHook('preClose', (done) => {
    site.floating.endWaits();
    done();
  });

  const application = { logLevel: 'warn', config: { siteAccess: 'application' }, bodyLimit: SMALL_BODY_LIMIT } as const;
  const admin = { config: { siteAccess: 'admin' }, bodyLimit: SMALL_BODY_LIMIT } as const;

  app.post(
    '/v1/tenants/:tenant/leases',
    {
      ...application,
      schema: {
        tags: ['applications'],
        summary: 'Lease a floating seat of a type to a device, renewed by heartbeats (may wait in line for a free seat up to `wait` seconds)',
        params: TenantParams,
        body: LeaseBody,
        response: { 200: LeaseGrant, ...refusals },
      },
    },
    async (request, reply) => {
      // A caller that hangs up while waiting in line leaves it, rather than take a seat no one will heartbeat.
      const gone = new AbortController();
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) gone.abort();
      });
      return site.floating.lease(request.params.tenant, request.body, gone.signal);
    },
  );

  app.post(
    '/v1/tenants/:tenant/leases/:leaseId/heartbeat',
    {
      ...application,
      schema: {
        tags: ['applications'],
        summary: "Renew a lease for another period; the answer is authenticated with the lease's heartbeat key",
        params: LeaseParams,
        body: HeartbeatBody,
        response: { 200: HeartbeatAnswer, ...refusals },
      },
    },
    async (request) => site.floating.heartbeat(request.params.tenant, request.params.leaseId, request.body.nonce),
  );

  app.delete(
    '/v1/tenants/:tenant/leases/:leaseId',
    {
      ...application,
      schema: {
        tags: ['applications'],
        summary: 'Release a lease (idempotent)',
        params: LeaseParams,
        response: { 200: Type.Object({ leaseId: Type.String(), released: Type.Boolean() }), ...refusals },
      },
    },
    async (request) => site.floating.release(request.params.tenant, request.params.leaseId),
  );

  app.post(
    '/v1/tenants/:tenant/borrows',
    {
      ...application,
      schema: {
        tags: ['applications'],
        summary: "Borrow a floating seat for a device that leaves the network, for whole days (the device's lease of the type, if any, becomes the borrow)",
        params: TenantParams,
        body: BorrowBody,
        response: { 200: BorrowGrant, ...refusals },
      },
    },
    async (request) => site.floating.borrow(request.params.tenant, request.body),
  );

  app.delete(
    '/v1/tenants/:tenant/borrows/:leaseId',
    {
      ...application,
      schema: {
        tags: ['applications'],
        summary: 'Return a borrowed seat before its end (idempotent)',
        params: LeaseParams,
        response: { 200: Type.Object({ leaseId: Type.String(), returned: Type.Boolean() }), ...refusals },
      },
    },
    async (request) => site.floating.giveBack(request.params.tenant, request.params.leaseId),
  );

  app.get(
    '/v1/tenants/:tenant/leases',
    {
      ...admin,
      schema: {
        tags: ['floating seats'],
        summary: "The tenant's floating seats: settings, use per type, every lease and borrow, daily peaks",
        params: TenantParams,
        response: { 200: FloatingView, ...refusals },
      },
    },
    async (request) => site.floating.view(request.params.tenant),
  );

  app.post(
    '/v1/tenants/:tenant/leases/:leaseId/revoke',
    {
      ...admin,
      schema: {
        tags: ['floating seats'],
        summary: 'End a lease or borrow now: its seat is free at once',
        params: LeaseParams,
        response: { 200: Type.Object({ leaseId: Type.String(), revoked: Type.Literal(true) }), ...refusals },
      },
    },
    async (request) => site.floating.revoke(request.params.tenant, request.params.leaseId, request.actor),
  );

  app.put(
    '/v1/tenants/:tenant/floating',
    {
      ...admin,
      schema: {
        tags: ['floating seats'],
        summary: "Set the tenant's lease period and longest borrow (0 days: borrowing off)",
        params: TenantParams,
        body: SettingsBody,
        response: { 200: Settings, ...refusals },
      },
    },
    async (request) => site.floating.configure(request.params.tenant, request.body, request.actor),
  );
};
