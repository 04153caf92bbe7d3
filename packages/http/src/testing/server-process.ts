import { spawn, type ChildProcess } from 'node:child_process';
import { processCommand } from './entry-points.ts';

/** A server started as its own process by a test. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** The URL from its "listening on …" line on standard error, or null when it exited first. */
  readonly listening: Promise<string | null>;
  /** Its exit code once it ends (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Everything it wrote on standard error so far. */
  stderr(): string;
  /** Everything it wrote on standard output and standard error so far, as it came. */
  output(): string;
  /**
   * Resolves, with the match, once it has written a line matching `pattern` on standard error.
   * Rejects, with its output, if it exits first, or if `withinMs` is given and it stays silent
   * that long (it is then killed).
   */
  said(pattern: RegExp, withinMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM (unless it has ended), then its exit code; SIGKILL if it still runs `graceMs` later, when given. */
  stop(graceMs?: number): Promise<number | null>;
  /** SIGKILL (`kill -9`, unless it has ended), then waits for the end. */
  kill(): Promise<void>;
}

/**
 * Runs a server as an operator runs it, in a process of its own, from `cwd`, with exactly `env`
 * and PATH: `entry` (a path from `cwd`, or absolute) with `args`, compiled where it has a compiled
 * counterpart, else from its TypeScript source through tsx (`processCommand`, docs/testing.md).
 * One process, no wrapper, so that a SIGKILL reaches the server itself. For the tests of the
 * authority's and the site's processes; never for production.
 *
 * @example
 * ```ts
 * const site = runServerProcess('apps/site/src/main.ts', repository, { AIRLOCK_SITE_PORT: '0' });
 * const url = await site.listening;
 * ```
 */
export function runServerProcess(entry: string, cwd: string, env: Record<string, string>, args: readonly string[] = []): ServerProcess {
  const run = processCommand(entry, args, { PATH: process.env.PATH ?? '', ...env }, cwd);
  const name = [entry, ...args].join(' ');
  const child = spawn(run.command, run.args, { cwd, env: run.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let output = '';
  const waiting = new Set<() => void>();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Closed once it has ended and all it wrote has been read.
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const running = () => child.exitCode === null && child.signalCode === null;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
    for (const check of [...waiting]) check();
  });

  function said(pattern: RegExp, withinMs?: number): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const timer =
        withinMs === undefined
          ? undefined
          : setTimeout(() => {
              finish();
              if (running()) child.kill('SIGKILL');
              reject(new Error(`${name} did not say ${pattern} within ${withinMs} ms:\n${output}`));
            }, withinMs);
      const check = () => {
        const match = pattern.exec(stderr);
        if (!match) return;
        finish();
        resolve(match);
      };
      const finish = () => {
        clearTimeout(timer);
        waiting.delete(check);
      };
      waiting.add(check);
      check();
      void closed.then((code) => {
        if (!waiting.has(check)) return;
        check();
        if (!waiting.has(check)) return;
        finish();
        reject(new Error(`${name} exited (${code ?? child.signalCode}) before saying ${pattern}:\n${output}`));
      });
    });
  }

  const listening = said(/listening on (https?:\/\/\S+) /).then(
    (match) => match[1]!,
    () => null,
  );
  return {
    child,
    listening,
    exited,
    stderr: () => stderr,
    output: () => output,
    said,
    async stop(graceMs) {
      if (!running()) return exited;
      child.kill('SIGTERM');
      const timer =
        graceMs === undefined
          ? undefined
          : setTimeout(() => {
              if (running()) child.kill('SIGKILL');
            }, graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
  };
}
