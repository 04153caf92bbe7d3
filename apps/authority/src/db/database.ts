import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.ts';
import { pgliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

/** Where the data lives: embedded PGlite under a directory (or in memory), or a PostgreSQL server. */
export type StoreConfig =
  | { readonly kind: 'embedded'; readonly dataDir: string | null }
  | { readonly kind: 'postgres'; readonly url: string };

export interface OpenedDatabase {
  readonly db: Db;
  readonly store: StoreConfig['kind'];
  /** The embedded store's data directory as a gzipped tar, taken between two statements (absent on PostgreSQL: use pg_dump). */
  readonly dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

// int8 (bigint, bigserial) and numeric come back as numbers: our counts and milliseconds fit.
pg.types.setTypeParser(20, (value) => Number(value));
// `date` stays the calendar date it is, never shifted through a time zone.
pg.types.setTypeParser(1082, (value) => value);

/** Opens the store and applies every pending migration. */
export async function openDatabase(config: StoreConfig): Promise<OpenedDatabase> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.url, max: 10 });
    // An idle connection the server ends (restart, failover, a dropped database) is replaced
    // by the pool on next use; unhandled, its 'error' event would bring the process down.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await migrateToLatest(db as Kysely<unknown>);
    return { db, store: 'postgres', close: () => db.destroy() };
  }
  // A new data directory (the passphrase given in the environment, so no key file made it yet).
  if (config.dataDir) await mkdir(config.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(config.dataDir ? { dataDir: config.dataDir } : {}),
    parsers: { 20: (value: string) => Number(value), 1082: (value: string) => value },
  });
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
  await migrateToLatest(db as Kysely<unknown>);
  return {
    db,
    store: 'embedded',
    dumpDataDir: () => pglite.dumpDataDir('gzip'),
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
