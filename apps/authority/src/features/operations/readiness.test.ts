import { randomBytes } from 'node:crypto';
import { createTestAuthority } from '@airlock/core/testing';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { openDatabase, type OpenedDatabase, type StoreConfig } from '../../db/database.ts';
import { latestMigration, migrationNames } from '../../db/migrate.ts';
import { inMemoryAuthorityKeys } from '../../keys/authority-keys.ts';
import { freshPostgresDatabase, principalFromTestHeader, TestClock } from '../../../test/harness.ts';

const postgresUrl = process.env.AIRLOCK_TEST_POSTGRES_URL;

/** An authority app over the given store, with a clock the test moves. */
async function appOver(config: StoreConfig): Promise<{ app: FastifyInstance; database: OpenedDatabase; clock: TestClock }> {
  const database = await openDatabase(config);
  const clock = new TestClock(new Date('2026-11-23T10:00:00Z'));
  const authority = await createTestAuthority('authority', new Date('2026-01-01T00:00:00Z'));
  const app = await createApp({
    db: database.db,
    clock,
    random: { bytes: (n) => new Uint8Array(randomBytes(n)) },
    keys: inMemoryAuthorityKeys({
      root: authority.root,
      signer: authority.signer,
      encryptionKey: authority.encryptionKey,
      encryptionCertificate: authority.encryptionCertificate,
    }),
    authenticate: principalFromTestHeader,
  });
  return { app, database, clock };
}

async function readiness(app: FastifyInstance): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await app.inject({ method: 'GET', url: '/readyz' });
  return { status: response.statusCode, body: response.json() };
}

describe('readiness checks the schema, not only that the database answers', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('(embedded PGlite) is not ready once the last migration this version ships is no longer recorded, and says which it found', async () => {
    const { app, database, clock } = await appOver({ kind: 'embedded', dataDir: null });
    cleanups.push(
      () => database.close(),
      () => app.close(),
    );
    expect(await readiness(app)).toEqual({ status: 200, body: { status: 'ready' } });

    await sql`delete from kysely_migration where name = ${latestMigration}`.execute(database.db);
    // Within the second an answer stands, the replica still says what it found last.
    expect((await readiness(app)).status).toBe(200);
    clock.advance(1_000);
    const refused = await readiness(app);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ status: 503, code: 'SCHEMA_MISMATCH', errors: { expected: latestMigration, applied: migrationNames().at(-2) } });
  });

  describe.runIf(postgresUrl)('(PostgreSQL)', () => {
    it('is not ready once its database is dropped and made again, empty, under it — and every API call would fail', async () => {
      const fresh = await freshPostgresDatabase(postgresUrl ?? '');
      const { app, database, clock } = await appOver(fresh.config);
      cleanups.push(
        () => fresh.dispose(),
        () => database.close(),
        () => app.close(),
      );
      expect(await readiness(app)).toEqual({ status: 200, body: { status: 'ready' } });

      const name = new URL(fresh.config.kind === 'postgres' ? fresh.config.url : '').pathname.slice(1);
      const server = new pg.Client({ connectionString: postgresUrl });
      await server.connect();
      try {
        await server.query(`drop database ${name} with (force)`);
        await server.query(`create database ${name}`);
      } finally {
        await server.end();
      }

      // The pool first finds its connections ended by the drop (the database does not answer),
      // then connects to the new, empty database.
      let refused = await readiness(app);
      for (let attempt = 0; attempt < 20 && refused.body.code !== 'SCHEMA_MISMATCH'; attempt++) {
        clock.advance(1_000);
        refused = await readiness(app);
      }
      expect(refused).toMatchObject({ status: 503, body: { code: 'SCHEMA_MISMATCH', errors: { expected: latestMigration, applied: null } } });
      expect(
        (await app.inject({ method: 'GET', url: '/v1/products', headers: { 'x-test-principal': JSON.stringify({ kind: 'admin', id: 'test-admin' }) } }))
          .statusCode,
      ).toBe(500);
    });
  });
});
