import { spawn } from 'node:child_process';
import { runChecks } from './run-checks.ts';

/**
 * `npm test`: the static checks (`npm run checks`) and the whole suite (`vitest run`) at once.
 * The suite's files wait on child processes, PostgreSQL and the browser part of the time, and the
 * checks fill that time on the two cores instead of running first on their own (docs/testing.md).
 * The suite prints as it runs; the checks' output comes as one block when they end, and the
 * suite's summary comes last. Fails when either does; arguments go to vitest.
 */
const vitest = spawn('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
const testsEnded = new Promise<number>((resolve, reject) => {
  vitest.once('error', reject);
  vitest.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
});
const checksPassed = await runChecks();
const testsCode = await testsEnded;
if (!checksPassed) process.stdout.write('npm test: the static checks FAILED (their output is above)\n');
process.exitCode = testsCode !== 0 ? testsCode : checksPassed ? 0 : 1;
