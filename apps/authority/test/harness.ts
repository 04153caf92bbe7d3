import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '@airlock/core/internal';
import { createTestAuthority, type TestAuthority } from '@airlock/core/testing';
import { TEST_HASHING, useHashingForTests } from '@airlock/http';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { createApp } from '../src/app.ts';
import { openDatabase, type OpenedDatabase, type StoreConfig } from '../src/db/database.ts';
import { migrationFingerprint } from '../src/db/migrate.ts';
import type { AuthorityDeps } from '../src/deps.ts';
import type { Principal } from '../src/http/permissions.ts';
import { inMemoryAuthorityKeys } from '../src/keys/authority-keys.ts';

/**
 * Runs the authority's storage-facing tests against every store: embedded PGlite always, and a
 * PostgreSQL server when AIRLOCK_TEST_POSTGRES_URL names one (.ci/run sets it). Each test file
 * gets a fresh database of its own, already migrated: PGlite's a copy of the store template
 * (store-template.ts), PostgreSQL's a copy of a migrated template database (docs/testing.md).
 */
export interface Store {
  readonly name: string;
  open(): Promise<{ config: StoreConfig; dispose(): Promise<void> }>;
}

// The suites make and check accounts by the hundred: argon2's light parameters for the passwords
// they hash (a hash at argon2's defaults costs about 190 ms of processor time). Servers started
// as processes, as an installation runs them, keep the defaults.
useHashingForTests(TEST_HASHING);

const postgresUrl = process.env.AIRLOCK_TEST_POSTGRES_URL;

export const stores: readonly Store[] = [
  { name: 'embedded PGlite', open: () => Promise.resolve({ config: { kind: 'embedded', dataDir: null }, dispose: () => Promise.resolve() }) },
  ...(postgresUrl ? [{ name: 'PostgreSQL', open: () => migratedPostgresDatabase(postgresUrl) }] : []),
];

/**
 * A new, empty PostgreSQL database on the configured server, dropped when disposed: for the tests
 * of migrating itself (an authority's first start, replicas migrating together, a downgrade).
 */
export function freshPostgresDatabase(serverUrl: string): Promise<{ config: StoreConfig; dispose(): Promise<void> }> {
  return newPostgresDatabase(serverUrl, null);
}

/**
 * A new PostgreSQL database with every migration applied, dropped when disposed: a copy of the
 * migrated template (`CREATE DATABASE … TEMPLATE`), which takes a fraction of the migrations' time.
 */
async function migratedPostgresDatabase(serverUrl: string): Promise<{ config: StoreConfig; dispose(): Promise<void> }> {
  return newPostgresDatabase(serverUrl, await postgresTemplate(serverUrl));
}

async function newPostgresDatabase(serverUrl: string, template: string | null): Promise<{ config: StoreConfig; dispose(): Promise<void> }> {
  const name = `airlock_test_${randomBytes(6).toString('hex')}`;
  await whileTemplateBusy(() => onServer(serverUrl, `create database ${name}${template ? ` template ${template}` : ''}`));
  return {
    config: { kind: 'postgres', url: databaseUrl(serverUrl, name) },
    dispose: () => dropDatabase(serverUrl, name),
  };
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  // Connections may still be closing on the server side: ask politely for a while before
  // forcing, since a forced drop ends whatever connection is still there.
  for (let attempt = 0; attempt < 20; attempt++) {
    if (
      await onServer(serverUrl, `drop database if exists ${name}`).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await onServer(serverUrl, `drop database if exists ${name} with (force)`);
}

/**
 * The migrated template's name: a digest of the migrations, so that a changed or added migration
 * makes a new template instead of copying a stale one.
 */
function postgresTemplateName(): string {
  return `airlock_template_${createHash('sha256').update(migrationFingerprint()).digest('hex').slice(0, 16)}`;
}

const templates = new Map<string, Promise<string>>();

/**
 * The server's migrated template database, made by the first test file that needs it and kept for
 * the next runs. Test files run in parallel processes: an advisory lock lets one make it while the
 * others wait, and it is migrated under a scratch name and renamed when whole, so no test ever
 * copies a half-migrated one.
 */
function postgresTemplate(serverUrl: string): Promise<string> {
  let making = templates.get(serverUrl);
  if (!making) {
    making = makePostgresTemplate(serverUrl).catch((error: unknown) => {
      templates.delete(serverUrl);
      throw error;
    });
    templates.set(serverUrl, making);
  }
  return making;
}

async function makePostgresTemplate(serverUrl: string): Promise<string> {
  const name = postgresTemplateName();
  const client = new pg.Client({ connectionString: serverUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    // Session-level, so held across the statements below; released when the client ends.
    await client.query('select pg_advisory_lock(hashtext($1))', [name]);
    const present = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (present.rowCount) return name;
    const scratch = `${name}_${randomBytes(4).toString('hex')}`;
    await client.query(`create database ${scratch}`);
    try {
      const migrated = await openDatabase({ kind: 'postgres', url: databaseUrl(serverUrl, scratch) });
      await migrated.close();
      // The rename waits until the migration's connections have left the server.
      await whileTemplateBusy(() => client.query(`alter database ${scratch} rename to ${name}`));
    } catch (error) {
      await dropDatabase(serverUrl, scratch).catch(() => {});
      throw error;
    }
    return name;
  } finally {
    await client.end();
  }
}

/**
 * Retries a statement that PostgreSQL refuses while another session is still connected to the
 * database it copies or renames (55006, object_in_use): a closed pool's connections take a moment
 * to leave the server.
 */
async function whileTemplateBusy(statement: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await statement();
      return;
    } catch (error) {
      if (attempt >= 50 || (error as { code?: unknown }).code !== '55006') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const admin: Principal = { kind: 'admin', id: 'test-admin' };

/**
 * Tests name the caller in a header instead of signing in: the authentication feature has
 * tests of its own, and every other feature is tested as a given principal.
 */
export async function principalFromTestHeader(request: { headers: Record<string, unknown> }): Promise<Principal> {
  const header = request.headers['x-test-principal'];
  return Promise.resolve(typeof header === 'string' ? (JSON.parse(header) as Principal) : { kind: 'anonymous' });
}

export interface TestContext {
  readonly app: FastifyInstance;
  readonly database: OpenedDatabase;
  readonly clock: TestClock;
  readonly authority: TestAuthority;
  readonly deps: AuthorityDeps;
  /** `app.inject` as the given principal (an administrator unless told otherwise). */
  request(this: void, options: InjectOptions & { as?: Principal }): Promise<LightMyRequestResponse>;
}

/**
 * Dependencies a suite replaces: given as they are, or built from the defaults — e.g. the real
 * authenticator, which needs the suite's database and clock:
 * `({ db, clock }) => ({ authenticate: createAuthenticator(db, clock) })`.
 */
export type TestOverrides = Partial<AuthorityDeps> | ((defaults: AuthorityDeps) => Partial<AuthorityDeps>);

export async function startTestAuthority(
  store: Store,
  overrides: TestOverrides = {},
  now = new Date('2026-11-23T10:00:00Z'),
): Promise<TestContext & { dispose(): Promise<void> }> {
  const opened = await store.open();
  const database = await openDatabase(opened.config);
  const clock = new TestClock(now);
  const authority = await createTestAuthority('authority', new Date('2026-01-01T00:00:00Z'));
  const defaults: AuthorityDeps = {
    db: database.db,
    clock,
    random: { bytes: (n) => new Uint8Array(randomBytes(n)) },
    keys: inMemoryAuthorityKeys({
      root: authority.root,
      signer: authority.signer,
      encryptionKey: authority.encryptionKey,
      encryptionCertificate: authority.encryptionCertificate,
    }),
    authenticate: principalFromTestHeader,
  };
  const deps: AuthorityDeps = { ...defaults, ...(typeof overrides === 'function' ? overrides(defaults) : overrides) };
  const app = await createApp(deps);
  return {
    app,
    database,
    clock,
    authority,
    deps,
    request: ({ as = admin, headers, ...options }) => app.inject({ ...options, headers: { ...headers, 'x-test-principal': JSON.stringify(as) } }),
    async dispose() {
      await app.close();
      await database.close();
      await opened.dispose();
    },
  };
}

/**
 * Declares a suite once per store; `context()` gives the running authority inside tests.
 *
 * @example
 * ```ts
 * describeEachStore('products', (context) => {
 *   it('lists what was created', async () => { const { request } = context(); ... });
 * });
 * ```
 */
export function describeEachStore(title: string, suite: (context: () => TestContext) => void, overrides: TestOverrides = {}): void {
  describe.each(stores.map((store) => [store.name, store] as const))(`${title} (%s)`, (_name, store) => {
    let running: (TestContext & { dispose(): Promise<void> }) | undefined;
    beforeAll(async () => {
      running = await startTestAuthority(store, overrides);
    });
    afterAll(async () => {
      await running?.dispose();
    });
    suite(() => {
      if (!running) throw new Error('the authority has not started');
      return running;
    });
  });
}
