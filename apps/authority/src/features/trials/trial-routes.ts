import { Problem } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { actorOf, type Principal } from '../../http/permissions.ts';
import { Slug } from '../../http/schemas.ts';
import { Entitlements } from '../devices/device-schemas.ts';
import type { Feature } from '../feature.ts';
import { getTrialOffer, listTrialOffers, putTrialOffer, withdrawTrialOffer } from './trial-offers.ts';
import { listTrials } from './trial-reads.ts';

const TrialOfferInput = Type.Object(
  {
    enabled: Type.Boolean(),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3660, description: 'Each trial lasts this many days from its start.' })),
    endsAt: Type.Optional(Type.String({ format: 'date-time', description: 'Every trial ends at this instant.' })),
    features: Entitlements.properties.features,
    meters: Entitlements.properties.meters,
    allowOffline: Type.Boolean({ description: 'Whether a trial may be started through the offline portal.' }),
    policyId: Type.Optional(Slug),
  },
  { additionalProperties: false, description: 'Exactly one of days and endsAt.' },
);

const TrialOffer = Type.Object({
  productId: Type.String(),
  enabled: Type.Boolean(),
  days: Type.Union([Type.Integer(), Type.Null()]),
  endsAt: Type.Union([Type.String(), Type.Null()]),
  features: Type.Array(Type.String()),
  meters: Type.Array(Type.Object({ meter: Type.String(), limit: Type.Union([Type.Integer(), Type.Null()]) })),
  allowOffline: Type.Boolean(),
  policyId: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
});

const Trial = Type.Object({
  productId: Type.String(),
  fingerprint: Type.String(),
  deviceName: Type.Union([Type.String(), Type.Null()]),
  licenseId: Type.String(),
  startedAt: Type.String(),
  endsAt: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('running'), Type.Literal('ended'), Type.Literal('inactive'), Type.Literal('converted')]),
  convertedTo: Type.Union([Type.String(), Type.Null()], { description: 'The license the device activated over its trial.' }),
  convertedAt: Type.Union([Type.String(), Type.Null()]),
});

const ProductParams = Type.Object({ productId: Slug });

/** A product's trial offer, and the trials devices started (docs/devices.md, "Trials"). */
export const trialRoutes: Feature = async (app, { deps }) => {
  const by = (request: { principal: Principal; id: string }) => ({ actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() });
  const tags = ['trials'];

  app.put(
    '/v1/products/:productId/trial',
    {
      config: { access: { permission: 'catalogue:write' } },
      schema: {
        tags,
        summary: "Set the product's trial offer: what a device asking for a trial, with no license key, gets",
        params: ProductParams,
        body: TrialOfferInput,
        response: { 200: TrialOffer, 400: Problem, 404: Problem, 422: Problem },
      },
    },
    async (request) => putTrialOffer(deps.db, request.params.productId, request.body, by(request)),
  );

  app.get(
    '/v1/products/:productId/trial',
    {
      config: { access: { permission: 'catalogue:read' } },
      schema: { tags, summary: "The product's trial offer", params: ProductParams, response: { 200: TrialOffer, 404: Problem } },
    },
    async (request) => getTrialOffer(deps.db, request.params.productId),
  );

  app.delete(
    '/v1/products/:productId/trial',
    {
      config: { access: { permission: 'catalogue:write' } },
      schema: {
        tags,
        summary: "Withdraw the product's trial offer: trials already started run to their end, and no device gets a second one",
        params: ProductParams,
        response: { 204: Type.Null(), 404: Problem },
      },
    },
    async (request, reply) => {
      await withdrawTrialOffer(deps.db, request.params.productId, by(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/trial-offers',
    {
      config: { access: { permission: 'catalogue:read' } },
      schema: { tags, summary: "Every product's trial offer, by product", response: { 200: Type.Array(TrialOffer) } },
    },
    async () => listTrialOffers(deps.db),
  );

  app.get(
    '/v1/trials',
    {
      config: { access: { permission: 'licenses:read' } },
      schema: {
        tags,
        summary: 'The trials devices started, newest first: one per product and fingerprint, ever',
        querystring: Type.Object({ productId: Type.Optional(Slug) }, { additionalProperties: false }),
        response: { 200: Type.Array(Trial) },
      },
    },
    async (request) => listTrials(deps.db, request.query, deps.clock.now()),
  );
};
