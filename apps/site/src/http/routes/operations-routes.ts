import { AirlockError } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import { health, Health, Problem, problemOf } from '@airlock/http';
import type { SiteRoutes } from './routes.ts';

const Status = Type.Object({ status: Type.String() });

/** Is the process up (`/healthz`), can it record changes (`/readyz`: its ledger verified and writable), what is the API. */
export const operationsRoutes: SiteRoutes = async (app, { site }) => {
  const common = { logLevel: 'warn', config: { siteAccess: 'public' } } as const;

  app.get(
    '/healthz',
    {
      ...common,
      schema: { tags: ['operations'], summary: 'Liveness: the process is up, and its version', response: { 200: Health } },
    },
    async () => health('site'),
  );

  app.get(
    '/readyz',
    {
      ...common,
      schema: { tags: ['operations'], summary: 'Readiness: the ledger verified and can be written', response: { 200: Status, 503: Problem } },
    },
    async (request, reply) => {
      const ready = site.ready();
      if (ready.ok) return { status: 'ready' };
      // 503 whatever the code: load balancers and supervisors read it as "not now".
      const problem = { ...problemOf(new AirlockError(ready.code, {}), request), status: 503 };
      return reply.status(503).type('application/problem+json').send(problem);
    },
  );
};
