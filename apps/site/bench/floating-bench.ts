import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { generateKeyPair } from '@airlock/core';
import type { LoadOptions } from '@airlock/http/testing';
import Fastify from 'fastify';
import { systemRandom } from '../src/index.ts';
import { systemClock } from '../src/process/site-clock.ts';
import { feature, seat, TestAuthorityDesk } from '../src/testing/site-fixtures.ts';
import { compare, fmt, licensedSite as licensedSiteWith, met, percent, printTable, say, type LicensedSite, type Line } from './bench-kit.ts';

/**
 * The floating seats' scenarios of `npm run bench` (docs/floating.md), on a site started as
 * `airlock site start` starts it and licensed by a test authority's real documents, each beside
 * a raw baseline measured in the same run:
 * (1) lease grants over HTTP (each a signed lease document and a durable ledger record) and
 * (2) heartbeats over HTTP (answered from memory with a MAC; each lease's first heartbeat, which
 *     derives its key, made beforehand), both against an empty Fastify
 *     route in the same process taking the same bodies, loaded from a worker thread with 64
 *     requests in flight, in turns (the median of three runs of each);
 * (3) the CPU time of a site holding LEASES live leases, each renewed once a minute (LEASES
 *     heartbeats a minute, spread evenly, sent by another process), over WINDOW_MS, as a share of
 *     one core — against the same process serving the empty route at the same rate, in turns
 *     (the median of three windows of each, after a warm-up window), with feature checks of the
 *     enforcement API at the same rate beside them for reference;
 * (4) the memory a live lease takes: the heap after LEASES leases were granted and heartbeated
 *     once, less the heap before, per lease (after a full garbage collection each time).
 * A feature check under the load of (1) and (2) is printed for reference, and the site's CPU while
 * idle with the leases beside (3).
 * `AIRLOCK_BENCH_FLOATING_LEASES` and `AIRLOCK_BENCH_FLOATING_WINDOW_MS` change the third and fourth.
 */
const LEASES = Number(process.env.AIRLOCK_BENCH_FLOATING_LEASES ?? 10_000);
const WINDOW_MS = Number(process.env.AIRLOCK_BENCH_FLOATING_WINDOW_MS ?? 10_000);
/** The window of each steady load before the measured ones. */
const WARMUP_MS = 3_000;
const LOAD: LoadOptions = { concurrency: 64, warmupMs: 1_000, durationMs: 2_000 };
const TURNS = 3;
const TYPE = 'designer';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** A device's one-time X25519 key: the site only keeps it for the heartbeat key, so one serves every request. */
const deviceKey = generateKeyPair('X25519', systemRandom).publicJwk;

/** A site licensed with a million seats of TYPE and a feature. */
const licensedSite = (name: string) => licensedSiteWith(root, desk, name, [seat(TYPE, 1_000_000), feature('export')]);

/** (1) Lease grants over HTTP: each request from another device, so each is a new lease. */
async function leaseGrants(bench: LicensedSite, bareUrl: string): Promise<Line> {
  const body = JSON.stringify({ type: TYPE, user: 'ana', fingerprint: 'device-{n}', deviceKey });
  const headers = { authorization: `Bearer ${bench.appKey}` };
  const before = bench.running.site.floating.view('default').leases.length;
  const { site, empty } = await compare(
    { paths: ['/v1/tenants/default/leases'], body, headers },
    { paths: ['/empty'], body, headers },
    bench.running.url,
    bareUrl,
    LOAD,
    TURNS,
  );
  const granted = bench.running.site.floating.view('default').leases.length - before;
  if (granted < site.ok) throw new Error(`${site.ok} grants answered, ${granted} leases held`);
  return {
    scenario: `lease grant over HTTP, ${LOAD.concurrency} in flight`,
    figure: `${fmt(site.median)} req/s (${site.range}; each signed and durable before its answer)`,
    baseline: `${fmt(empty.median)} req/s (${empty.range}; empty Fastify POST route, same body)`,
    ratio: percent(site.median, empty.median),
    target: 'none set',
  };
}

/**
 * For reference, the enforcement API's lightest call, a feature check, under the same load: the
 * share of the empty route any route of the site's application API gets on this machine.
 */
async function featureChecks(bench: LicensedSite, bareUrl: string): Promise<Line> {
  const headers = { authorization: `Bearer ${bench.appKey}` };
  const { site, empty } = await compare(
    { paths: ['/v1/tenants/default/features/export/check'], body: '{}', headers },
    { paths: ['/empty'], body: '{}', headers },
    bench.running.url,
    bareUrl,
    LOAD,
    TURNS,
  );
  return {
    scenario: `(reference) feature check over HTTP, ${LOAD.concurrency} in flight`,
    figure: `${fmt(site.median)} req/s (${site.range})`,
    baseline: `${fmt(empty.median)} req/s (${empty.range}; empty Fastify POST route)`,
    ratio: percent(site.median, empty.median),
    target: 'see site-bench',
  };
}

/** (2) Heartbeats over HTTP, round the leases the grants left, each with a fresh nonce. */
async function heartbeats(bench: LicensedSite, bareUrl: string): Promise<Line> {
  const { floating } = bench.running.site;
  const ids = floating.view('default').leases.map((lease) => lease.leaseId);
  if (ids.length === 0) throw new Error('no lease to heartbeat');
  // A lease's first heartbeat derives its key, once in its life; what is measured is the steady state after.
  for (const [n, leaseId] of ids.entries()) floating.heartbeat('default', leaseId, `first-${n}`);
  const leases = ids.map((leaseId) => `/v1/tenants/default/leases/${leaseId}/heartbeat`);
  const body = '{"nonce":"n{n}"}';
  const headers = { authorization: `Bearer ${bench.appKey}` };
  const { site, empty } = await compare({ paths: leases, body, headers }, { paths: ['/empty'], body, headers }, bench.running.url, bareUrl, LOAD, TURNS);
  return {
    scenario: `heartbeat over HTTP, ${LOAD.concurrency} in flight, round ${fmt(leases.length)} leases`,
    figure: `${fmt(site.median)} req/s (${site.range}; renewed from memory, MAC answered)`,
    baseline: `${fmt(empty.median)} req/s (${empty.range}; empty Fastify POST route, same body)`,
    ratio: percent(site.median, empty.median),
    target: `≥ 60 %: ${met(site.median >= 0.6 * empty.median)}`,
  };
}

/**
 * (3) and (4): a fresh site; the heap before and after LEASES leases are granted and heartbeated
 * once (the heartbeat key is derived at the first), then the CPU time of the process while they
 * are renewed at LEASES a minute, against the empty route at the same rate.
 */
async function liveLeases(bareUrl: string): Promise<Line[]> {
  const held = await licensedSite('live');
  const { site } = held.running;
  try {
    const heapBefore = settledHeap();
    let next = 0;
    // Nothing of the grants is kept here: the heap after holds what the site keeps of each lease.
    const granter = async () => {
      while (next < LEASES) {
        const n = next++;
        const grant = await site.floating.lease('default', { type: TYPE, user: 'ana', fingerprint: `device-${n}`, deviceKey });
        site.floating.heartbeat('default', grant.leaseId, `first-${n}`);
      }
    };
    await Promise.all(Array.from({ length: 100 }, granter));
    const heapAfter = settledHeap();
    const perLease = (heapAfter - heapBefore) / LEASES;

    const paths = site.floating.view('default').leases.map((lease) => `/v1/tenants/default/leases/${lease.leaseId}/heartbeat`);
    if (paths.length !== LEASES) throw new Error(`${paths.length} leases held, not ${LEASES}`);
    const headers = { authorization: `Bearer ${held.appKey}` };
    const idle = await idleCpu();
    const checks = ['/v1/tenants/default/features/export/check'];
    // A short window of each first, not counted (the code paths warm up, the grants' garbage goes);
    // then in turns, as the throughputs: empty, feature check, site, empty, …; the median of each.
    for (const [url, targets] of [
      [bareUrl, ['/empty']],
      [held.running.url, checks],
      [held.running.url, paths],
    ] as const)
      await cpuUnderSteadyLoad(url, targets, headers, WARMUP_MS);
    const runs = { site: [] as SteadyCpu[], empty: [] as SteadyCpu[], check: [] as SteadyCpu[] };
    for (let turn = 0; turn < TURNS; turn++) {
      runs.empty.push(await cpuUnderSteadyLoad(bareUrl, ['/empty'], headers, WINDOW_MS));
      runs.check.push(await cpuUnderSteadyLoad(held.running.url, checks, headers, WINDOW_MS));
      runs.site.push(await cpuUnderSteadyLoad(held.running.url, paths, headers, WINDOW_MS));
    }
    const siteCpu = medianCpu(runs.site);
    const emptyCpu = medianCpu(runs.empty);
    const checkCpu = medianCpu(runs.check);
    const rate = `${fmt(LEASES)} heartbeats/min`;
    const renewed = runs.site.reduce((sum, run) => sum + run.ok, 0);
    return [
      {
        scenario: `CPU of a site holding ${fmt(LEASES)} live leases, each renewed once a minute`,
        figure: `${fmt(siteCpu.median, 2)} % of one core (${siteCpu.range}; ${rate}, ${TURNS} × ${fmt(WINDOW_MS / 1000)} s, ${fmt(renewed)} renewed)`,
        baseline: `${fmt(emptyCpu.median, 2)} % (${emptyCpu.range}; empty route, same rate); feature checks, same rate: ${fmt(checkCpu.median, 2)} %; the site idle: ${fmt(idle, 2)} %`,
        ratio: `× ${fmt(siteCpu.median / emptyCpu.median, 1)}`,
        target: `< 5 %: ${met(siteCpu.median < 5)}`,
      },
      {
        scenario: `memory of a live lease (${fmt(LEASES)} leases)`,
        figure: `${fmt(perLease)} bytes of heap per lease (${fmt((heapAfter - heapBefore) / 1024 / 1024, 1)} MiB in all)`,
        baseline: `${fmt(heapBefore / 1024 / 1024, 1)} MiB heap before`,
        ratio: '—',
        target: 'none set',
      },
    ];
  } finally {
    await held.running.close();
  }
}

interface SteadyCpu {
  /** Percent of one core. */
  readonly share: number;
  readonly ok: number;
}

function medianCpu(runs: readonly SteadyCpu[]): { median: number; range: string } {
  const shares = runs.map((run) => run.share).sort((a, b) => a - b);
  return { median: shares[Math.floor(shares.length / 2)]!, range: `${fmt(shares[0]!, 2)}–${fmt(shares.at(-1)!, 2)} %` };
}

/** This process's CPU time over WINDOW_MS with nothing asked of it (the site's timers: culls and the like), as a percentage of one core. */
async function idleCpu(): Promise<number> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  const used = process.cpuUsage(cpu);
  return (100 * (used.user + used.system)) / 1000 / (performance.now() - started);
}

/** The heap in use once garbage was collected (twice: what the first frees may let the second free more). */
function settledHeap(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/**
 * This process's CPU time (user + system) while another process sends LEASES requests a minute,
 * evenly, round `paths`, for `windowMs`: as a percentage of one core. Every answer must be 200.
 */
async function cpuUnderSteadyLoad(baseUrl: string, paths: readonly string[], headers: Record<string, string>, windowMs: number): Promise<SteadyCpu> {
  const pathsFile = join(root, `paths-${Date.now()}.json`);
  await writeFile(pathsFile, JSON.stringify(paths));
  const child = spawn(process.execPath, ['-e', STEADY], {
    env: {
      PATH: process.env.PATH ?? '',
      BENCH_URL: baseUrl,
      BENCH_PATHS: pathsFile,
      BENCH_HEADERS: JSON.stringify(headers),
      BENCH_PER_MINUTE: String(LEASES),
      BENCH_WINDOW_MS: String(windowMs),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  let cpu: NodeJS.CpuUsage | null = null;
  let started = 0;
  /** Percent of one core over the window. */
  let share: number | null = null;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (cpu === null && output.includes('started\n')) {
      cpu = process.cpuUsage();
      started = performance.now();
    }
    if (cpu !== null && share === null && output.includes('window\n')) {
      const used = process.cpuUsage(cpu);
      share = (100 * (used.user + used.system)) / 1000 / (performance.now() - started);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const result = /ok (\d+) failed (\d+)/.exec(output);
  if (code !== 0 || share === null || !result) throw new Error(`the steady load failed (${code}): ${output}`);
  if (Number(result[2]) > 0) throw new Error(`${result[2]} requests of the steady load were not answered 200`);
  return { share, ok: Number(result[1]) };
}

/**
 * The steady load, plain JavaScript in another process (its CPU is not the site's): requests at
 * BENCH_PER_MINUTE a minute, sent as they fall due, round the paths in BENCH_PATHS, each with
 * a fresh nonce. Says `started`, then `window` when BENCH_WINDOW_MS passed, then, once every
 * answer came, `ok N failed M`.
 */
const STEADY = `
const http = require('node:http');
const fs = require('node:fs');
const target = new URL(process.env.BENCH_URL);
const paths = JSON.parse(fs.readFileSync(process.env.BENCH_PATHS, 'utf8'));
const headers = JSON.parse(process.env.BENCH_HEADERS);
const perMs = Number(process.env.BENCH_PER_MINUTE) / 60000;
const windowMs = Number(process.env.BENCH_WINDOW_MS);
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
let sent = 0, ok = 0, failed = 0, pending = 0;
const send = (n) => {
  const body = JSON.stringify({ nonce: 'steady' + n });
  pending++;
  const req = http.request({ agent, host: target.hostname, port: target.port, path: paths[n % paths.length], method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => { res.statusCode === 200 ? ok++ : failed++; pending--; });
  });
  req.on('error', () => { failed++; pending--; });
  req.end(body);
};
const start = performance.now();
process.stdout.write('started\\n');
const tick = setInterval(() => {
  const elapsed = performance.now() - start;
  const due = Math.floor(Math.min(elapsed, windowMs) * perMs);
  while (sent < due) send(sent++);
  if (elapsed >= windowMs) {
    clearInterval(tick);
    process.stdout.write('window\\n');
    const done = setInterval(() => {
      if (pending === 0) { clearInterval(done); agent.destroy(); process.stdout.write('ok ' + ok + ' failed ' + failed + '\\n'); }
    }, 10);
  }
}, 5);
`;

const startedAt = performance.now();
const root = await mkdtemp(join(tmpdir(), 'airlock-floating-bench-'));
const desk = await TestAuthorityDesk.create(systemClock, 'floating-bench/authority');
const lines: Line[] = [];

try {
  const load = loadavg()
    .map((value) => fmt(value, 2))
    .join(', ');
  say(`\nFloating-seat scenarios on ${tmpdir()} (${process.platform}, Node ${process.version}, ${cpus().length} cores, load average ${load})`);
  const bare = Fastify();
  bare.post('/empty', async () => ({}));
  try {
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
    const bench = await licensedSite('http');
    try {
      lines.push(await featureChecks(bench, bareUrl));
      lines.push(await leaseGrants(bench, bareUrl));
      lines.push(await heartbeats(bench, bareUrl));
    } finally {
      await bench.running.close();
    }
    lines.push(...(await liveLeases(bareUrl)));
  } finally {
    await bare.close();
  }
  printTable(lines);
} finally {
  await rm(root, { recursive: true, force: true });
}
say(`\n(whole run ${fmt((performance.now() - startedAt) / 1000, 1)} s)`);
