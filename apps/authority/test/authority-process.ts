import { fileURLToPath } from 'node:url';
import { runServerProcess, type ServerProcess } from '@airlock/http/testing';
import { freshPostgresDatabase } from './harness.ts';

/**
 * A real authority process for the end-to-end tests, `src/main.ts` compiled (`dist/main.js`,
 * `runServerProcess`) started as an operator would, on the embedded store and (when AIRLOCK_TEST_POSTGRES_URL is set) on PostgreSQL. Shared
 * by the authority's end-to-end test and the SDKs' (sdks/test/devices.e2e.test.ts).
 */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const postgresUrl = process.env.AIRLOCK_TEST_POSTGRES_URL;
export const STARTUP_TIMEOUT_MS = 120_000;

export interface StoreUnderTest {
  readonly name: string;
  /** Environment for the authority (besides the data dir), and how to clean up after it. */
  prepare(): Promise<{ env: Record<string, string>; dispose(): Promise<void> }>;
}

export const stores: StoreUnderTest[] = [
  { name: 'embedded PGlite', prepare: () => Promise.resolve({ env: {}, dispose: () => Promise.resolve() }) },
  ...(postgresUrl
    ? [
        {
          name: 'PostgreSQL',
          async prepare() {
            const fresh = await freshPostgresDatabase(postgresUrl);
            if (fresh.config.kind !== 'postgres') throw new Error('a PostgreSQL database was expected');
            return { env: { DATABASE_URL: fresh.config.url }, dispose: () => fresh.dispose() };
          },
        },
      ]
    : []),
];

export interface AuthorityProcess extends ServerProcess {
  readonly url: string;
  readonly firstAdmin: { email: string; password: string };
}

/** Starts `src/main.ts` as an operator would, and waits for the lines saying where it listens and who its first administrator is. */
export async function startAuthority(env: Record<string, string>): Promise<AuthorityProcess> {
  const authority = runServerProcess('apps/authority/src/main.ts', repositoryRoot, { AIRLOCK_PORT: '0', AIRLOCK_LOG_LEVEL: 'warn', ...env });
  const [[, email, password], [, url]] = await Promise.all([
    authority.said(/First administrator: (\S+), one-time password: (\S+) \(/, STARTUP_TIMEOUT_MS),
    authority.said(/listening on (https?:\/\/\S+) /, STARTUP_TIMEOUT_MS),
  ]);
  return { ...authority, url: url!, firstAdmin: { email: email!, password: password! } };
}

/**
 * Stops the process unless it has exited, and waits for it: SIGTERM first, as an operator stops it
 * (the authority then closes its database connections), then SIGKILL after `graceMs`.
 */
export async function stopAuthority(authority: AuthorityProcess | undefined, graceMs = 30_000): Promise<void> {
  const child = authority?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([
    authority.exited.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
  ]);
  clearTimeout(timer);
  if (!stopped) {
    child.kill('SIGKILL');
    await authority.exited;
  }
}
