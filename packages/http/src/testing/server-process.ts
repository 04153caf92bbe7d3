import { spawn } from 'node:child_process';

/** A server started as its own process by a test, read from its standard error. */
export interface ServerProcess {
  /** The URL from its "listening on …" line, or null when it exited first. */
  readonly listening: Promise<string | null>;
  /** Its exit code once it ends (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Everything it wrote on standard error so far. */
  stderr(): string;
  /** Resolves once it has written a line matching `pattern` on standard error. */
  said(pattern: RegExp): Promise<void>;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs a server's TypeScript entry point as an operator runs the server, in a process of its own
 * (`node --conditions=airlock-source --import tsx <script>`, from `cwd`), with exactly `env` and
 * PATH. For the tests of the authority's and the site's processes; never for production.
 *
 * @example
 * ```ts
 * const site = runServerProcess(mainScript, repository, { AIRLOCK_SITE_PORT: '0' });
 * const url = await site.listening;
 * ```
 */
export function runServerProcess(script: string, cwd: string, env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--conditions=airlock-source', '--import', 'tsx', script], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const waiting: { pattern: RegExp; resolve: () => void }[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string | null>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const waiter of waiting.filter((candidate) => candidate.pattern.test(stderr))) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
      const url = /listening on (https?:\/\/\S+) /.exec(stderr)?.[1];
      if (url) resolve(url);
    });
    void exited.then(() => resolve(null));
  });
  return {
    listening,
    exited,
    stderr: () => stderr,
    said: (pattern) => (pattern.test(stderr) ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ pattern, resolve }))),
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
