import { AirlockError } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { health, Health, problemOf } from '@airlock/http';
import { Problem } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';

/** How long readiness waits for the database before calling the replica not ready. */
const READINESS_TIMEOUT_MS = 2000;

const Status = Type.Object({ status: Type.String() });

/**
 * What operators and load balancers ask: is the process up (`/healthz`), can it serve
 * (`/readyz`: its database answers), and what is the API (`/openapi.json`).
 */
export const operationsRoutes: Feature = async (app, { deps }) => {
  app.get('/healthz', {
    config: { access: 'public' },
    schema: { tags: ['operations'], summary: 'Liveness: the process is up, and its version', response: { 200: Health } },
  }, async () => health('authority'));

  app.get('/readyz', {
    config: { access: 'public' },
    schema: { tags: ['operations'], summary: 'Readiness: the database answers', response: { 200: Status, 503: Problem } },
  }, async (request, reply) => {
    if (await databaseAnswers(deps.db)) return { status: 'ready' };
    // 503 rather than the registry's default status: load balancers read it as "not now".
    const problem = { ...problemOf(new AirlockError('SERVICE_UNAVAILABLE', {}), request), status: 503 };
    return reply.status(503).type('application/problem+json').send(problem);
  });

  app.get('/openapi.json', {
    config: { access: 'public' },
    schema: { tags: ['operations'], summary: 'This API as an OpenAPI 3.1 document' },
  }, async () => app.swagger());
};

async function databaseAnswers(db: Db): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS)));
  try {
    return await Promise.race([sql`select 1`.execute(db).then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
