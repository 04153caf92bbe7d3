import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { BUILD_LOCK, REPOSITORY } from '../release/release.ts';

/**
 * The e2e tier's global set-up: brings every package's `dist/` up to date (`tsc -b
 * tsconfig.build.json`, what `npm run build` runs; a second or two when nothing changed) before
 * any of its files runs, because the processes its tests start run the compiled code where there
 * is some (`processCommand` in `@airlock/http/testing`, docs/testing.md). It holds the lock the
 * release holds while it builds (`BUILD_LOCK`), so the two never write `dist/` at once. A build
 * that fails fails the tier, with what tsc said. In watch mode it builds again before each rerun.
 */
export default async function setup(project: TestProject): Promise<void> {
  await build();
  project.onTestsRerun(build);
}

async function build(): Promise<void> {
  const tsc = join(REPOSITORY, 'node_modules', '.bin', 'tsc');
  await new Promise<void>((resolve, reject) => {
    execFile('flock', [BUILD_LOCK, tsc, '-b', 'tsconfig.build.json'], { cwd: REPOSITORY, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve();
      else
        reject(
          new Error(`the e2e tier runs the compiled code, and \`tsc -b tsconfig.build.json\` failed (${error.message.split('\n')[0]}):\n${stdout}${stderr}`),
        );
    });
  });
}
