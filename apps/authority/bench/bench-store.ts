import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type OpenedDatabase } from '../src/db/database.ts';

/** The database the authority scenarios run on, and what to say about it beside the figures. */
export interface BenchStore {
  readonly database: OpenedDatabase;
  /** e.g. `PostgreSQL (127.0.0.1:5432)` or `embedded PGlite (no PostgreSQL answered at ...)`. */
  readonly label: string;
  readonly isPostgres: boolean;
  /** Closes the database and drops it when it was created for the run. */
  dispose(): Promise<void>;
}

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A fresh PostgreSQL database on the server named by AIRLOCK_BENCH_POSTGRES_URL (else
 * AIRLOCK_TEST_POSTGRES_URL, else the local default), dropped at the end; when no server
 * answers, embedded PGlite in memory, and the label says the figures come from it.
 */
export async function openBenchStore(env: Readonly<Record<string, string | undefined>>): Promise<BenchStore> {
  const serverUrl = env.AIRLOCK_BENCH_POSTGRES_URL ?? env.AIRLOCK_TEST_POSTGRES_URL ?? DEFAULT_SERVER;
  const server = new URL(serverUrl);
  const name = `airlock_bench_${randomBytes(6).toString('hex')}`;
  try {
    await onServer(serverUrl, `create database ${name}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const database = await openDatabase({ kind: 'embedded', dataDir: null });
    return {
      database,
      label: `embedded PGlite — no PostgreSQL answered at ${server.host} (${reason}); these figures are from PGlite`,
      isPostgres: false,
      dispose: () => database.close(),
    };
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    const database = await openDatabase({ kind: 'postgres', url: url.toString() });
    return {
      database,
      label: `PostgreSQL at ${server.host} (fresh database ${name}, dropped at the end)`,
      isPostgres: true,
      async dispose() {
        await database.close();
        await dropWhenClosed(serverUrl, name);
      },
    };
  } catch (error) {
    await onServer(serverUrl, `drop database if exists ${name} with (force)`);
    throw error;
  }
}

/**
 * Drops the database once the pool's connections have gone: `with (force)` would kill a
 * connection still closing, and the pool would throw that on an idle client.
 */
async function dropWhenClosed(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await onServer(serverUrl, `drop database if exists ${name}`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await onServer(serverUrl, `drop database if exists ${name} with (force)`);
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
