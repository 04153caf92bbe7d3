import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type StoreConfig } from '../src/db/database.ts';
import { latestMigration } from '../src/db/migrate.ts';
import { runAuthority } from '../src/main.ts';
import { freshPostgresDatabase } from './harness.ts';

/**
 * An authority started on a database that a newer release migrated refuses it before writing
 * anything (`DATABASE_TOO_NEW`, exit code 2), on the embedded store and on PostgreSQL; the
 * release that wrote it opens it as it was.
 */
const postgresUrl = process.env.AIRLOCK_TEST_POSTGRES_URL;
const FUTURE_MIGRATION = '9000-from-a-newer-release';
const PASSPHRASE = 'the downgrade test passphrase';

interface StoreOnDisk {
  readonly name: string;
  open(): Promise<{ config: StoreConfig; env: Record<string, string>; dispose(): Promise<void> }>;
}

const stores: StoreOnDisk[] = [
  {
    name: 'the embedded store',
    async open() {
      const dataDir = await mkdtemp(join(tmpdir(), 'airlock-downgrade-'));
      const pglite = join(dataDir, 'pglite');
      return {
        config: { kind: 'embedded', dataDir: pglite },
        env: { AIRLOCK_DATA_DIR: dataDir },
        dispose: () => rm(dataDir, { recursive: true, force: true }),
      };
    },
  },
  ...(postgresUrl
    ? [
        {
          name: 'PostgreSQL',
          async open() {
            const fresh = await freshPostgresDatabase(postgresUrl);
            if (fresh.config.kind !== 'postgres') throw new Error('a PostgreSQL database was expected');
            return { config: fresh.config, env: { DATABASE_URL: fresh.config.url }, dispose: () => fresh.dispose() };
          },
        },
      ]
    : []),
];

/** What the refusal must leave as it was: the migrations recorded and the tables there. */
async function snapshot(db: Kysely<unknown>): Promise<{ migrations: string[]; tables: string[] }> {
  const migrations = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  const tables = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables where table_schema = 'public' order by table_name`.execute(db);
  return { migrations: migrations.rows.map((row) => row.name), tables: tables.rows.map((row) => row.name) };
}

for (const store of stores) {
  describe(`an authority of an older release, on ${store.name}`, () => {
    const disposals: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const dispose of disposals) await dispose();
    });

    it('refuses a database with a migration it does not know, with DATABASE_TOO_NEW and exit code 2, and changes nothing', async () => {
      const opened = await store.open();
      disposals.push(() => opened.dispose());
      // The database as a newer release leaves it: every migration of this release, and one more.
      const newer = await openDatabase(opened.config);
      await sql`insert into kysely_migration (name, timestamp) values (${FUTURE_MIGRATION}, ${new Date().toISOString()})`.execute(newer.db);
      const before = await snapshot(newer.db as Kysely<unknown>);
      await newer.close();
      expect(before.migrations).toContain(latestMigration);
      expect(before.migrations).toContain(FUTURE_MIGRATION);

      await expect(openDatabase(opened.config)).rejects.toMatchObject({
        code: 'DATABASE_TOO_NEW',
        detail: { unknownMigrations: [FUTURE_MIGRATION], latestKnown: latestMigration },
      });

      const said: string[] = [];
      const exitCode = await runAuthority({ ...opened.env, AIRLOCK_KEY_PASSPHRASE: PASSPHRASE, AIRLOCK_PORT: '0', AIRLOCK_LOG_LEVEL: 'silent' }, (line) =>
        said.push(line),
      );
      expect({ exitCode, said: said.join('\n') }).toEqual({ exitCode: 2, said: expect.stringContaining('DATABASE_TOO_NEW') });
      expect(said.join('\n')).toContain(FUTURE_MIGRATION);

      // Untouched: opened without migrating, as the newer release opens it, it is as that release left it.
      const reopened = await openDatabaseIgnoringFuture(opened.config);
      expect(await snapshot(reopened.db)).toEqual(before);
      await reopened.close();
    });
  });
}

/** Opens the store without migrating, as the newer release's own code would see it. */
async function openDatabaseIgnoringFuture(config: StoreConfig): Promise<{ db: Kysely<unknown>; close(): Promise<void> }> {
  const { Kysely: KyselyClass, PostgresDialect } = await import('kysely');
  if (config.kind === 'postgres') {
    const pg = (await import('pg')).default;
    const db = new KyselyClass<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.url, max: 1 }) }) });
    return { db, close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pgliteDialect } = await import('../src/db/pglite-dialect.ts');
  const pglite = await PGlite.create({ dataDir: config.dataDir! });
  const db = new KyselyClass<unknown>({ dialect: pgliteDialect(pglite) });
  return {
    db,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
