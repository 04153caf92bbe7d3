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
    await migrateOrClose(db, () => db.destroy());
    return { db, store: 'postgres', close: () => db.destroy() };
  }
  // A new data directory (the passphrase given in the environment, so no key file made it yet).
  if (config.dataDir) await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const pglite = await PGlite.create({
    ...(config.dataDir ? { dataDir: config.dataDir } : {}),
    parsers: { 20: (value: string) => Number(value), 1082: (value: string) => value },
  });
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
  await migrateOrClose(db, async () => {
    await db.destroy();
    await pglite.close();
  });
  return {
    db,
    store: 'embedded',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
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
