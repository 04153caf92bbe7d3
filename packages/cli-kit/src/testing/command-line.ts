import type { Io } from '../command.ts';

/** What one command line did: its exit code and everything it wrote. */
export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Its standard output read as JSON (for `--json`). */
  json<T = Record<string, unknown>>(): T;
}

/**
 * Runs one command line in the test's process, through the `main` a program's executable runs
 * (`airlock-authority`, `airlock-site`), with the environment and directory a process would get,
 * and captures what it writes: a process per command line costs seconds of start-up, and the
 * executables themselves run as processes where that is the point (docs/testing.md).
 *
 * @example
 * ```ts
 * const listed = await runCommandLine(main, ['product', 'list', '--json'], { env: { AIRLOCK_URL: url, AIRLOCK_TOKEN: token }, cwd: files });
 * expect(listed.json()).toEqual([]);
 * ```
 */
export async function runCommandLine(
  main: (args: readonly string[], io: Io) => Promise<number>,
  args: readonly string[],
  { env, cwd }: { readonly env: Readonly<Record<string, string>>; readonly cwd: string },
): Promise<CommandRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    env,
    cwd,
    out: (text) => (stdout += `${text}\n`),
    err: (text) => (stderr += `${text}\n`),
  });
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}
