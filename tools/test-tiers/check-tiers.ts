import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVitest } from 'vitest/node';

/**
 * Every test file in exactly one tier (`npm run test:tiers`, run by `npm test`; docs/testing.md):
 * asks vitest which project runs which file, with the configuration as it is, and compares that
 * with every `*.test.ts` git knows of or would add (so a new file counts before its commit). A file
 * in no tier would never run; a file in two would run twice.
 */
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function testFilesInRepository(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.test.ts'], { cwd: root, encoding: 'utf8' });
  // A file deleted but not yet committed is still listed by --cached.
  return [...new Set(listed.split('\n').filter((line) => line !== ''))].sort();
}

async function tiersOfFiles(): Promise<Map<string, string[]>> {
  const vitest = await createVitest('test', { watch: false, config: resolve(root, 'vitest.config.ts') }, {}, {});
  try {
    const tiers = new Map<string, string[]>();
    for (const specification of await vitest.globTestSpecifications()) {
      const file = relative(root, specification.moduleId);
      tiers.set(file, [...(tiers.get(file) ?? []), specification.project.name]);
    }
    return tiers;
  } finally {
    await vitest.close();
  }
}

const tiersOf = await tiersOfFiles();
const problems: string[] = [];
for (const file of testFilesInRepository().filter((path) => existsSync(resolve(root, path)))) {
  const tiers = tiersOf.get(file) ?? [];
  if (tiers.length === 0) problems.push(`${file}: in no tier, so it never runs (see tools/test-tiers/tiers.ts)`);
  if (tiers.length > 1) problems.push(`${file}: in ${tiers.length} tiers (${tiers.join(', ')}), so it runs more than once`);
}
const counts = new Map<string, number>();
for (const tiers of tiersOf.values()) for (const tier of tiers) counts.set(tier, (counts.get(tier) ?? 0) + 1);
if (problems.length > 0) {
  process.stderr.write(`test tiers: ${problems.length} test file(s) not in exactly one tier:\n${problems.map((line) => `  ${line}`).join('\n')}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(`test tiers: every test file in exactly one tier (${[...counts].map(([tier, count]) => `${tier} ${count}`).join(', ')})\n`);
}
