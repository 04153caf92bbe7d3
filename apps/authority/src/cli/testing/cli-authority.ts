import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createApiToken,
  createApp,
  createAuthenticator,
  openDatabase,
  openPersistentAuthorityKeys,
  permissions,
  type OpenedDatabase,
  type Permission,
  type PersistentAuthorityKeys,
} from '@airlock/authority';
import type { Random } from '@airlock/core';
import type { Clock } from '@airlock/core/internal';
import { runCommandLine, type CommandRun } from '@airlock/cli-kit/testing';
import { TEST_HASHING, useHashingForTests } from '@airlock/http';
import { main } from '../main.ts';

// The accounts the command-line tests make need no more than argon2's light parameters (passwords.ts).
useHashingForTests(TEST_HASHING);

/** An authority listening on 127.0.0.1 for a test of the command lines, and a way to run them against it. */
export interface CliAuthority {
  /** Where it listens (`AIRLOCK_URL`). */
  readonly url: string;
  /** A real API token holding the scopes asked for (`AIRLOCK_TOKEN`). */
  readonly token: string;
  /** Its store, for what a test checks behind the API (the audit log, rows a route does not show). */
  readonly db: OpenedDatabase['db'];
  readonly keys: PersistentAuthorityKeys;
  /** The directory the command lines run in: the files they read and write. */
  readonly files: string;
  /** The wall clock and randomness the authority runs on. */
  readonly clock: Clock;
  readonly random: Random;
  /** Runs one `airlock` command line against it, with `AIRLOCK_URL` and `AIRLOCK_TOKEN` set (`env` adds or overrides). */
  run(args: readonly string[], env?: Readonly<Record<string, string>>): Promise<CommandRun>;
  /** Calls its API with the token (`bearer: false`: without) and returns the answer's JSON; throws unless the answer is 2xx. */
  api<T = unknown>(method: string, path: string, body?: unknown, options?: { readonly bearer?: boolean }): Promise<T>;
  /** Stops it, closes its store and removes the files. */
  close(): Promise<void>;
}

/**
 * Starts an authority as the command-line tests use it: an embedded store of its own, persistent
 * keys, the production authenticator, listening on 127.0.0.1, and an API token minted by the
 * accounts feature's use case — so every command line crosses the HTTP edge a deployed
 * authority has. `name` names the token, the passphrase and the files' directory.
 *
 * @example
 * ```ts
 * const cli = await startCliAuthority({ name: 'cli orders' });
 * expect((await cli.run(['product', 'create', '--id', 'studio', '--name', 'Studio'])).code).toBe(0);
 * await cli.close();
 * ```
 */
export async function startCliAuthority({
  name,
  scopes = permissions,
  webhookPollMs,
}: {
  readonly name: string;
  /** The token's scopes: every permission unless given. */
  readonly scopes?: readonly Permission[];
  /** When given, the authority delivers webhooks, looking for due deliveries this often. */
  readonly webhookPollMs?: number;
}): Promise<CliAuthority> {
  const clock: Clock = { now: () => new Date() };
  const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };
  const files = await mkdtemp(join(tmpdir(), `airlock-${name.replaceAll(' ', '-')}-`));
  const database = await openDatabase({ kind: 'embedded', dataDir: null });
  const keys = await openPersistentAuthorityKeys(database.db, { clock, random, passphrase: `the ${name} passphrase` });
  const app = await createApp({
    db: database.db,
    clock,
    random,
    keys,
    authenticate: createAuthenticator(database.db, clock),
    ...(webhookPollMs === undefined ? {} : { webhooks: { sealing: keys.sealing, pollMs: webhookPollMs } }),
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const { token } = await createApiToken(
    database.db,
    { name, scopes: [...scopes] },
    { actor: 'admin:test', now: clock.now(), random, principal: { kind: 'admin', id: 'test' } },
  );
  return {
    url,
    token,
    db: database.db,
    keys,
    files,
    clock,
    random,
    run: (args, env = {}) => runCommandLine(main, args, { env: { AIRLOCK_URL: url, AIRLOCK_TOKEN: token, ...env }, cwd: files }),
    async api<T>(method: string, path: string, body?: unknown, { bearer = true }: { readonly bearer?: boolean } = {}): Promise<T> {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { ...(bearer ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
    async close() {
      await app.close();
      await database.close();
      await rm(files, { recursive: true, force: true });
    },
  };
}
