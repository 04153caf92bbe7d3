import type { PGlite } from '@electric-sql/pglite';
import { PostgresDialect, type DatabaseConnection, type Dialect } from 'kysely';

/**
 * Kysely over an embedded PGlite, through Kysely's own PostgreSQL dialect: PGlite speaks the
 * same SQL, so the same queries and migrations serve both stores. PGlite has one connection;
 * a mutex hands it to one caller at a time, so a transaction never interleaves with another
 * request's statements.
 */
export function pgliteDialect(pglite: PGlite): Dialect {
  let tail: Promise<void> = Promise.resolve();
  const pool = {
    async connect() {
      let release!: () => void;
      const previous = tail;
      tail = new Promise<void>((resolve) => (release = resolve));
      await previous;
      return {
        async query(sql: string, parameters: readonly unknown[]) {
          // Without parameters, the simple protocol also runs multi-statement scripts (migrations).
          const result = parameters.length === 0 ? (await pglite.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 } : await pglite.query(sql, parameters as unknown[]);
          const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
          return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
        },
        release() {
          release();
        },
      };
    },
    async end() {},
  };
  return new PostgresDialect({ pool: pool as never });
}

export type { DatabaseConnection };
