import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A real authority process for end-to-end tests: `apps/authority/src/main.ts` started with tsx
 * as an operator would, on a free port, reached over HTTP only. Shared by the authority's own
 * end-to-end test and the SDKs' (sdks/<language>/test/).
 */
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** How long a first start (migrations, key generation) may take. */
export const STARTUP_TIMEOUT_MS = 120_000;

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

/** Stops the process (if it still runs) and waits for it to exit. */
export async function stopAuthority(authority: AuthorityProcess | undefined): Promise<void> {
  const child = authority?.child;
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await authority.exited;
  }
}
