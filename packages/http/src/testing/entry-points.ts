import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, from this file's place in it. */
const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The programs the end-to-end tests run as processes that have a compiled counterpart, by their
 * entry point in the workspace (from the repository's root): the file run in its place, and the
 * compiled files that must be there for it (docs/testing.md, "What the e2e tier runs compiled").
 * `npm run build` writes them; the e2e tier's global set-up (`tools/test-tiers/e2e-setup.ts`)
 * brings them up to date before any of its files runs.
 */
const compiledEntryPoints: Readonly<Record<string, { readonly run: string; readonly needs: readonly string[] }>> = {
  'apps/site/src/main.ts': { run: 'apps/site/dist/main.js', needs: ['apps/site/dist/main.js'] },
  'apps/authority/src/main.ts': { run: 'apps/authority/dist/main.js', needs: ['apps/authority/dist/main.js'] },
  // The workspace's `airlock`: each command line goes to `airlock-site` or `airlock-authority`.
  'packages/cli/bin/airlock.js': {
    run: 'packages/cli/bin/airlock-dist.js',
    needs: ['apps/site/dist/cli/main.js', 'apps/authority/dist/cli/main.js'],
  },
};

/** The condition under which the workspace packages resolve to their TypeScript source (docs/building.md). */
const SOURCE_CONDITION = '--conditions=airlock-source';

/** A process to start: `spawn(command, args, { env })`. */
export interface ProcessCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
}

/**
 * How the end-to-end tests run `entry` (a path from `cwd`, or absolute) with `args` and `env`:
 * its compiled counterpart, as an installation runs it, when it has one (`compiledEntryPoints`);
 * otherwise a TypeScript file (a test's own script) from source, `node --conditions=airlock-source
 * --import tsx`. A compiled program resolves the workspace packages to their `dist/` too:
 * `--conditions=airlock-source` is taken out of its NODE_OPTIONS. Throws when a compiled file is
 * missing, rather than run the source in its place: `npm run build` makes it.
 *
 * @example
 * ```ts
 * const { command, args, env } = processCommand('packages/cli/bin/airlock.js', ['site', 'status'], { PATH: process.env.PATH ?? '' });
 * execFile(command, args, { env }, callback);
 * ```
 */
export function processCommand(entry: string, args: readonly string[], env: Record<string, string>, cwd: string = REPOSITORY): ProcessCommand {
  const path = isAbsolute(entry) ? entry : resolve(cwd, entry);
  const compiled = compiledEntryPoint(path);
  if (compiled !== undefined) return { command: process.execPath, args: [compiled, ...args], env: withoutSourceCondition(env) };
  const tsx = path.endsWith('.ts') ? [SOURCE_CONDITION, '--import', 'tsx'] : [];
  return { command: process.execPath, args: [...tsx, path, ...args], env };
}

/**
 * The compiled file that runs in place of the entry point at `path` (absolute), or undefined
 * when it has none. Throws, naming them, when compiled files it needs are not there (`exists`).
 */
export function compiledEntryPoint(path: string, exists: (path: string) => boolean = existsSync): string | undefined {
  const compiled = compiledEntryPoints[relative(REPOSITORY, path).split('\\').join('/')];
  if (compiled === undefined) return undefined;
  const missing = compiled.needs.filter((file) => !exists(join(REPOSITORY, file)));
  if (missing.length > 0) {
    throw new Error(
      `${path} runs compiled in the tests, and ${missing.join(', ')} is missing: run \`npm run build\` ` +
        '(`vitest run --project e2e` builds it first; docs/testing.md)',
    );
  }
  return join(REPOSITORY, compiled.run);
}

/** `env` with `--conditions=airlock-source` taken out of its NODE_OPTIONS, so that workspace packages resolve to their `dist/`. */
export function withoutSourceCondition(env: Record<string, string>): Record<string, string> {
  if (env.NODE_OPTIONS === undefined) return env;
  const options = env.NODE_OPTIONS.split(/\s+/).filter((option) => option !== '' && option !== SOURCE_CONDITION);
  return { ...env, NODE_OPTIONS: options.join(' ') };
}
