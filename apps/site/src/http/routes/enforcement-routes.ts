import { Type } from '@sinclair/typebox';
import { SMALL_BODY_LIMIT } from '@airlock/http';
import { Consumption, FeatureCheck, SeatCheckout, SeatRelease } from '../responses.ts';
import { FeatureParams, MeterParams, refusals, SeatParams, User } from '../schemas.ts';
import type { SiteRoutes } from './routes.ts';

const UserBody = Type.Object({ user: User }, { additionalProperties: false });
const AmountBody = Type.Object({ amount: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }) }, { additionalProperties: false });

/**
 * What licensed applications call (docs/design.md, F3): kept lean, since they are the hot path. Their
 * per-request logs are off below `warn` (a refusal is an answer, not an incident); errors are
 * still logged. A refusal is problem+json with its code: SITE_NOT_LICENSED, CYCLE_LOCKED,
 * LICENSE_EXPIRED, CLOCK_ROLLED_BACK, LEDGER_TAMPERED, FEATURE_NOT_LICENSED, SEAT_LIMIT_REACHED, ...
 */
export const enforcementRoutes: SiteRoutes = async (app, { site }) => {
  const common = { logLevel: 'warn', config: { siteAccess: 'application' }, bodyLimit: SMALL_BODY_LIMIT } as const;

  app.post(
    '/v1/tenants/:tenant/features/:feature/check',
    {
      ...common,
      schema: {
        tags: ['applications'],
        summary: "Check that the tenant's license grants a feature now",
        params: FeatureParams,
        response: { 200: FeatureCheck, ...refusals },
      },
    },
    async (request) => site.checkFeature(request.params.tenant, request.params.feature),
  );

  app.post(
    '/v1/tenants/:tenant/seats/:type/checkout',
    {
      ...common,
      schema: {
        tags: ['applications'],
        summary: 'Check out a seat of a type for a user (idempotent: a user holds at most one seat of a type)',
        params: SeatParams,
        body: UserBody,
        response: { 200: SeatCheckout, ...refusals },
      },
    },
    async (request) => site.checkoutSeat(request.params.tenant, request.params.type, request.body.user),
  );

  app.post(
    '/v1/tenants/:tenant/seats/:type/release',
    {
      ...common,
      schema: {
        tags: ['applications'],
        summary: "Release a user's seat of a type (idempotent)",
        params: SeatParams,
        body: UserBody,
        response: { 200: SeatRelease, ...refusals },
      },
    },
    async (request) => site.releaseSeat(request.params.tenant, request.params.type, request.body.user),
  );

  app.post(
    '/v1/tenants/:tenant/meters/:meter/consume',
    {
      ...common,
      schema: {
        tags: ['applications'],
        summary: 'Record consumption of a meter, within its limit (all or nothing)',
        params: MeterParams,
        body: AmountBody,
        response: { 200: Consumption, ...refusals },
      },
    },
    async (request) => site.consume(request.params.tenant, request.params.meter, request.body.amount),
  );
};
