import { authorityProgram } from '@airlock/authority/cli';
import { runProgram, type Io, type Program } from '@airlock/cli-kit';
import { versionReport, versionText } from '@airlock/core/version';
import { siteProgram } from '@airlock/site/cli';

/**
 * The workspace's `airlock`: the authority's commands and the site's in one program, so that a
 * developer, the tests and `npm start` run every command line from source. A command line goes to
 * the command whose words begin it, so `site register` (a vendor's command) is the authority's and
 * every other `site …` the site's. The distributions carry `airlock-site` and `airlock-authority`,
 * each with its own half (docs/building.md).
 */
export const workspaceProgram: Program = {
  commands: [...authorityProgram.commands, ...siteProgram.commands],
  version: versionText(versionReport('workspace')),
  groups: [...(authorityProgram.groups ?? []), ...(siteProgram.groups ?? [])],
  notes: [...authorityProgram.notes, ...siteProgram.notes],
};

/**
 * Runs one `airlock` command line and resolves with its exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await main(['customer', 'approve', requestId, '--json']);
 * ```
 */
export function main(argv: readonly string[], io?: Io): Promise<number> {
  return runProgram(workspaceProgram, argv, io);
}
