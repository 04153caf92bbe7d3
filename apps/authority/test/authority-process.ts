import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freshPostgresDatabase } from './harness.ts';

/**
 * A real authority process for the end-to-end tests, started from `src/main.ts` as an operator
 * would, on the embedded store and (when AIRLOCK_TEST_POSTGRES_URL is set) on PostgreSQL. Shared
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

export interface AuthorityProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly firstAdmin: { email: string; password: string };
  readonly exited: Promise<number | null>;
  output(): string;
}

/** Starts `src/main.ts` with tsx as an operator would, and waits for the line saying where it listens. */
export function startAuthority(env: Record<string, string>): Promise<AuthorityProcess> {
  const child = spawn('node_modules/.bin/tsx', ['--conditions=airlock-source', 'apps/authority/src/main.ts'], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? '', AIRLOCK_PORT: '0', AIRLOCK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the authority did not listen within ${STARTUP_TIMEOUT_MS} ms:\n${output}`));
    }, STARTUP_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (https?:\/\/\S+) /.exec(output)?.[1];
      const admin = /First administrator: (\S+), one-time password: (\S+) \(/.exec(output);
      if (url && admin) {
        clearTimeout(timer);
        resolve({ child, url, firstAdmin: { email: admin[1]!, password: admin[2]! }, exited, output: () => output });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the authority exited (${code}) before listening:\n${output}`));
    });
  });
}

/**
 * Stops the process unless it has exited, and waits for it: SIGTERM first, as an operator stops it
 * (the `tsx` wrapper passes it on to the authority, which then closes its database connections),
 * then SIGKILL after `graceMs`. A SIGKILL alone would end the wrapper only and leave the authority
 * it started running.
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
