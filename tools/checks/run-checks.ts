import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * `npm run checks`: the static checks `npm test` runs before the tests (what `npm run lint`,
 * `npm run typecheck` and `npm run test:tiers` run), in two chains at once: ESLint, the longest,
 * beside Prettier, the import boundaries, knip, the typecheck and the tier check. ESLint spends
 * most of its time on one core, so the others fit beside it on the second (docs/testing.md). Each chain's output is printed whole when it ends, so the two never
 * interleave; the script fails when either chain does, after both have ended.
 */
const chains: readonly (readonly string[])[] = [['lint:eslint'], ['format:check', 'lint:boundaries', 'lint:unused', 'typecheck', 'test:tiers']];

interface Ended {
  readonly scripts: readonly string[];
  readonly failed: string | null;
  readonly seconds: number;
}

function runScript(script: string, output: Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

async function runChain(scripts: readonly string[]): Promise<Ended> {
  const started = performance.now();
  const output: Buffer[] = [];
  let failed: string | null = null;
  for (const script of scripts) {
    if ((await runScript(script, output)) !== 0) {
      failed = script;
      break;
    }
  }
  process.stdout.write(Buffer.concat(output));
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  return { scripts, failed, seconds };
}

/** Runs both chains, prints their output and a verdict line each, and resolves true when both passed. */
export async function runChecks(): Promise<boolean> {
  const ended = await Promise.all(chains.map(runChain));
  for (const chain of ended) {
    process.stdout.write(`checks: ${chain.scripts.join(', then ')}: ${chain.failed === null ? 'passed' : `${chain.failed} FAILED`} in ${chain.seconds} s\n`);
  }
  return ended.every((chain) => chain.failed === null);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = (await runChecks()) ? 0 : 1;
}
