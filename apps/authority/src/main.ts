import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isAirlockError, type Random } from '@airlock/core';
import { type Clock } from '@airlock/core/internal';
import { decideListen, ListenPolicyError, loadTls, serveTlsFiles, stopSignal, TlsError } from '@airlock/http';
import type { FastifyInstance } from 'fastify';
import { createApp } from './app.ts';
import { ConfigError, listenVariables, readConfig, type AuthorityConfig } from './config.ts';
import { openDatabase, type StoreConfig } from './db/database.ts';
import { ensureFirstAdmin } from './features/accounts/admins.ts';
import { mailSettingsOf } from './features/orders/mail-settings.ts';
import { reminderSettingsOf } from './features/reminders/reminder-settings.ts';
import { defaultRetrySchedule } from './features/webhooks/webhook-backoff.ts';
import { createAuthenticator } from './http/authenticate.ts';
import { readKeyPassphrase } from './keys/key-passphrase.ts';
import { createSecretSealer } from './features/sso/secret-sealer.ts';
import { openPersistentAuthorityKeys } from './keys/persistent-authority-keys.ts';
import { deriveSealingKey, newSalt } from './keys/sealed-seed.ts';

/** Where the authority tells its operator what only happens once (a new key file, the first password). */
export type Say = (line: string) => void;

export interface RunningAuthority {
  readonly app: FastifyInstance;
  /** The address it listens on, e.g. `http://127.0.0.1:7300`. */
  readonly url: string;
  /** Stops taking requests, lets those under way finish, then closes the database. */
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };
const systemRandom: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };
const sayOnStderr: Say = (line) => process.stderr.write(`${line}\n`);

/**
 * The one place the authority's dependencies are wired: the real clock and random source, the
 * database (migrated), the keys (made on the first start), the first administrator, the
 * authenticator. Then it listens.
 *
 * @example
 * ```ts
 * const running = await startAuthority(readConfig(process.env));
 * // ... later
 * await running.close();
 * ```
 */
export async function startAuthority(config: AuthorityConfig, say: Say = sayOnStderr): Promise<RunningAuthority> {
  const [clock, random] = [systemClock, systemRandom];
  const secret = await readKeyPassphrase(config.keySecret, random);
  if (secret.createdFile)
    say(
      `Created the key file ${secret.createdFile}: the authority's private keys are sealed under it. Back it up with the data; every replica needs the same one (or set AIRLOCK_KEY_PASSPHRASE).`,
    );
  if (secret.warning) say(`Warning: ${secret.warning}`);

  // A first start makes the keys, sealed under a key scrypt derives (deliberately slow): on the
  // thread pool, while this thread opens the store (docs/building.md, "Starting fast").
  const newSealing = secret.createdFile !== undefined || isNewEmbeddedStore(config.store) ? deriveSealingKey(secret.passphrase, newSalt(random)) : undefined;
  // Unused when the keys were there after all; a failure then is nobody's to report.
  newSealing?.catch(() => {});
  const database = await openDatabase(config.store);
  try {
    const keys = await openPersistentAuthorityKeys(database.db, { clock, random, passphrase: secret.passphrase, ...(newSealing ? { newSealing } : {}) });
    const root = await keys.root();
    if (keys.created) say(`Created the authority keys. Root key (sites and apps pin it; GET /v1/keys/root): ${JSON.stringify(root)}`);
    const firstAdmin = await ensureFirstAdmin(database.db, { clock, random });
    if (firstAdmin) say(`First administrator: ${firstAdmin.email}, one-time password: ${firstAdmin.password} (shown only now; change it at first sign-in).`);

    const listen = decideListen({ host: config.host, tls: config.tls !== null, allowPlainHttp: config.allowPlainHttp, variables: listenVariables });
    const tls = config.tls ? await loadTls(config.tls) : null;
    const app = await createApp(
      {
        db: database.db,
        clock,
        random,
        keys,
        authenticate: createAuthenticator(database.db, clock),
        mail: mailSettingsOf(config, { db: database.db, clock }),
        reminders: reminderSettingsOf(config.reminders, secret.passphrase),
        sso: { sealer: createSecretSealer(secret.passphrase, random), publicUrl: config.publicUrl },
        webhooks: {
          sealing: keys.sealing,
          allowHttp: config.webhooks.allowHttp,
          timeoutMs: config.webhooks.timeoutMs,
          pollMs: config.webhooks.pollMs,
          retry: { ...defaultRetrySchedule, baseMs: config.webhooks.retryBaseMs },
        },
        logger: { level: config.logLevel },
        ...(database.dumpDataDir ? { dumpDatabase: database.dumpDataDir } : {}),
      },
      { ...(tls ? { https: tls } : {}), trustProxy: config.trustProxy },
    );
    const url = await app.listen({ host: listen.host, port: config.port });
    say(
      `Airlock authority listening on ${url} (${database.store === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}); ${listen.notice}.`,
    );
    const reloader = tls && config.tls ? serveTlsFiles(app.server, config.tls, tls, config.tlsPollMs, say) : null;
    return {
      app,
      url,
      async close() {
        reloader?.close();
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * Reads the configuration, starts the authority and runs it until SIGTERM or SIGINT. Resolves
 * with the process's exit code: 0 after a clean stop, 1 when it cannot start (the reason and
 * its code said on stderr), 2 for a configuration error or a database a newer release migrated
 * (`DATABASE_TOO_NEW`, left untouched).
 */
export async function runAuthority(env: Readonly<Record<string, string | undefined>>, say: Say = sayOnStderr): Promise<number> {
  let running: RunningAuthority;
  try {
    running = await startAuthority(readConfig(env), say);
  } catch (error) {
    return explainStartFailure(error, say);
  }
  const signal = await stopSignal();
  say(`Received ${signal}: finishing requests under way, then stopping.`);
  await running.close();
  return 0;
}

/** An embedded store not made yet: the start that makes it also makes the keys. */
function isNewEmbeddedStore(store: StoreConfig): boolean {
  return store.kind === 'embedded' && store.dataDir !== null && !existsSync(join(store.dataDir, 'PG_VERSION'));
}

function explainStartFailure(error: unknown, say: Say): number {
  if (error instanceof ConfigError || error instanceof ListenPolicyError || error instanceof TlsError) {
    say(`airlock: ${error.message}`);
    return 2;
  }
  if (isAirlockError(error) && error.code === 'DATABASE_TOO_NEW') {
    say(`airlock: ${error.message} (${error.code}: ${JSON.stringify(error.detail)})`);
    say('airlock: run the release that migrated it (or newer), or restore the backup taken before that upgrade.');
    return 2;
  }
  if (isAirlockError(error)) {
    say(`airlock: ${error.message} (${error.code})`);
    if (error.code === 'KEY_PASSPHRASE_WRONG') say('airlock: set AIRLOCK_KEY_PASSPHRASE or AIRLOCK_KEY_FILE to the one the keys were created with.');
    return 1;
  }
  say(`airlock: the authority could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runAuthority(process.env);
}
