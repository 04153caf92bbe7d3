import { runProgram, type Io } from '@airlock/cli-kit';
import { siteProgram } from './index.ts';

/**
 * Runs one `airlock-site` command line and resolves with its exit code. It takes the same
 * command lines as the workspace's `airlock` (`airlock-site site init --root-key root.jwk`).
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export function main(argv: readonly string[], io?: Io): Promise<number> {
  return runProgram(siteProgram, argv, io);
}
