import { randomBytes } from 'node:crypto';
import type { TrustAnchor } from '@airlock/core';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createApp } from '../../src/app.ts';
import { openDatabase, type OpenedDatabase } from '../../src/db/database.ts';
import type { AuthorityDeps } from '../../src/deps.ts';
import { ensureFirstAdmin } from '../../src/features/accounts/admins.ts';
import { testHeaderOrRealAuthenticator } from '../../src/features/accounts/testing/account-fixtures.ts';
import { openPersistentAuthorityKeys } from '../../src/keys/persistent-authority-keys.ts';
import { admin, TestClock } from '../harness.ts';

/**
 * The authority as a browser meets it: listening on a real port of 127.0.0.1, with the real
 * session sign-in, its keys in its database (so the keys page has keys to manage), a first
 * administrator holding a one-time password, webhooks on, and a clock the test moves. Set-up steps that are
 * not under test may still call the API as an administrator by the test header.
 */
export interface WebAuthority {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly database: OpenedDatabase;
  readonly clock: TestClock;
  readonly deps: AuthorityDeps;
  readonly firstAdmin: { readonly email: string; readonly password: string };
  /** What a site pins: the authority's root key. */
  readonly trust: TrustAnchor;
  /** `app.inject` as an administrator, for set-up. */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** `overrides` replaces dependencies the suite needs set, e.g. `reminders` with a known unsubscribe key. */
export async function startWebAuthority(now = new Date('2026-11-23T10:00:00Z'), overrides: Partial<AuthorityDeps> = {}): Promise<WebAuthority> {
  const database = await openDatabase({ kind: 'embedded', dataDir: null });
  const clock = new TestClock(now);
  const random = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };
  const keys = await openPersistentAuthorityKeys(database.db, { clock, random, passphrase: 'browser test passphrase' });
  const deps: AuthorityDeps = {
    db: database.db,
    clock,
    random,
    keys,
    authenticate: testHeaderOrRealAuthenticator(database.db, clock),
    webhooks: { sealing: keys.sealing },
    ...overrides,
  };
  const app = await createApp(deps);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const firstAdmin = await ensureFirstAdmin(database.db, { clock, random });
  if (!firstAdmin) throw new Error('a fresh database has no administrator yet');
  return {
    app,
    url,
    database,
    clock,
    deps,
    firstAdmin,
    trust: { root: await keys.root() },
    request: ({ headers, ...options }) => app.inject({ ...options, headers: { ...headers, 'x-test-principal': JSON.stringify(admin) } }),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Expects an API answer's status, showing its body when it differs. */
export async function expectStatus(status: number, answer: Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const response = await answer;
  if (response.statusCode !== status) throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  return response;
}
