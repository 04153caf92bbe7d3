import { Type } from '@sinclair/typebox';
import { actorOf } from '../../http/permissions.ts';
import { OneLine, Problem, Slug } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import { listSites, registerSite } from './sites.ts';

/** A site GUID in the 8-4-4-4-12 hexadecimal form, either case (stored lower-case). */
export const SiteGuid = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
});
const Site = Type.Object({
  guid: Type.String(),
  customerId: Type.String(),
  name: Type.String(),
  registeredAt: Type.String({ format: 'date-time' }),
  siteKeyKnown: Type.Boolean(),
  latestEnablementTokenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  latestLfrAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const CustomerParams = Type.Object({ customerId: Slug });

export const siteRoutes: Feature = async (app, { deps }) => {
  app.post('/v1/customers/:customerId/sites', {
    config: { access: { permission: 'customers:write', customer: true } },
    schema: {
      tags: ['sites'],
      summary: "Register a site's GUID to the customer",
      params: CustomerParams,
      body: Type.Object({ guid: SiteGuid, name: OneLine({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 201: Site, 400: Problem, 404: Problem, 409: Problem },
    },
  }, async (request, reply) => {
    const by = { actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() };
    return reply.status(201).send(await registerSite(deps.db, request.params.customerId, request.body, by));
  });

  app.get('/v1/customers/:customerId/sites', {
    config: { access: { permission: 'customers:read', customer: true } },
    schema: {
      tags: ['sites'],
      summary: "The customer's sites with what the authority last saw of each",
      params: CustomerParams,
      response: { 200: Type.Array(Site), 404: Problem },
    },
  }, async (request) => listSites(deps.db, request.params.customerId));
};
