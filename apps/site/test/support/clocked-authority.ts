import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { Random } from '@airlock/core';
import { createApiToken, createApp, createAuthenticator, openDatabase, openPersistentAuthorityKeys, permissions, readConfig } from '@airlock/authority';
import { fileClock } from '../../src/process/site-clock.ts';

/**
 * The authority for the site's end-to-end test: a real process, configured from the same
 * environment as `apps/authority/src/main.ts` (embedded store or DATABASE_URL, the sealed keys,
 * the port) and wired from the authority's own parts, but on a test clock — the ISO 8601
 * instant in the file AIRLOCK_TEST_CLOCK_FILE names, the very file the site's
 * AIRLOCK_SITE_TEST_CLOCK_FILE reads — so a test can let a week pass on both sides of the air
 * gap. `main.ts` runs on the system clock only, and a 7-day cycle window cannot be waited for.
 *
 * Instead of a first administrator it creates an API token holding every permission and says it
 * on stderr with the listening line: `... listening on <url>; API token <token>`. Stops on
 * SIGTERM or SIGINT.
 */
const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };
const say = (line: string) => process.stderr.write(`${line}\n`);

/** Starts the authority on the clock file; resolves with a function that stops it. */
export async function startClockedAuthority(env: Readonly<Record<string, string | undefined>>): Promise<() => Promise<void>> {
  const clockFile = env.AIRLOCK_TEST_CLOCK_FILE;
  if (clockFile === undefined || clockFile === '') throw new Error('set AIRLOCK_TEST_CLOCK_FILE: this authority runs on a test clock');
  const config = readConfig(env);
  if (config.keySecret.kind !== 'passphrase') throw new Error('set AIRLOCK_KEY_PASSPHRASE');
  const clock = fileClock(clockFile);
  if (config.store.kind === 'embedded') await mkdir(config.dataDir, { recursive: true });
  const database = await openDatabase(config.store);
  try {
    const { db } = database;
    const keys = await openPersistentAuthorityKeys(db, { clock, random, passphrase: config.keySecret.passphrase });
    const app = await createApp({
      db,
      clock,
      random,
      keys,
      authenticate: createAuthenticator(db, clock),
      logger: { level: config.logLevel },
      ...(database.dumpDataDir ? { dumpDatabase: database.dumpDataDir } : {}),
    });
    const url = await app.listen({ host: '127.0.0.1', port: config.port });
    const { token } = await createApiToken(
      db,
      { name: 'end-to-end', scopes: permissions },
      { actor: 'admin:end-to-end', now: clock.now(), random, principal: { kind: 'admin', id: 'end-to-end' } },
    );
    say(`Airlock authority on the test clock ${clockFile} listening on ${url}; API token ${token}`);
    return async () => {
      await app.close();
      await database.close();
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const stop = await startClockedAuthority(process.env);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  say(`Received ${signal}: stopping.`);
  await stop();
}
