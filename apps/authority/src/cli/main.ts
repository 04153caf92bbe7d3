import { runProgram, type Io } from '@airlock/cli-kit';
import { authorityProgram } from './index.ts';

/**
 * Runs one `airlock-authority` command line and resolves with its exit code. It takes the same
 * command lines as the workspace's `airlock` (`airlock-authority authority start`).
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export function main(argv: readonly string[], io?: Io): Promise<number> {
  return runProgram(authorityProgram, argv, io);
}
