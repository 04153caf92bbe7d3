import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DurableNodeFS, durableStartParams } from './durable-node-fs.ts';
import { migrateToLatest } from './migrate.ts';
import { createFromTemplate, storeTemplate } from './store-template.ts';
import { pgliteDialect } from './pglite-dialect.ts';
import { preparingPool } from './prepared-statements.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

/** Where the data lives: embedded PGlite under a directory (or in memory), or a PostgreSQL server. */
export type StoreConfig =
  | { readonly kind: 'embedded'; readonly dataDir: string | null }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      /** Repeated statements run as server-side prepared statements (default true; `preparingPool`). */
      readonly preparedStatements?: boolean;
    };

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
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: config.preparedStatements === false ? pool : preparingPool(pool) }) });
    await migrateOrClose(db, () => db.destroy());
    return { db, store: 'postgres', close: () => db.destroy() };
  }
  const { pglite, fs } = await openEmbedded(config.dataDir);
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite, fs ? { sync: () => fs.sync() } : {}) });
  await migrateOrClose(db, async () => {
    await db.destroy();
    await pglite.close();
  });
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

const parsers = { 20: (value: string) => Number(value), 1082: (value: string) => value };

/**
 * Opens embedded PGlite. On a directory: durable (every commit on disk before it is answered;
 * see DurableNodeFS), and a new directory — missing or empty — starts as a copy of the store
 * template instead of running initdb. In memory (tests): loaded from the same template.
 */
async function openEmbedded(dataDir: string | null): Promise<{ pglite: PGlite; fs: DurableNodeFS | null }> {
  if (dataDir === null)
    return { pglite: await PGlite.create({ loadDataDir: new Blob([await storeTemplate()], { type: 'application/gzip' }), parsers }), fs: null };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const present = await readdir(dataDir);
    if (present.length > 0) throw new Error(`${dataDir} holds files but no database (no PG_VERSION): move them away, or point AIRLOCK_DATA_DIR elsewhere`);
    await createFromTemplate(dataDir, await storeTemplate());
  }
  const fs = new DurableNodeFS(dataDir);
  return { pglite: await PGlite.create({ fs, startParams: [...durableStartParams], parsers }), fs };
}

/** Migrates; a store that refuses (a newer release's database, a failed migration) is closed before the error goes on. */
async function migrateOrClose(db: Db, close: () => Promise<void>): Promise<void> {
  try {
    await migrateToLatest(db as Kysely<unknown>);
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
