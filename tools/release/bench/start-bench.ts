import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestAuthority } from '@airlock/core/testing';
import { run, startServer, type Namespace } from '../test/installed.ts';

/**
 * How fast the built servers answer a person and start, each beside `node -e ''` measured in
 * the same run (docs/building.md): `--help` of each server's command, the authority's first
 * start on a new embedded store and its restart, and a site's start. It runs the built
 * JavaScript (`npm run build`, run here first; quick when nothing changed), as an installation
 * runs it, not the TypeScript source, with the store template an installation carries. Each figure is the median of TURNS runs.
 */
const TURNS = 5;
const repository = fileURLToPath(new URL('../../..', import.meta.url));
const authorityBin = join(repository, 'apps/authority/bin/airlock-authority.js');
const siteBin = join(repository, 'apps/site/bin/airlock-site.js');
const say = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 0 });
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** This machine as a namespace: the servers run here, on its loopback. */
const host: Namespace = {
  pid: process.pid,
  enter: (command, args) => [command, [...args]],
  run: (command, args, options) => run(command, args, options),
  close: () => Promise.resolve(),
};

function timedRun(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
  return performance.now() - started;
}

/** The median time from spawning a server to its "listening on" line, over `turns` starts. */
async function starts(bin: string, args: readonly string[], env: Record<string, string>, turns: number): Promise<number[]> {
  const times: number[] = [];
  for (let turn = 0; turn < turns; turn++) {
    const server = await startServer(host, process.execPath, [bin, ...args], env);
    times.push(server.startMs);
    await server.stop();
  }
  return times;
}

const build = spawnSync('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: repository, stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');
// The release carries the embedded store's template made by the compiled code (named by it); a
// first start measured without it would time making the template, not starting.
const template = spawnSync(process.execPath, [join(repository, 'apps/authority/dist/db/prepare-store.js')], { cwd: repository, stdio: 'inherit' });
if (template.status !== 0) throw new Error('preparing the embedded store template failed');
const root = await mkdtemp(join(tmpdir(), 'airlock-start-bench-'));
try {
  say(`\nStarting the built servers (Node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((value) => value.toFixed(2)).join(', ')})`);
  const bare = median(Array.from({ length: TURNS }, () => timedRun(['-e', ''])));
  const authorityHelp = median(Array.from({ length: TURNS }, () => timedRun([authorityBin, '--help'])));
  const siteHelp = median(Array.from({ length: TURNS }, () => timedRun([siteBin, '--help'])));

  const authorityEnv = { HOME: root, AIRLOCK_DATA_DIR: join(root, 'authority'), AIRLOCK_KEY_PASSPHRASE: 'the start bench passphrase', AIRLOCK_PORT: '0', AIRLOCK_LOG_LEVEL: 'warn' };
  const [firstStart] = await starts(authorityBin, ['authority', 'start'], authorityEnv, 1);
  const authorityRestart = median(await starts(authorityBin, ['authority', 'start'], authorityEnv, TURNS));

  const rootKey = join(root, 'root.jwk');
  await writeFile(rootKey, JSON.stringify((await createTestAuthority('start-bench')).root.publicJwk));
  const siteEnv = {
    HOME: root, AIRLOCK_SITE_DATA_DIR: join(root, 'site'), AIRLOCK_SITE_WITNESS_DIR: join(root, 'witness'),
    AIRLOCK_SITE_PASSPHRASE: 'the start bench passphrase', AIRLOCK_SITE_PORT: '0', AIRLOCK_SITE_LOG_LEVEL: 'warn',
  };
  const init = spawnSync(process.execPath, [siteBin, 'site', 'init', '--root-key', rootKey], { env: { ...process.env, ...siteEnv }, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`site init failed: ${init.stderr}`);
  const siteStart = median(await starts(siteBin, ['site', 'start'], siteEnv, TURNS));

  const rows = [
    ['airlock-authority --help', authorityHelp, 150],
    ['airlock-site --help', siteHelp, 150],
    ['authority first start (new embedded store)', firstStart!, 2_000],
    ['authority restart (embedded store)', authorityRestart, 2_000],
    ['site start', siteStart, 1_000],
  ] as const;
  say(`\n${'scenario'.padEnd(44)}  ${'figure'.padStart(10)}  ${"node -e ''".padStart(10)}  ${'ratio'.padStart(7)}  target`);
  for (const [scenario, figure, target] of rows) {
    say(`${scenario.padEnd(44)}  ${`${fmt(figure)} ms`.padStart(10)}  ${`${fmt(bare)} ms`.padStart(10)}  ${`${(figure / bare).toFixed(1)}×`.padStart(7)}  < ${fmt(target)} ms ${figure < target ? 'met' : 'MISSED'}`);
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
