import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { generateKeyPair } from '@airlock/core';
import Fastify from 'fastify';
import { initSite, openLedger, readSiteConfig, startSite, systemRandom, type RunningSite } from '../src/index.ts';
import { systemClock } from '../src/process/site-clock.ts';
import { feature, seat, TestAuthorityDesk } from '../src/testing/site-fixtures.ts';

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
const PASSPHRASE = 'the floating benchmark passphrase';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface Line {
  readonly scenario: string;
  readonly figure: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
}

interface LicensedSite {
  readonly running: RunningSite;
  readonly appKey: string;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const quiet = () => undefined;
const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** Rounded down, so a figure shown at the target never hides a miss. */
const percent = (part: number, whole: number) => `${Math.floor((100 * part) / whole)} %`;
const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
/** A device's one-time X25519 key: the site only keeps it for the heartbeat key, so one serves every request. */
const deviceKey = generateKeyPair('X25519', systemRandom).publicJwk;

/** A site initialised, started in this process and licensed with a million seats of TYPE and a feature, and an application key. */
async function licensedSite(name: string): Promise<LicensedSite> {
  const dataDir = join(root, name);
  const witnessDir = join(root, `${name}-witness`);
  const { guid } = await initSite({
    dataDir, witnessDir, passphrase: PASSPHRASE, rootPublicKey: desk.authority.root.publicJwk, tenants: ['default'],
    siteVersion: '0.1.0', clock: systemClock, random: systemRandom, openLedger,
  });
  const config = readSiteConfig({
    AIRLOCK_SITE_DATA_DIR: dataDir, AIRLOCK_SITE_WITNESS_DIR: witnessDir, AIRLOCK_SITE_PASSPHRASE: PASSPHRASE,
    AIRLOCK_SITE_PORT: '0', AIRLOCK_SITE_LOG_LEVEL: 'silent',
  });
  const running = await startSite(config, quiet);
  const { site } = running;
  await site.installToken('default', await desk.token(guid));
  const lfr = await site.generateLfr('default');
  await site.installOlf('default', await desk.answer(lfr.text, { entitlements: [seat(TYPE, 1_000_000), feature('export')] }));
  const { key } = await site.accounts.createAppKey('default', 'bench', 'operator');
  return { running, appKey: key };
}

/** (1) Lease grants over HTTP: each request from another device, so each is a new lease. */
async function leaseGrants(bench: LicensedSite, bareUrl: string): Promise<Line> {
  const body = JSON.stringify({ type: TYPE, user: 'ana', fingerprint: 'device-{n}', deviceKey });
  const headers = { authorization: `Bearer ${bench.appKey}` };
  const before = bench.running.site.floating.view('default').leases.length;
  const { site, empty } = await compare({ paths: ['/v1/tenants/default/leases'], body, headers }, { paths: ['/empty'], body, headers }, bench.running.url, bareUrl);
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
  const { site, empty } = await compare({ paths: ['/v1/tenants/default/features/export/check'], body: '{}', headers }, { paths: ['/empty'], body: '{}', headers }, bench.running.url, bareUrl);
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
  const { site, empty } = await compare({ paths: leases, body, headers }, { paths: ['/empty'], body, headers }, bench.running.url, bareUrl);
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
    for (const [url, targets] of [[bareUrl, ['/empty']], [held.running.url, checks], [held.running.url, paths]] as const) await cpuUnderSteadyLoad(url, targets, headers, WARMUP_MS);
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
    env: { PATH: process.env.PATH ?? '', BENCH_URL: baseUrl, BENCH_PATHS: pathsFile, BENCH_HEADERS: JSON.stringify(headers), BENCH_PER_MINUTE: String(LEASES), BENCH_WINDOW_MS: String(windowMs) },
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

interface Throughput {
  readonly requestsPerSecond: number;
  readonly ok: number;
  readonly failed: number;
}

interface Measured {
  readonly median: number;
  readonly range: string;
  /** Requests answered 200 in every run, warm-ups included. */
  readonly ok: number;
}

interface LoadOptions {
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** What the load sends: POSTs round `paths`, each body with `{n}` replaced by a number no other request of the run has. */
interface Requests {
  readonly paths: readonly string[];
  readonly body: string;
  readonly headers: Record<string, string>;
}

/**
 * The site's route and the empty route under the same load, measured in turns — empty, site,
 * empty, site, … — so that whatever else the machine does weighs on both alike; the median of
 * the turns, with their range. Any answer but 200 stops the benchmark.
 */
async function compare(siteRequests: Requests, emptyRequests: Requests, siteUrl: string, emptyUrl: string): Promise<{ site: Measured; empty: Measured }> {
  const runs = { site: [] as Throughput[], empty: [] as Throughput[] };
  const warmUp = { ...LOAD, durationMs: LOAD.warmupMs, warmupMs: 0 };
  const warmed = [await hammer(emptyUrl, emptyRequests, warmUp), await hammer(siteUrl, siteRequests, warmUp)];
  for (let turn = 0; turn < TURNS; turn++) {
    runs.empty.push(await hammer(emptyUrl, emptyRequests, { ...LOAD, warmupMs: 0 }));
    runs.site.push(await hammer(siteUrl, siteRequests, { ...LOAD, warmupMs: 0 }));
  }
  const failed = [...warmed, ...runs.site, ...runs.empty].reduce((sum, run) => sum + run.failed, 0);
  if (failed > 0) throw new Error(`${failed} requests were not answered 200`);
  const measured = (list: Throughput[], warm: Throughput): Measured => {
    const rates = list.map((run) => run.requestsPerSecond).sort((a, b) => a - b);
    return { median: rates[Math.floor(rates.length / 2)]!, range: `${fmt(rates[0]!)}–${fmt(rates.at(-1)!)}`, ok: warm.ok + list.reduce((sum, run) => sum + run.ok, 0) };
  };
  return { site: measured(runs.site, warmed[1]!), empty: measured(runs.empty, warmed[0]!) };
}

/** The load's code, plain JavaScript run in a worker thread, so the client does not share the server's event loop. */
const HAMMER = `
const http = require('node:http');
const { workerData, parentPort } = require('node:worker_threads');
const { url, paths, body, headers, run, concurrency, warmupMs, durationMs } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
let counting = false;
let stopping = false;
let ok = 0;
let failed = 0;
let sent = 0;
const once = () => new Promise((resolve) => {
  const n = sent++;
  const text = body.replace('{n}', run + '-' + n);
  const req = http.request({ agent, host: target.hostname, port: target.port, path: paths[n % paths.length], method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode));
  });
  req.on('error', () => resolve(0));
  req.end(text);
});
const loop = async () => {
  while (!stopping) {
    const status = await once();
    if (counting) status === 200 ? ok++ : failed++;
  }
};
const loops = Array.from({ length: concurrency }, loop);
setTimeout(() => {
  counting = true;
  const start = performance.now();
  setTimeout(async () => {
    counting = false;
    const seconds = (performance.now() - start) / 1000;
    stopping = true;
    await Promise.all(loops);
    agent.destroy();
    parentPort.postMessage({ requestsPerSecond: ok / seconds, ok, failed });
  }, durationMs);
}, warmupMs);
`;

let runs = 0;

/** Answered (200) POSTs per second with `concurrency` always in flight, after a warm-up. */
async function hammer(url: string, requests: Requests, options: LoadOptions): Promise<Throughput> {
  const worker = new Worker(HAMMER, { eval: true, workerData: { url, ...requests, run: `r${runs++}`, ...options } });
  try {
    return await new Promise<Throughput>((resolve, reject) => {
      worker.once('message', (result: Throughput) => resolve(result));
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

function printTable(table: readonly Line[]): void {
  const header = ['scenario', 'figure', 'raw baseline', 'ratio', 'target'];
  const rows = table.map((line) => [line.scenario, line.figure, line.baseline, line.ratio, line.target]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const row = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  say('');
  say(row(header));
  say(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of rows) say(row(cells));
}

const startedAt = performance.now();
const root = await mkdtemp(join(tmpdir(), 'airlock-floating-bench-'));
const desk = await TestAuthorityDesk.create(systemClock, 'floating-bench/authority');
const lines: Line[] = [];

try {
  const load = loadavg().map((value) => fmt(value, 2)).join(', ');
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
