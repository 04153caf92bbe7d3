import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../../test/harness.ts';
import { preparingPool } from './prepared-statements.ts';

/**
 * Prepared statements on a real PostgreSQL server (they exist only there): which statements are
 * named, the bound on one connection, and a connection whose prepared `select *` meets a column
 * added by another process.
 */
const postgresUrl = process.env.AIRLOCK_TEST_POSTGRES_URL;

interface Tables {
  items: { id: number; label: string };
}

describe.runIf(postgresUrl)('prepared statements on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let pool: pg.Pool;
  let other: pg.Client;

  beforeEach(async () => {
    database = await freshPostgresDatabase(postgresUrl!);
    if (database.config.kind !== 'postgres') throw new Error('a PostgreSQL database was expected');
    // One connection: every statement below meets the same server session.
    pool = new pg.Pool({ connectionString: database.config.url, max: 1 });
    other = new pg.Client({ connectionString: database.config.url });
    await other.connect();
    await other.query('create table items (id integer primary key, label text not null)');
    await other.query(`insert into items values (1, 'one'), (2, 'two'), (3, 'three')`);
  });

  afterEach(async () => {
    await other.end();
    await pool.end().catch(() => {});
    await database.dispose();
  });

  const preparedOnSession = async (db: Kysely<Tables>) =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements order by statement`.execute(db)).rows.map((row) => row.statement);

  it('names a statement with parameters from its second run on, and reuses the name after', async () => {
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    const label = (id: number) => db.selectFrom('items').select('label').where('id', '=', id).executeTakeFirstOrThrow();
    expect(await label(1)).toEqual({ label: 'one' });
    expect(await preparedOnSession(db)).toEqual([]);
    expect(await label(2)).toEqual({ label: 'two' });
    expect(await preparedOnSession(db)).toEqual(['select "label" from "items" where "id" = $1']);
    // Run again and again on the same session: still that one statement, answering each value.
    expect(await Promise.all([label(3), label(1), label(2)])).toEqual([{ label: 'three' }, { label: 'one' }, { label: 'two' }]);
    expect(await preparedOnSession(db)).toEqual(['select "label" from "items" where "id" = $1']);
    await db.destroy();
  });

  it('never names a statement without parameters, and holds at most its bound per connection', async () => {
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: preparingPool(pool, { maxPerConnection: 2 }) }) });
    for (let round = 0; round < 2; round++) {
      await sql`select count(*) from items`.execute(db);
      for (const column of ['id', 'label', 'id + 1'] as const) await sql`select ${sql.raw(column)} from items where id = ${1}`.execute(db);
    }
    expect(await preparedOnSession(db)).toEqual(['select id from items where id = $1', 'select label from items where id = $1']);
    // Past the bound the third text still runs, unnamed.
    expect((await sql<{ n: number }>`select id + 1 as n from items where id = ${2}`.execute(db)).rows).toEqual([{ n: 3 }]);
    await db.destroy();
  });

  it('sends everything unnamed on a connection whose prepared result changed shape under it', async () => {
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    const everything = (id: number) => sql<Record<string, unknown>>`select * from items where id = ${id}`.execute(db);
    await everything(1);
    expect((await everything(2)).rows).toEqual([{ id: 2, label: 'two' }]);
    // Another process (a newer replica migrating) adds a column.
    await other.query(`alter table items add column note text not null default 'new'`);
    await expect(everything(3)).rejects.toMatchObject({ code: '0A000', message: 'cached plan must not change result type' });
    // That one failure, then the connection goes on unnamed and sees the new column.
    expect((await everything(3)).rows).toEqual([{ id: 3, label: 'three', note: 'new' }]);
    expect((await sql<{ n: number }>`select id as n from items where id = ${1}`.execute(db)).rows).toEqual([{ n: 1 }]);
    expect((await sql<{ n: number }>`select id as n from items where id = ${1}`.execute(db)).rows).toEqual([{ n: 1 }]);
    expect(await preparedOnSession(db)).toEqual(['select * from items where id = $1']);
    await db.destroy();
  });
});
