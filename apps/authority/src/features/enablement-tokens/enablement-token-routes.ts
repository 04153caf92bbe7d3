import { Problem } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../http/permissions.ts';
import { Slug } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import { SiteGuid } from '../sites/site-routes.ts';
import { downloadEnablementToken } from './enablement-tokens.ts';

const EnablementToken = Type.Object({
  id: Type.String(),
  siteGuid: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  text: Type.String(),
});

export const enablementTokenRoutes: Feature = async (app, { deps }) => {
  app.post(
    '/v1/customers/:customerId/sites/:siteGuid/enablement-token',
    {
      config: { access: { permission: 'licenses:write', customer: true } },
      schema: {
        tags: ['enablement tokens'],
        summary: 'Download an enablement token for one site of an approved customer (valid 24 h by default)',
        params: Type.Object({ customerId: Slug, siteGuid: SiteGuid }),
        response: { 201: EnablementToken, 400: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const by = { actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() };
      const token = await downloadEnablementToken(deps, request.params.customerId, request.params.siteGuid, by);
      return reply.status(201).send(token);
    },
  );
};
