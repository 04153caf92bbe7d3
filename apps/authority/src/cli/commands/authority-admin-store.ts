import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { CliFailure, option, type CommandContext } from '@airlock/cli-kit';
import type { Db } from '../../db/database.ts';

/**
 * Opens the authority's own database for a command run on the server (`airlock authority admin
 * …`), as `airlock authority start` would find it: `--data-dir`, else AIRLOCK_DATA_DIR, else
 * ./.data/authority, unless DATABASE_URL names PostgreSQL (README, "Administrators").
 *
 * PostgreSQL is shared: the command works while the authority runs. The embedded store is one
 * process's alone: while an authority holds it (PGlite keeps `postmaster.pid` in it from open to
 * close) the command refuses and changes nothing, rather than open it a second time and corrupt
 * it. An authority that did not stop cleanly leaves that file too: starting and stopping it once
 * removes it. A directory holding no database is refused as well, so a mistyped path never
 * creates an empty store.
 */
export async function withAuthorityStore<T>(context: CommandContext, use: (db: Db) => Promise<T>): Promise<T> {
  const dataDir = option(context, 'data-dir');
  const env = { ...context.io.env, ...(dataDir === undefined ? {} : { AIRLOCK_DATA_DIR: dataDir }) };
  // Loaded only here, as `authority start` does: the other commands need none of the server.
  const { ConfigError, openDatabase, readConfig } = await import('../../index.ts');
  let store;
  try {
    store = readConfig(env, context.io.cwd).store;
  } catch (error) {
    if (error instanceof ConfigError) throw new CliFailure(error.message);
    throw error;
  }
  if (store.kind === 'embedded' && store.dataDir !== null) {
    if (!existsSync(join(store.dataDir, 'PG_VERSION'))) {
      throw new CliFailure(
        `no authority database in ${store.dataDir}: name the authority's data directory with --data-dir (or AIRLOCK_DATA_DIR), or its PostgreSQL with DATABASE_URL`,
      );
    }
    if (existsSync(join(store.dataDir, 'postmaster.pid'))) {
      throw new CliFailure(
        `the embedded database in ${store.dataDir} is held by a running authority: stop the server, or run it against PostgreSQL (DATABASE_URL), then try again. ` +
          'Nothing was changed. (If no authority runs, the last one did not stop cleanly: start it and stop it once.)',
      );
    }
  }
  const database = await openDatabase(store);
  try {
    return await use(database.db);
  } finally {
    await database.close();
  }
}

/** The audit log's actor for a command run on the server: who ran it, where, without signing in. */
export function serverActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No user name for this uid (a container's): the host still says where it was done.
  }
  return `server:${user}@${hostname()}`;
}
