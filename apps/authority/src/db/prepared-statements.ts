import { createHash } from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/**
 * Server-side prepared statements for the PostgreSQL store (README, "Prepared statements"). A
 * statement with parameters is sent unnamed the first time its text is seen; from the second
 * time on it is sent as a named statement, parsed once per connection, after which PostgreSQL
 * skips parsing it and, once it judges a generic plan good enough, planning it too. On the
 * authority's write paths parsing and planning cost more than executing: an LFR upload or an
 * OLF issue spends about a sixth of its time in them.
 *
 * Bounded on both sides: texts are remembered in a map that is emptied when it passes
 * `MAX_COUNTED_TEXTS` (a multi-row insert of a new width is a new text), and one connection
 * holds at most `maxPerConnection` statements; past that, its further texts go unnamed. A
 * statement with no parameter (migrations, `begin`, `commit`) always goes unnamed.
 *
 * Named statements outlive schema changes on the server but not a change of their result's
 * columns: a `select *` prepared before another process added a column fails once with
 * `cached plan must not change result type` (SQLSTATE 0A000). That connection then sends every
 * statement unnamed; the others keep theirs until they meet the same error.
 */
export interface PreparedStatementOptions {
  /** Statements one connection may hold prepared (default 256). */
  readonly maxPerConnection?: number;
}

const MAX_COUNTED_TEXTS = 4_096;
const CACHED_PLAN_CHANGED = '0A000';

interface ConnectionState {
  readonly prepared: Set<string>;
  /** Set after a prepared statement's result type changed under it: nothing more is named here. */
  stale: boolean;
}

/** A pool for Kysely's PostgresDialect that names repeated statements (see above). */
export function preparingPool(pool: pg.Pool, options: PreparedStatementOptions = {}): PostgresPool {
  const maxPerConnection = options.maxPerConnection ?? 256;
  // Each text seen: null after its first run, then the name it runs under (hashed once).
  const texts = new Map<string, string | null>();
  const states = new WeakMap<pg.PoolClient, ConnectionState>();

  /** The statement's name on this connection, or undefined to send it unnamed. */
  const nameFor = (state: ConnectionState, text: string): string | undefined => {
    if (state.stale) return undefined;
    let name = texts.get(text);
    if (name === undefined) {
      if (texts.size >= MAX_COUNTED_TEXTS) texts.clear();
      texts.set(text, null);
      return undefined;
    }
    if (name === null) {
      name = `airlock_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`;
      texts.set(text, name);
    }
    if (state.prepared.has(name)) return name;
    if (state.prepared.size >= maxPerConnection) return undefined;
    state.prepared.add(name);
    return name;
  };

  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      const connection = states.get(client) ?? { prepared: new Set<string>(), stale: false };
      states.set(client, connection);
      function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
      function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
      function query<R>(statement: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
        if (typeof statement !== 'string') return client.query(statement as unknown as pg.Submittable) as unknown as PostgresCursor<R>;
        const values = [...(parameters ?? [])];
        const name = values.length > 0 ? nameFor(connection, statement) : undefined;
        const result = name === undefined ? client.query(statement, values) : client.query({ name, text: statement, values });
        return (result as Promise<PostgresQueryResult<R>>).catch((error: unknown) => {
          if (name !== undefined && (error as { code?: unknown }).code === CACHED_PLAN_CHANGED) connection.stale = true;
          throw error;
        });
      }
      return { query, release: () => client.release() };
    },
    end: () => pool.end(),
  };
}
