import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runServerProcess, type ServerProcess } from '@airlock/http/testing';

/**
 * Real processes for the site's end-to-end and crash tests: the site (`apps/site/src/main.ts`,
 * run compiled as `apps/site/dist/main.js`) and the authority on a test clock (a test script,
 * `clocked-authority.ts`, run through tsx), each started as an operator starts them and awaited
 * by the line saying where it listens — never by sleeping. One process each (`runServerProcess`),
 * so a SIGKILL reaches the server itself and not a wrapper around it.
 */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** Loading the code, opening PGlite and migrating takes a while on a busy machine. */
export const STARTUP_TIMEOUT_MS = 180_000;

/**
 * Starts `script` (from the repository root) with exactly this environment (and PATH), and
 * resolves once it says `listening` on stderr — with the match. Rejects, with its output, if it
 * exits first or stays silent for `STARTUP_TIMEOUT_MS` (it is killed then).
 */
async function startProcess(script: string, env: Record<string, string>, listening: RegExp): Promise<{ process: ServerProcess; match: RegExpExecArray }> {
  const started = runServerProcess(script, REPOSITORY_ROOT, env);
  return { process: started, match: await started.said(listening, STARTUP_TIMEOUT_MS) };
}

export interface SiteProcess extends ServerProcess {
  readonly url: string;
}

/** The site, as `airlock site start` runs it, on the data directory and clock `env` names. */
export async function startSiteProcess(env: Record<string, string>): Promise<SiteProcess> {
  const { process: site, match } = await startProcess(
    'apps/site/src/main.ts',
    { AIRLOCK_SITE_PORT: '0', AIRLOCK_SITE_LOG_LEVEL: 'warn', ...env },
    /listening on (http:\/\/\S+) /,
  );
  return { ...site, url: match[1]! };
}

export interface AuthorityProcess extends ServerProcess {
  readonly url: string;
  /** An API token holding every permission (see `clocked-authority.ts`). */
  readonly token: string;
}

/** The authority on the test clock `env.AIRLOCK_TEST_CLOCK_FILE` (see `clocked-authority.ts`). */
export async function startAuthorityProcess(env: Record<string, string>): Promise<AuthorityProcess> {
  const { process: authority, match } = await startProcess(
    'apps/site/test/support/clocked-authority.ts',
    { AIRLOCK_PORT: '0', AIRLOCK_LOG_LEVEL: 'warn', ...env },
    /listening on (http:\/\/\S+); API token (\S+)/,
  );
  return { ...authority, url: match[1]!, token: match[2]! };
}

/** A TCP port free on loopback now, so that a server restarted on it keeps its address. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port was given'))));
    });
  });
}
