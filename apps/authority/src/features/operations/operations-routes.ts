import { AirlockError } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Db } from '../../db/database.ts';
import { appliedMigration, latestMigration } from '../../db/migrate.ts';
import { health, Health, problemOf, Problem } from '@airlock/http';
import type { Feature } from '../feature.ts';

/** How long readiness waits for the database before calling the replica not ready. */
const READINESS_TIMEOUT_MS = 2000;
/** How long an answer about the database stands: probes every second cost one check a second at most. */
const READINESS_CACHE_MS = 1000;

const Status = Type.Object({ status: Type.String() });

/**
 * What operators and load balancers ask: is the process up (`/healthz`), can it serve
 * (`/readyz`: its database answers and holds the schema this version expects — the last
 * migration it ships is the last one applied), and what is the API (`/openapi.json`).
 */
export const operationsRoutes: Feature = async (app, { deps }) => {
  const readiness = cachedReadiness(deps.db, () => deps.clock.now().getTime());
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: { tags: ['operations'], summary: 'Liveness: the process is up, and its version', response: { 200: Health } },
    },
    async () => health('authority'),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database answers, with the schema this version expects',
        response: { 200: Status, 503: Problem },
      },
    },
    async (request, reply) => {
      const refusal = await readiness();
      if (refusal === null) return { status: 'ready' };
      // 503 rather than the registry's default status: load balancers read it as "not now".
      const problem = { ...problemOf(refusal, request), status: 503 };
      return reply.status(503).type('application/problem+json').send(problem);
    },
  );
};

/**
 * Why the replica cannot serve (SERVICE_UNAVAILABLE: the database does not answer;
 * SCHEMA_MISMATCH: it answers without this version's schema, e.g. dropped and made again
 * empty, or migrated by a newer version), or null when it can. An answer is reused for
 * READINESS_CACHE_MS, and concurrent probes share one check.
 */
function cachedReadiness(db: Db, now: () => number): () => Promise<AirlockError | null> {
  let cached: { at: number; answer: Promise<AirlockError | null> } | null = null;
  return () => {
    const at = now();
    if (cached === null || at - cached.at >= READINESS_CACHE_MS || at < cached.at) cached = { at, answer: checkDatabase(db) };
    return cached.answer;
  };
}

async function checkDatabase(db: Db): Promise<AirlockError | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<AirlockError>(
    (resolve) => (timer = setTimeout(() => resolve(new AirlockError('SERVICE_UNAVAILABLE', {})), READINESS_TIMEOUT_MS)),
  );
  try {
    return await Promise.race([
      appliedMigration(db as Kysely<unknown>).then(
        (applied) => (applied === latestMigration ? null : new AirlockError('SCHEMA_MISMATCH', { expected: latestMigration, applied })),
        () => new AirlockError('SERVICE_UNAVAILABLE', {}),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
