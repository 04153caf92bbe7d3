import { join } from 'node:path';
import type { SiteEntitlement } from '@airlock/core';
import { hammer, type LoadOptions, type LoadRequests, type Throughput } from '@airlock/http/testing';
import { initSite, openLedger, readSiteConfig, startSite, systemRandom, type RunningSite, type SiteConfig } from '../src/index.ts';
import { systemClock } from '../src/process/site-clock.ts';
import type { TestAuthorityDesk } from '../src/testing/site-fixtures.ts';

/**
 * What the site's benchmarks share (`site-bench.ts`, `floating-bench.ts`): a site started as
 * `airlock site start` starts it and licensed by a test authority, the comparison of a route
 * with the empty route in turns under the HTTP load of `@airlock/http/testing`, and the printed
 * table.
 */

/** One printed line: a figure beside its raw baseline, their ratio and the target. */
export interface Line {
  readonly scenario: string;
  readonly figure: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
}

export const say = (line: string) => process.stdout.write(`${line}\n`);
export const quiet = () => undefined;
export const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** Rounded down, so a figure shown at the target never hides a miss. */
export const percent = (part: number, whole: number) => `${Math.floor((100 * part) / whole)} %`;
export const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** The passphrase of every site a benchmark makes. */
export const BENCH_PASSPHRASE = 'the site benchmark passphrase';

export interface LicensedSite {
  readonly running: RunningSite;
  readonly config: SiteConfig;
  readonly appKey: string;
}

/** A site initialised under `root`, started in this process and licensed with `entitlements`, and an application key of its tenant. */
export async function licensedSite(root: string, desk: TestAuthorityDesk, name: string, entitlements: readonly SiteEntitlement[]): Promise<LicensedSite> {
  const dataDir = join(root, name);
  const witnessDir = join(root, `${name}-witness`);
  const passphrase = BENCH_PASSPHRASE;
  const { guid } = await initSite({
    dataDir,
    witnessDir,
    passphrase,
    rootPublicKey: desk.authority.root.publicJwk,
    tenants: ['default'],
    siteVersion: '0.1.0',
    clock: systemClock,
    random: systemRandom,
    openLedger,
  });
  const config = readSiteConfig({
    AIRLOCK_SITE_DATA_DIR: dataDir,
    AIRLOCK_SITE_WITNESS_DIR: witnessDir,
    AIRLOCK_SITE_PASSPHRASE: passphrase,
    AIRLOCK_SITE_PORT: '0',
    AIRLOCK_SITE_LOG_LEVEL: 'silent',
  });
  const running = await startSite(config, quiet);
  const { site } = running;
  await site.installToken('default', await desk.token(guid));
  const lfr = await site.generateLfr('default');
  await site.installOlf('default', await desk.answer(lfr.text, { entitlements: [...entitlements] }));
  const { key } = await site.accounts.createAppKey('default', 'bench', 'operator');
  return { running, config, appKey: key };
}

export interface Measured {
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
export async function compare(
  siteRequests: LoadRequests,
  emptyRequests: LoadRequests,
  siteUrl: string,
  emptyUrl: string,
  load: LoadOptions,
  turns = 3,
): Promise<{ site: Measured; empty: Measured }> {
  const runs = { site: [] as Throughput[], empty: [] as Throughput[] };
  const warmUp = { ...load, durationMs: load.warmupMs, warmupMs: 0 };
  const warmed = [await hammer(emptyUrl, emptyRequests, warmUp), await hammer(siteUrl, siteRequests, warmUp)];
  for (let turn = 0; turn < turns; turn++) {
    runs.empty.push(await hammer(emptyUrl, emptyRequests, { ...load, warmupMs: 0 }));
    runs.site.push(await hammer(siteUrl, siteRequests, { ...load, warmupMs: 0 }));
  }
  const failed = [...warmed, ...runs.site, ...runs.empty].reduce((sum, run) => sum + run.failed, 0);
  if (failed > 0) throw new Error(`${failed} requests were not answered 200`);
  const measured = (list: Throughput[], warm: Throughput): Measured => {
    const rates = list.map((run) => run.requestsPerSecond).sort((a, b) => a - b);
    return {
      median: rates[Math.floor(rates.length / 2)]!,
      range: `${fmt(rates[0]!)}–${fmt(rates.at(-1)!)}`,
      ok: warm.ok + list.reduce((sum, run) => sum + run.ok, 0),
    };
  };
  return { site: measured(runs.site, warmed[1]!), empty: measured(runs.empty, warmed[0]!) };
}

export function printTable(table: readonly Line[]): void {
  const header = ['scenario', 'figure', 'raw baseline', 'ratio', 'target'];
  const rows = table.map((line) => [line.scenario, line.figure, line.baseline, line.ratio, line.target]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const row = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  say('');
  say(row(header));
  say(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const cells of rows) say(row(cells));
}
