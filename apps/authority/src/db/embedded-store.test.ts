import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { latestMigration } from './migrate.ts';
import { pgliteDialect } from './pglite-dialect.ts';
import { DurableNodeFS, durableStartParams } from './durable-node-fs.ts';
import { createFromTemplate, storeTemplate } from './store-template.ts';

describe('the embedded store on a directory', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-embedded-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('opens in a directory whose parents do not exist yet, migrated, from the template, and keeps what was written', async () => {
    const dataDir = join(root, 'not', 'yet', 'pglite');
    const first = await openDatabase({ kind: 'embedded', dataDir });
    try {
      const applied = await sql<{ name: string }>`select max(name) as name from kysely_migration`.execute(first.db);
      expect(applied.rows[0]?.name).toBe(latestMigration);
      await sql`create table kept (id text primary key)`.execute(first.db);
      await sql`insert into kept values ('this')`.execute(first.db);
    } finally {
      await first.close();
    }
    expect(await readdir(join(root, 'not', 'yet'))).toEqual(['pglite']);
    const second = await openDatabase({ kind: 'embedded', dataDir });
    try {
      const kept = await sql<{ id: string }>`select id from kept`.execute(second.db);
      expect(kept.rows).toEqual([{ id: 'this' }]);
    } finally {
      await second.close();
    }
  }, 120_000);

  it('clears what a start cut short while unpacking the template left beside the data directory', async () => {
    await mkdir(join(root, 'again', '.pglite.new-leftover'), { recursive: true });
    const database = await openDatabase({ kind: 'embedded', dataDir: join(root, 'again', 'pglite') });
    await database.close();
    expect(await readdir(join(root, 'again'))).toEqual(['pglite']);
  }, 120_000);

  it('refuses a directory that holds files but no database, and leaves them alone', async () => {
    const dataDir = join(root, 'occupied');
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'notes.txt'), 'mine');
    await expect(openDatabase({ kind: 'embedded', dataDir })).rejects.toThrow(/holds files but no database/);
    expect(await readdir(dataDir)).toEqual(['notes.txt']);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(false);
  }, 120_000);
});

describe('the durable file system under PGlite', () => {
  it('runs PostgreSQL with fsync on, flushes the log before a commit is answered, and once for commits waiting together', async () => {
    const root = await mkdtemp(join(tmpdir(), 'airlock-durable-'));
    const dataDir = join(root, 'pglite');
    await createFromTemplate(dataDir, await storeTemplate());
    const fs = new DurableNodeFS(dataDir);
    const pglite = await PGlite.create({ fs, startParams: [...durableStartParams] });
    try {
      const db = new Kysely<{ marks: { n: number } }>({ dialect: pgliteDialect(pglite, { sync: () => fs.sync() }) });
      expect((await sql<{ fsync: string }>`show fsync`.execute(db)).rows).toEqual([{ fsync: 'on' }]);
      await sql`create table marks (n int)`.execute(db);
      const before = fs.counts.grouped;
      const commits = 40;
      await Promise.all(
        Array.from({ length: commits }, (_, n) =>
          db
            .transaction()
            .execute((trx) => trx.insertInto('marks').values({ n }).execute())
            .then(() => {
              // Answered: nothing it committed waits for a flush any more.
              expect(fs.counts.grouped).toBeGreaterThan(before);
            }),
        ),
      );
      const flushes = fs.counts.grouped - before;
      expect(flushes).toBeGreaterThan(0);
      expect(flushes).toBeLessThanOrEqual(commits);
      await db.destroy();

      // Commits made without waiting: their log flushes are deferred, then one fdatasync of the
      // one log file serves every caller of sync() at once.
      const unsynced = new Kysely<{ marks: { n: number } }>({ dialect: pgliteDialect(pglite) });
      for (let n = 100; n < 105; n++) await unsynced.insertInto('marks').values({ n }).execute();
      const deferred = fs.counts.grouped;
      await Promise.all([fs.sync(), fs.sync(), fs.sync()]);
      expect(fs.counts.grouped - deferred).toBe(1);
      await fs.sync();
      expect(fs.counts.grouped - deferred).toBe(1);
      await unsynced.destroy();
    } finally {
      await pglite.close();
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the PGlite dialect with a durable store', () => {
  let pglite: PGlite;
  beforeAll(async () => {
    pglite = await PGlite.create({ loadDataDir: new Blob([await storeTemplate()], { type: 'application/gzip' }) });
    await pglite.exec('create table marks (n int)');
  }, 120_000);
  afterAll(async () => {
    await pglite.close();
  });

  it('answers a commit only once the store has synced it, and lets other transactions run meanwhile, so their commits share a sync', async () => {
    const events: string[] = [];
    const syncs: (() => void)[] = [];
    let holding = true;
    const sync = () => (holding ? new Promise<void>((resolve) => syncs.push(resolve)) : Promise.resolve());
    const db = new Kysely<{ marks: { n: number } }>({ dialect: pgliteDialect(pglite, { sync }) });

    const write = (n: number) =>
      db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('marks').values({ n }).execute();
          events.push(`committed ${n}`);
        })
        .then(() => events.push(`answered ${n}`));
    const first = write(1);
    while (syncs.length < 1) await new Promise((resolve) => setTimeout(resolve, 1));
    // The first commit waits for its sync; the connection is free, so the second transaction runs and commits.
    const second = write(2);
    while (syncs.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(events).toEqual(['committed 1', 'committed 2']);
    syncs[0]?.();
    await first;
    expect(events).toEqual(['committed 1', 'committed 2', 'answered 1']);
    syncs[1]?.();
    await second;
    expect(events.at(-1)).toBe('answered 2');
    holding = false;
    expect((await db.selectFrom('marks').select('n').orderBy('n').execute()).map((row) => row.n)).toEqual([1, 2]);
    await db.destroy();
  });

  it('keeps a transaction whole: a statement after a made-durable commit on the same connection waits its turn', async () => {
    const db = new Kysely<{ marks: { n: number } }>({ dialect: pgliteDialect(pglite, { sync: () => new Promise((resolve) => setTimeout(resolve, 5)) }) });
    const seen: number[][] = [];
    await Promise.all([
      db.connection().execute(async (connection) => {
        await connection.insertInto('marks').values({ n: 10 }).execute();
        await connection.insertInto('marks').values({ n: 11 }).execute();
      }),
      db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('marks').select('n').where('n', '>=', 10).execute();
        const after = await trx.selectFrom('marks').select('n').where('n', '>=', 10).execute();
        seen.push(
          before.map((row) => row.n),
          after.map((row) => row.n),
        );
      }),
    ]);
    // Whatever order they ran in, the transaction saw one state twice.
    expect(seen[0]).toEqual(seen[1]);
    await db.destroy();
  });
});
