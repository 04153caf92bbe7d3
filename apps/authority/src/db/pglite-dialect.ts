import type { PGlite } from '@electric-sql/pglite';
import { PostgresDialect, type Dialect } from 'kysely';

export interface PgliteDialectOptions {
  /**
   * Makes what has committed durable (`DurableNodeFS.sync`): awaited after every statement that
   * leaves no transaction open, so a caller hears of its commit only once it is on disk. The
   * connection is handed on before the wait, so the commits of other callers join the same flush.
   */
  readonly sync?: () => Promise<void>;
}

/**
 * Kysely over an embedded PGlite, through Kysely's own PostgreSQL dialect: PGlite speaks the
 * same SQL, so the same queries and migrations serve both stores. PGlite has one connection;
 * a queue hands it to one caller at a time, so a transaction never interleaves with another
 * request's statements.
 */
export function pgliteDialect(pglite: PGlite, options: PgliteDialectOptions = {}): Dialect {
  let tail: Promise<void> = Promise.resolve();
  /** Waits for the connection; resolves with the function that hands it on. */
  const turn = async (): Promise<() => void> => {
    let release!: () => void;
    const previous = tail;
    tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  };
  const pool = {
    async connect() {
      let release: (() => void) | null = await turn();
      return {
        async query(sql: string, parameters: readonly unknown[]) {
          // After a commit made durable below, a further statement on this connection waits its turn again.
          release ??= await turn();
          // Without parameters, the simple protocol also runs multi-statement scripts (migrations).
          const result =
            parameters.length === 0 ? ((await pglite.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 }) : await pglite.query(sql, parameters as unknown[]);
          const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
          if (options.sync && !pglite.isInTransaction()) {
            const handOn = release;
            release = null;
            handOn();
            await options.sync();
          }
          return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
        },
        release() {
          release?.();
          release = null;
        },
      };
    },
    async end() {},
  };
  return new PostgresDialect({ pool: pool as never });
}
