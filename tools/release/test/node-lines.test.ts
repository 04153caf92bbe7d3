import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CARRIED_NODE_LINE, nodeRuntime, type NodeLine } from '../node-runtime.ts';
import { REPOSITORY } from '../release.ts';

/**
 * The unit tier on the other Node.js lines Airlock runs on (README, "What each part runs on"):
 * the servers' releases carry 24 (CARRIED_NODE_LINE), and the SDK's tarballs are for 20.19 and
 * later. The rest of the suite runs on the Node.js that runs it; here the pure tier runs again on
 * the pinned official builds, where a runtime's difference shows first (Node.js 24 refuses a
 * private JWK whose `x` is not its own, which 20 and 22 accept). On 22, the packages the npm
 * tarballs carry (the SDK, the core, the API client, what the command lines share); on 24, which
 * runs the servers too, the whole tier.
 */
const LINES: Readonly<Record<NodeLine, readonly string[]>> = {
  '22': ['packages/core', 'packages/sdk', 'packages/client', 'packages/cli-kit'],
  '24': [],
};
// The unit tier takes about half a minute on a quiet machine, minutes beside the rest of the suite.
const TIER_TIMEOUT_MS = 600_000;

function runTier(node: string, paths: readonly string[]): Promise<{ code: number; output: string }> {
  // Nothing of this test run reaches the child runner: no worker ids, no loader options.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS' && name !== 'TEST'));
  return new Promise((resolve) => {
    execFile(
      node,
      // One worker: it runs beside the rest of the suite, which has the cores already.
      ['node_modules/vitest/vitest.mjs', 'run', '--project', 'unit', '--reporter', 'dot', '--maxWorkers', '1', ...paths],
      { cwd: REPOSITORY, env: { ...env, CI: 'true', NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024, timeout: TIER_TIMEOUT_MS },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}\n${stderr}` }),
    );
  });
}

describe('the unit tier on the other Node.js lines', () => {
  it('runs the whole tier on the line the releases carry', () => {
    expect(LINES[CARRIED_NODE_LINE]).toEqual([]);
  });

  it.each(Object.entries(LINES) as [NodeLine, readonly string[]][])(
    'passes on the official Node.js %s build',
    async (line, paths) => {
      const runtime = await nodeRuntime(line);
      const { code, output } = await runTier(runtime.node, paths);
      const failures = output.split('\n').filter((text) => /(^|\s)FAIL\s|^\s*×\s/.test(text));
      expect({ code, failures: failures.slice(0, 40) }).toEqual({ code: 0, failures: [] });
      expect(output).toMatch(/Tests\s+\d+ passed \(\d+\)/);
      expect(output).not.toMatch(/\bskipped\b/);
    },
    TIER_TIMEOUT_MS + 60_000,
  );
});
