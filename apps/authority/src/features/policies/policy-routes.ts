import { Problem } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../http/permissions.ts';
import type { Feature } from '../feature.ts';
import { POLICY_LIST, createPolicy, listPolicies, listPolicyPage } from './licensing-policies.ts';
import { PageOf, PageQuery, readPaging, wantsPage } from '../../http/paging.ts';
import { Policy, PolicyInput } from './policy-schemas.ts';

export const policyRoutes: Feature = async (app, { deps }) => {
  app.get(
    '/v1/policies',
    {
      config: { access: { permission: 'customers:read' } },
      schema: {
        tags: ['policies'],
        summary: 'List licensing policies, a page at a time',
        description:
          'With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` by `id` (default) or `name`, searched by a prefix of the id or name. ' +
          'Without any of them: every policy by id as a bare array (deprecated; it will be removed).',
        querystring: PageQuery(POLICY_LIST),
        response: { 200: Type.Union([PageOf(Policy, 'The policies matching `q`, counted on every page.'), Type.Array(Policy)]), 400: Problem },
      },
    },
    async (request) => (wantsPage(request.query) ? listPolicyPage(deps.db, readPaging(POLICY_LIST, request.query)) : listPolicies(deps.db)),
  );

  app.post(
    '/v1/policies',
    {
      config: { access: { permission: 'customers:write' } },
      schema: {
        tags: ['policies'],
        summary: 'Create a licensing policy (settings left out take their defaults)',
        body: PolicyInput,
        response: { 201: Policy, 400: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const by = { actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() };
      return reply.status(201).send(await createPolicy(deps.db, request.body, by));
    },
  );
};
