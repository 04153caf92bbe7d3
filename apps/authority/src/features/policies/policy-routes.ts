import { Type } from '@sinclair/typebox';
import { actorOf } from '../../http/permissions.ts';
import { Problem } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import { createPolicy, listPolicies } from './licensing-policies.ts';
import { Policy, PolicyInput } from './policy-schemas.ts';

export const policyRoutes: Feature = async (app, { deps }) => {
  app.get('/v1/policies', {
    config: { access: { permission: 'customers:read' } },
    schema: { tags: ['policies'], summary: 'List licensing policies', response: { 200: Type.Array(Policy) } },
  }, async () => listPolicies(deps.db));

  app.post('/v1/policies', {
    config: { access: { permission: 'customers:write' } },
    schema: {
      tags: ['policies'],
      summary: 'Create a licensing policy (settings left out take SPEC defaults)',
      body: PolicyInput,
      response: { 201: Policy, 400: Problem, 409: Problem },
    },
  }, async (request, reply) => {
    const by = { actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() };
    return reply.status(201).send(await createPolicy(deps.db, request.body, by));
  });
};
