import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compiledEntryPoint, processCommand, withoutSourceCondition } from './entry-points.ts';

const repository = fileURLToPath(new URL('../../../../', import.meta.url));
const at = (path: string) => join(repository, path);

describe('the processes the end-to-end tests start', () => {
  it('run the servers and the workspace airlock compiled, each in place of its source entry point', () => {
    const everything = () => true;
    expect(compiledEntryPoint(at('apps/site/src/main.ts'), everything)).toBe(at('apps/site/dist/main.js'));
    expect(compiledEntryPoint(at('apps/authority/src/main.ts'), everything)).toBe(at('apps/authority/dist/main.js'));
    expect(compiledEntryPoint(at('packages/cli/bin/airlock.js'), everything)).toBe(at('packages/cli/bin/airlock-dist.js'));
  });

  it('refuse to start one whose compiled files are missing, rather than run the source in its place', () => {
    const noSiteCli = (path: string) => path !== at('apps/site/dist/cli/main.js');
    expect(() => compiledEntryPoint(at('packages/cli/bin/airlock.js'), noSiteCli)).toThrow(
      /packages\/cli\/bin\/airlock\.js runs compiled in the tests, and apps\/site\/dist\/cli\/main\.js is missing: run `npm run build`/,
    );
    expect(() => compiledEntryPoint(at('apps/authority/src/main.ts'), () => false)).toThrow(/apps\/authority\/dist\/main\.js is missing/);
  });

  it("run a test's own script, which has no compiled counterpart, from source through tsx", () => {
    const env = { PATH: '/usr/bin', NODE_OPTIONS: '--conditions=airlock-source' };
    expect(compiledEntryPoint(at('apps/site/test/support/clocked-authority.ts'), () => false)).toBeUndefined();
    expect(processCommand('apps/site/test/support/clocked-authority.ts', ['--x'], env, repository)).toEqual({
      command: process.execPath,
      args: ['--conditions=airlock-source', '--import', 'tsx', at('apps/site/test/support/clocked-authority.ts'), '--x'],
      env,
    });
  });

  it('give compiled code an environment in which the workspace packages resolve to dist/', () => {
    expect(withoutSourceCondition({ PATH: '/bin', NODE_OPTIONS: '--max-old-space-size=512 --conditions=airlock-source' })).toEqual({
      PATH: '/bin',
      NODE_OPTIONS: '--max-old-space-size=512',
    });
    expect(withoutSourceCondition({ PATH: '/bin' })).toEqual({ PATH: '/bin' });
  });
});
