import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadOptions } from '@airlock/http/testing';
import Fastify from 'fastify';
import { ledgerDirectoryOf, openSiteIdentity, witnessFileOf } from '../src/identity/site-identity.ts';
import { openLedger, startSite, type SiteEvent } from '../src/index.ts';
import { systemClock } from '../src/process/site-clock.ts';
import { DEFAULT_CHECKPOINT_EVERY } from '../src/site/site-journal.ts';
import { feature, meter, seat, TestAuthorityDesk } from '../src/testing/site-fixtures.ts';
import {
  BENCH_PASSPHRASE,
  compare,
  fmt,
  licensedSite as licensedSiteWith,
  met,
  percent,
  printTable,
  quiet,
  say,
  type LicensedSite,
  type Line,
} from './bench-kit.ts';

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
const CHECK_LOAD: LoadOptions = { concurrency: 64, warmupMs: 1_000, durationMs: 2_000 };
const CONSUME_LOAD: LoadOptions = { concurrency: 50, warmupMs: 1_000, durationMs: 2_000 };
/** Runs of each route, in turns, after their warm-ups. */
const TURNS = 3;

const seconds = (ms: number) => `${fmt(ms / 1000, 2)} s`;
/** A site licensed with a feature, a seat type and a meter. */
const licensedSite = (name: string) => licensedSiteWith(root, desk, name, [feature('export'), seat('bot-runner', 1_000_000), meter('bot-runs', 1_000_000_000)]);

/** (1) Feature checks over HTTP against the empty route. */
async function featureChecks(bench: LicensedSite, bareUrl: string): Promise<Line> {
  const headers = { authorization: `Bearer ${bench.appKey}` };
  const { site, empty } = await compare(
    { paths: ['/v1/tenants/default/features/export/check'], body: '{}', headers },
    { paths: ['/empty'], body: '{}', headers },
    bench.running.url,
    bareUrl,
    CHECK_LOAD,
    TURNS,
  );
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
  const headers = { authorization: `Bearer ${bench.appKey}` };
  const consumedBefore = meterTotal(bench);
  const { site, empty } = await compare(
    { paths: ['/v1/tenants/default/meters/bot-runs/consume'], body: '{"amount":1}', headers },
    { paths: ['/empty'], body: '{"amount":1}', headers },
    bench.running.url,
    bareUrl,
    CONSUME_LOAD,
    TURNS,
  );
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

/** (3) Durable site events in process, against the bare ledger taking the same events from as many callers. */
async function inProcessAppends(bench: LicensedSite): Promise<Line> {
  const { site } = bench.running;
  const siteRate = await rateOf(APPENDS, () => site.consume('default', 'bot-runs', 1));
  const opened = await openLedger<SiteEvent>({
    directory: join(root, 'bare-ledger'),
    key: new Uint8Array(32).fill(7),
    witnessFile: join(root, 'bare.witness'),
    now: () => new Date(),
  });
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
  const identity = await openSiteIdentity(large.config.dataDir, BENCH_PASSPHRASE);
  const ledgerOptions = {
    directory: ledgerDirectoryOf(large.config.dataDir),
    key: identity.ledgerKey,
    witnessFile: witnessFileOf(large.config.witnessDir, identity.guid),
    now: () => new Date(),
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
  const unsealed = await openSiteIdentity(large.config.dataDir, BENCH_PASSPHRASE);
  const unsealMs = performance.now() - started;
  started = performance.now();
  const restarted = await startSite(large.config, quiet);
  const startMs = performance.now() - started;
  const status = restarted.site.status('default');
  await restarted.close();
  if (unsealed.guid !== identity.guid || status.status !== 'active' || restarted.site.info().ledger.sequence < RECORDS)
    throw new Error('the benchmark site did not start as it was left');
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
