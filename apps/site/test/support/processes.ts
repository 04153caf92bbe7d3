import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * Real processes for the site's end-to-end and crash tests: the site (`apps/site/src/main.ts`)
 * and the authority, each started as an operator starts them and awaited by the line saying
 * where it listens — never by sleeping. They run as `node --import tsx <script>`, one process
 * each, so a SIGKILL reaches the server itself and not a wrapper around it.
 */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** Loading the TypeScript sources, opening PGlite and migrating takes a while on a busy machine. */
export const STARTUP_TIMEOUT_MS = 180_000;

export interface RunningProcess {
  readonly child: ChildProcess;
  /** Resolves when the process ends, with its exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Everything it wrote on stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then waits for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (`kill -9`), then waits for the end. */
  kill(): Promise<void>;
}

/**
 * Starts `node --import tsx <script>` from the repository root with exactly this environment
 * (and PATH), and resolves once its output matches `listening` — with the match. Rejects, with
 * the output, if it exits or stays silent for `STARTUP_TIMEOUT_MS`.
 */
function startProcess(script: string, env: Record<string, string>, listening: RegExp): Promise<{ process: RunningProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, ['--conditions=airlock-source', '--import', 'tsx', script], {
    cwd: REPOSITORY_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running: RunningProcess = {
    child,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not listen within ${STARTUP_TIMEOUT_MS} ms:\n${output}`));
    }, STARTUP_TIMEOUT_MS);
    let found = false;
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = found ? null : listening.exec(output);
      if (match) {
        found = true;
        clearTimeout(timer);
        resolve({ process: running, match });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      if (!found) reject(new Error(`${script} exited (${code ?? child.signalCode}) before listening:\n${output}`));
    });
  });
}

export interface SiteProcess extends RunningProcess {
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

export interface AuthorityProcess extends RunningProcess {
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
