import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { ledgerDirectoryOf, openSiteIdentity, witnessFileOf } from '../src/identity/site-identity.ts';
import { initSite, openLedger, readSiteConfig, startSite, systemRandom, type RunningSite, type SiteConfig, type SiteEvent } from '../src/index.ts';
import { systemClock } from '../src/process/site-clock.ts';
import { DEFAULT_CHECKPOINT_EVERY } from '../src/site/site-journal.ts';
import { feature, meter, seat, TestAuthorityDesk } from '../src/testing/site-fixtures.ts';

/**
 * The site's scenarios of `npm run bench`, each beside a raw baseline measured in the same run,
 * on a site started as `airlock site start` starts it (`startSite`: sealed keys, verified
 * ledger, HTTP app, JSON logs at `silent`), licensed by a test authority's real documents:
 * (1) feature checks over HTTP, with an application key, against an empty Fastify route in the
 *     same process, both loaded from a worker thread with 64 requests in flight, in turns (the
 *     median of three runs of each);
 * (2) acknowledged (durable) meter consumption over HTTP from 50 concurrent clients, against the
 *     empty route with the same body and 50 clients;
 * (3) durable site events in process — `Site.consume` from 1,000 concurrent callers — against
 *     appending the same events to a bare ledger from as many callers;
 * (4) verify() of a site ledger of 1,000,000 records and (5) the site's start with it (unsealing
 *     the keys, opening and verifying the ledger, rebuilding the state from its newest checkpoint
 *     — 9,999 records back, as after a crash just before the next one — and listening), both
 *     against reading the ledger's files and hashing them. The million records are site events
 *     appended through the running site (consumption, seat check-outs and releases).
 * `AIRLOCK_BENCH_SITE_RECORDS` and `AIRLOCK_BENCH_SITE_APPENDS` shrink a run.
 */
const RECORDS = Number(process.env.AIRLOCK_BENCH_SITE_RECORDS ?? 1_000_000);
const APPENDS = Number(process.env.AIRLOCK_BENCH_SITE_APPENDS ?? 200_000);
/** Records after the newest checkpoint: the most a crash leaves the next start to replay. */
const TAIL = DEFAULT_CHECKPOINT_EVERY - 1;
const CALLERS = 1_000;
const CHECK_LOAD: LoadOptions = { concurrency: 64, warmupMs: 1_000, durationMs: 2_000, headers: {} };
const CONSUME_LOAD: LoadOptions = { concurrency: 50, warmupMs: 1_000, durationMs: 2_000, headers: {} };
/** Runs of each route, in turns, after their warm-ups. */
const TURNS = 3;
const PASSPHRASE = 'the site benchmark passphrase';

interface Line {
  readonly scenario: string;
  readonly figure: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
}

interface LicensedSite {
  readonly running: RunningSite;
  readonly config: SiteConfig;
  readonly appKey: string;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const quiet = () => undefined;
const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const seconds = (ms: number) => `${fmt(ms / 1000, 2)} s`;
/** Rounded down, so a figure shown at the target never hides a miss. */
const percent = (part: number, whole: number) => `${Math.floor((100 * part) / whole)} %`;
const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** A site initialised, started in this process and licensed: a feature, a seat type and a meter, and an application key. */
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
  await site.installOlf('default', await desk.answer(lfr.text, { entitlements: [feature('export'), seat('bot-runner', 1_000_000), meter('bot-runs', 1_000_000_000)] }));
  const { key } = await site.accounts.createAppKey('default', 'bench', 'operator');
  return { running, config, appKey: key };
}

/** (1) Feature checks over HTTP against the empty route. */
async function featureChecks(bench: LicensedSite, bareUrl: string): Promise<Line> {
  const request = { ...CHECK_LOAD, headers: { authorization: `Bearer ${bench.appKey}` } };
  const { site, empty } = await compare(`${bench.running.url}/v1/tenants/default/features/export/check`, `${bareUrl}/empty`, request);
  return {
    scenario: `feature check over HTTP, ${CHECK_LOAD.concurrency} in flight`,
    figure: `${fmt(site.median)} req/s (${site.range})`,
    baseline: `${fmt(empty.median)} req/s (${empty.range}; empty Fastify POST route)`,
    ratio: percent(site.median, empty.median),
    target: `≥ 60 %: ${met(site.median >= 0.6 * empty.median)}`,
  };
}

/** (2) Acknowledged consumption over HTTP: each answer comes once its ledger record is on disk. */
async function acknowledgedConsumption(bench: LicensedSite, bareUrl: string): Promise<Line> {
  const request = { ...CONSUME_LOAD, headers: { authorization: `Bearer ${bench.appKey}`, 'content-type': 'application/json' }, body: '{"amount":1}' };
  const consumedBefore = meterTotal(bench);
  const { site, empty } = await compare(`${bench.running.url}/v1/tenants/default/meters/bot-runs/consume`, `${bareUrl}/empty`, request);
  const recorded = meterTotal(bench) - consumedBefore;
  if (recorded < site.ok) throw new Error(`${site.ok} consumptions acknowledged, ${recorded} recorded`);
  return {
    scenario: `acknowledged consumption over HTTP, ${CONSUME_LOAD.concurrency} clients`,
    figure: `${fmt(site.median)} req/s (${site.range}; each durable before its answer)`,
    baseline: `${fmt(empty.median)} req/s (${empty.range}; empty Fastify POST route, same body)`,
    ratio: percent(site.median, empty.median),
    target: `≥ 50 %: ${met(site.median >= 0.5 * empty.median)}`,
  };
}

const meterTotal = (bench: LicensedSite) => bench.running.site.usage('default', { events: 0 }).meters.find((line) => line.meter === 'bot-runs')!.used;

interface Measured {
  readonly median: number;
  readonly range: string;
  /** Requests answered 200 in every run, warm-ups included. */
  readonly ok: number;
}

/**
 * The site's route and the empty route under the same load, measured in turns — empty, site,
 * empty, site, … — so that whatever else the machine does weighs on both alike; the median of
 * the turns, with their range. Any answer but 200 stops the benchmark.
 */
async function compare(siteUrl: string, emptyUrl: string, load: LoadOptions): Promise<{ site: Measured; empty: Measured }> {
  const runs = { site: [] as Throughput[], empty: [] as Throughput[] };
  const warmUp = { ...load, durationMs: load.warmupMs, warmupMs: 0 };
  const warmed = [await hammer(emptyUrl, warmUp), await hammer(siteUrl, warmUp)];
  for (let turn = 0; turn < TURNS; turn++) {
    runs.empty.push(await hammer(emptyUrl, { ...load, warmupMs: 0 }));
    runs.site.push(await hammer(siteUrl, { ...load, warmupMs: 0 }));
  }
  const failed = [...warmed, ...runs.site, ...runs.empty].reduce((sum, run) => sum + run.failed, 0);
  if (failed > 0) throw new Error(`${failed} requests were not answered 200`);
  const measured = (list: Throughput[], warm: Throughput): Measured => {
    const rates = list.map((run) => run.requestsPerSecond).sort((a, b) => a - b);
    return { median: rates[Math.floor(rates.length / 2)]!, range: `${fmt(rates[0]!)}–${fmt(rates.at(-1)!)}`, ok: warm.ok + list.reduce((sum, run) => sum + run.ok, 0) };
  };
  return { site: measured(runs.site, warmed[1]!), empty: measured(runs.empty, warmed[0]!) };
}

/** (3) Durable site events in process, against the bare ledger taking the same events from as many callers. */
async function inProcessAppends(bench: LicensedSite): Promise<Line> {
  const { site } = bench.running;
  const siteRate = await rateOf(APPENDS, () => site.consume('default', 'bot-runs', 1));
  const opened = await openLedger<SiteEvent>({ directory: join(root, 'bare-ledger'), key: new Uint8Array(32).fill(7), witnessFile: join(root, 'bare.witness'), now: () => new Date() });
  const event: SiteEvent = { t: 'meter-consumed', tenant: 'default', meter: 'bot-runs', amount: 1 };
  const ledgerRate = await rateOf(APPENDS, () => opened.ledger.append([event]));
  await opened.ledger.close();
  return {
    scenario: `durable site events in process, ${fmt(CALLERS)} callers × 1 consumption`,
    figure: `${fmt(siteRate)} events/s (Site.consume, ${fmt(APPENDS)} events)`,
    baseline: `${fmt(ledgerRate)} events/s (bare ledger appends)`,
    ratio: percent(siteRate, ledgerRate),
    target: `≥ 50,000 events/s: ${met(siteRate >= 50_000)}`,
  };
}

/** Calls from CALLERS concurrent callers until `count` calls were made; calls per second. */
async function rateOf(count: number, call: () => Promise<unknown>): Promise<number> {
  let issued = 0;
  const caller = async () => {
    while (issued < count) {
      issued++;
      await call();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CALLERS }, caller));
  return count / ((performance.now() - started) / 1000);
}

/** (4) and (5): a site of RECORDS records, its verification and its start. */
async function millionRecords(): Promise<Line[]> {
  const built = performance.now();
  const large = await licensedSite('large');
  const { site } = large.running;
  // Nine consumptions in ten; the rest check out a seat for one of 5,000 users, or release it.
  const target = RECORDS - TAIL;
  let next = site.info().ledger.sequence;
  const holding = new Set<number>();
  const caller = async () => {
    while (next < target) {
      const n = next++;
      if (n % 10 !== 0) await site.consume('default', 'bot-runs', 1);
      else {
        const user = (n / 10) % 5_000;
        if (holding.has(user)) {
          holding.delete(user);
          await site.releaseSeat('default', 'bot-runner', `user-${user}`);
        } else {
          holding.add(user);
          await site.checkoutSeat('default', 'bot-runner', `user-${user}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: CALLERS }, caller));
  await large.running.close();
  // The tail a crash leaves: records after the newest checkpoint (closing the site saved one at its head).
  const identity = await openSiteIdentity(large.config.dataDir, PASSPHRASE);
  const ledgerOptions = {
    directory: ledgerDirectoryOf(large.config.dataDir), key: identity.ledgerKey, witnessFile: witnessFileOf(large.config.witnessDir, identity.guid), now: () => new Date(),
  };
  const bare = await openLedger<SiteEvent>(ledgerOptions);
  const consumed: SiteEvent = { t: 'meter-consumed', tenant: 'default', meter: 'bot-runs', amount: 1 };
  while (bare.ledger.head().sequence < RECORDS) {
    await bare.ledger.append(Array.from({ length: Math.min(1_000, RECORDS - bare.ledger.head().sequence) }, () => consumed));
  }
  await bare.ledger.close();
  say(`(built a site of ${fmt(RECORDS)} records in ${seconds(performance.now() - built)})`);

  const raw = await readAndHash(ledgerOptions.directory);
  const baseline = `${seconds(raw.ms)} (read ${fmt(raw.bytes / 1024 / 1024, 1)} MiB + SHA-256)`;

  let started = performance.now();
  const opened = await openLedger<SiteEvent>(ledgerOptions);
  const openMs = performance.now() - started;
  started = performance.now();
  const verification = await opened.ledger.verify();
  const verifyMs = performance.now() - started;
  await opened.ledger.close();
  if (!verification.ok || verification.records !== RECORDS || opened.tail.length !== TAIL) throw new Error('the benchmark site ledger did not verify');

  started = performance.now();
  const unsealed = await openSiteIdentity(large.config.dataDir, PASSPHRASE);
  const unsealMs = performance.now() - started;
  started = performance.now();
  const restarted = await startSite(large.config, quiet);
  const startMs = performance.now() - started;
  const status = restarted.site.status('default');
  await restarted.close();
  if (unsealed.guid !== identity.guid || status.status !== 'active' || restarted.site.info().ledger.sequence < RECORDS) throw new Error('the benchmark site did not start as it was left');
  return [
    {
      scenario: `ledger verify(), ${fmt(RECORDS)} site records`,
      figure: seconds(verifyMs),
      baseline,
      ratio: `× ${fmt(verifyMs / raw.ms, 1)}`,
      target: `< 5 s: ${met(verifyMs < 5_000)}`,
    },
    {
      scenario: `site start, ${fmt(RECORDS)} records, checkpoint ${fmt(TAIL)} back`,
      figure: `${seconds(startMs)} (of which unsealing the keys ${seconds(unsealMs)}; openLedger alone ${seconds(openMs)})`,
      baseline,
      ratio: `× ${fmt(startMs / raw.ms, 1)}`,
      target: `< 5 s: ${met(startMs < 5_000)}`,
    },
  ];
}

/** The floor under any verification: read every file of the ledger and hash it. */
async function readAndHash(directory: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  let bytes = 0;
  for (const name of (await readdir(directory)).sort()) {
    const data = await readFile(join(directory, name));
    createHash('sha256').update(data).digest();
    bytes += data.length;
  }
  return { ms: performance.now() - started, bytes };
}

/** The load's code, plain JavaScript run in a worker thread, so the client does not share the server's event loop. */
const HAMMER = `
const http = require('node:http');
const { workerData, parentPort } = require('node:worker_threads');
const { url, headers, body, concurrency, warmupMs, durationMs } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const requestHeaders = body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) };
let counting = false;
let stopping = false;
let ok = 0;
let failed = 0;
const once = () => new Promise((resolve) => {
  const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: requestHeaders }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode));
  });
  req.on('error', () => resolve(0));
  req.end(body);
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

interface Throughput {
  readonly requestsPerSecond: number;
  readonly ok: number;
  readonly failed: number;
}

interface LoadOptions {
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** Answered (200) POSTs per second with `concurrency` always in flight, after a warm-up. */
async function hammer(url: string, options: LoadOptions): Promise<Throughput> {
  const worker = new Worker(HAMMER, { eval: true, workerData: { url, ...options } });
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
const root = await mkdtemp(join(tmpdir(), 'airlock-site-bench-'));
const desk = await TestAuthorityDesk.create(systemClock, 'site-bench/authority');
const lines: Line[] = [];

try {
  say(`\nSite scenarios on ${tmpdir()} (${process.platform}, Node ${process.version}, ${cpus().length} cores)`);
  const bench = await licensedSite('http');
  const bare = Fastify();
  bare.post('/empty', async () => ({}));
  try {
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
    lines.push(await featureChecks(bench, bareUrl));
    lines.push(await acknowledgedConsumption(bench, bareUrl));
    lines.push(await inProcessAppends(bench));
  } finally {
    await bare.close();
    await bench.running.close();
  }
  lines.push(...(await millionRecords()));
  printTable(lines);
} finally {
  await rm(root, { recursive: true, force: true });
}
say(`\n(whole run ${fmt((performance.now() - startedAt) / 1000, 1)} s)`);
