import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { days, issueOfflineLicenseFile, openLicenseFileRequest, type Random } from '@airlock/core';
import { utcDate, type Clock } from '@airlock/core/internal';
import { createTestAuthority, encryptCompact, signCompact } from '@airlock/core/testing';
import { createApp } from '../../authority/src/app.ts';
import type { AuthorityDeps } from '../../authority/src/deps.ts';
import { seedCustomer } from '../../authority/src/features/offline-licenses/testing/offline-licensing-fixtures.ts';
import { inMemoryAuthorityKeys } from '../../authority/src/keys/authority-keys.ts';
import { openBenchStore } from '../../authority/bench/bench-store.ts';
import { initSite, openLedger, readSiteConfig, startSite, systemRandom } from '../src/index.ts';
import { BENCH_PASSPHRASE, fmt, met, printTable, quiet, say, type Line } from './bench-kit.ts';

/**
 * A tenant at the size the LFR's format allows (docs/formats.md §4, compression): HOLDERS
 * named holders of one seat type, on a site started as `airlock site start` starts it (its
 * file ledger, fdatasync and all), answered by the authority's own HTTP API on the bench
 * store. Each step is timed once, the median of TURNS, beside its raw floor measured in the
 * same run:
 * (1) the site generates the LFR — against signing, deflating and encrypting the same claims
 *     with the core's JOSE layer alone;
 * (2) the authority takes the upload (over HTTP, stored) — against the core opening the same file;
 * (3) the authority issues the OLF answering it, and (4) the site installs it — each against
 *     the same step for a tenant of one holder on the same site: an OLF names no holder, so
 *     the large tenant should cost no more (the core issuing an OLF alone is printed beside).
 * The holders are seated first (not measured). `AIRLOCK_BENCH_HOLDERS` changes their number.
 */
const HOLDERS = Number(process.env.AIRLOCK_BENCH_HOLDERS ?? 100_000);
const TURNS = 3;
const holder = (i: number) => `operator-${String(i).padStart(6, '0')}@plant-7.example.com`;

const clock: Clock = { now: () => new Date() };
/** The OLF's terms: from today (the authority issues no other start) for a year, a seat for every holder. */
const termsFor = (seats: number) => ({
  start: utcDate(clock.now()),
  end: utcDate(new Date(clock.now().getTime() + days(365))),
  entitlements: [{ type: 'bot-runner', quantity: seats }],
});
const SEATS: Record<string, number> = { large: HOLDERS, small: 10 };
const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };
const ms = (value: number) => `${fmt(value, 0)} ms`;

/** The median of TURNS runs of `step`, in ms, and the last run's result. */
async function timed<T>(step: (turn: number) => Promise<T>): Promise<{ median: number; result: T }> {
  const times: number[] = [];
  let result: T | undefined;
  for (let turn = 0; turn < TURNS; turn++) {
    const started = performance.now();
    result = await step(turn);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(TURNS / 2)]!, result: result! };
}

function line(scenario: string, figure: number, baseline: number, baselineName: string, within: number): Line {
  const ratio = figure / baseline;
  return {
    scenario,
    figure: ms(figure),
    baseline: `${baselineName} ${ms(baseline)}`,
    ratio: `${fmt(ratio, 2)}×`,
    target: `≤ ${within}× — ${met(ratio <= within)}`,
  };
}

const startedAt = performance.now();
const root = await mkdtemp(join(tmpdir(), 'airlock-large-tenant-bench-'));
const store = await openBenchStore(process.env);
const authority = await createTestAuthority('authority', new Date('2026-01-01T00:00:00Z'));
const keys = inMemoryAuthorityKeys({
  root: authority.root,
  signer: authority.signer,
  encryptionKey: authority.encryptionKey,
  encryptionCertificate: authority.encryptionCertificate,
});
const admin = { kind: 'admin', id: 'bench' } as const;
const deps: AuthorityDeps = { db: store.database.db, clock, random, keys, authenticate: () => Promise.resolve(admin) };
const app = await createApp(deps);

try {
  const load = loadavg()
    .map((value) => fmt(value, 2))
    .join(', ');
  say(`\nA tenant with ${fmt(HOLDERS)} seat holders of a type, on ${tmpdir()} and ${store.label} (${cpus().length} cores, load average ${load})`);
  const dataDir = join(root, 'site');
  const witnessDir = join(root, 'witness');
  const { guid } = await initSite({
    dataDir,
    witnessDir,
    passphrase: BENCH_PASSPHRASE,
    rootPublicKey: authority.root.publicJwk,
    tenants: ['large', 'small'],
    siteVersion: '0.1.0',
    clock,
    random: systemRandom,
    openLedger,
  });
  const running = await startSite(
    readSiteConfig({
      AIRLOCK_SITE_DATA_DIR: dataDir,
      AIRLOCK_SITE_WITNESS_DIR: witnessDir,
      AIRLOCK_SITE_PASSPHRASE: BENCH_PASSPHRASE,
      AIRLOCK_SITE_PORT: '0',
      AIRLOCK_SITE_LOG_LEVEL: 'silent',
    }),
    quiet,
  );
  try {
    const { site } = running;
    const api = async <T>(method: 'GET' | 'POST', url: string, payload?: object): Promise<T> => {
      const answer = await app.inject({ method, url, ...(payload ? { payload } : {}) });
      if (answer.statusCode >= 300) throw new Error(`${method} ${url}: ${answer.statusCode} ${answer.body}`);
      return answer.json<T>();
    };
    await seedCustomer(
      store.database.db,
      { id: 'acme', accountEndsOn: utcDate(new Date(clock.now().getTime() + days(730))), purchased: { 'bot-runner': HOLDERS + SEATS.small! } },
      clock.now(),
    );
    await api('POST', '/v1/customers/acme/sites', { guid: guid.toLowerCase(), name: 'Plant 7' });
    /** One LFR → OLF exchange of a tenant through the authority's API, each step timed. */
    const exchange = async (tenant: string) => {
      const times = { generate: 0, upload: 0, issue: 0, install: 0 };
      let started = performance.now();
      const lfr = await site.generateLfr(tenant);
      times.generate = performance.now() - started;
      started = performance.now();
      const { lfr: stored } = await api<{ lfr: { id: string } }>('POST', '/v1/customers/acme/lfrs', { text: lfr.text });
      times.upload = performance.now() - started;
      started = performance.now();
      const olf = await api<{ text: string }>('POST', `/v1/customers/acme/lfrs/${stored.id}/olf`, termsFor(SEATS[tenant]!));
      times.issue = performance.now() - started;
      started = performance.now();
      await site.installOlf(tenant, olf.text);
      times.install = performance.now() - started;
      return { times, text: lfr.text };
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    /** TURNS exchanges of a tenant: the median time of each step, and the last LFR. */
    const exchanges = async (tenant: string) => {
      const runs: Awaited<ReturnType<typeof exchange>>[] = [];
      for (let turn = 0; turn < TURNS; turn++) runs.push(await exchange(tenant));
      const of = (step: 'generate' | 'upload' | 'issue' | 'install') => median(runs.map((run) => run.times[step]));
      return { generate: of('generate'), upload: of('upload'), issue: of('issue'), install: of('install'), text: runs.at(-1)!.text };
    };
    for (const tenant of ['large', 'small']) {
      await site.installToken(tenant, (await api<{ text: string }>('POST', `/v1/customers/acme/sites/${guid.toLowerCase()}/enablement-token`)).text);
      await exchange(tenant);
    }
    const seatedAt = performance.now();
    for (let from = 0; from < HOLDERS; from += 1_000) {
      await Promise.all(Array.from({ length: Math.min(1_000, HOLDERS - from) }, (_, i) => site.checkoutSeat('large', 'bot-runner', holder(from + i))));
    }
    await site.checkoutSeat('small', 'bot-runner', holder(0));
    say(`(${fmt(HOLDERS)} holders seated in ${fmt((performance.now() - seatedAt) / 1000, 1)} s)`);

    const large = await exchanges('large');
    const small = await exchanges('small');
    const opened = await openLicenseFileRequest(large.text, { now: clock.now(), rootKid: authority.root.kid, encryptionKey: authority.encryptionKey });
    say(`(the LFR: ${fmt(large.text.length)} characters; its claims ${fmt(JSON.stringify(opened.claims).length)} characters of JSON)`);
    const coreMake = await timed(async () => {
      const signed = await signCompact({ typ: 'airlock-lfr+jwt', kid: 'bench' }, opened.claims, authority.signingKey.privateKey);
      return encryptCompact(
        { typ: 'airlock-lfr+jwe', cty: 'airlock-lfr+jwt', kid: authority.encryptionKey.kid },
        signed,
        authority.encryptionKey.publicKey,
        random,
      );
    });
    const coreOpen = await timed(() =>
      openLicenseFileRequest(large.text, { now: clock.now(), rootKid: authority.root.kid, encryptionKey: authority.encryptionKey }),
    );
    const coreIssue = await timed(() =>
      issueOfflineLicenseFile(
        opened,
        { ...termsFor(HOLDERS), entitlements: [{ type: 'bot-runner', category: 'seat', quantity: HOLDERS }] },
        { now: clock.now(), random, signer: authority.signer },
      ),
    );

    printTable([
      line(`LFR generate, ${fmt(HOLDERS)} holders`, large.generate, coreMake.median, 'core sign + deflate + encrypt', 3),
      line('LFR upload (HTTP, stored)', large.upload, coreOpen.median, 'core open of the file', 3),
      line('OLF issue answering it (HTTP)', large.issue, small.issue, 'for a one-holder tenant', 1.5),
      line('  (for reference) core OLF issue', coreIssue.median, coreIssue.median, 'itself', 1),
      line('OLF install at the large tenant', large.install, small.install, 'at a one-holder tenant', 1.5),
    ]);
  } finally {
    await running.close();
  }
} finally {
  await app.close();
  await store.dispose();
  await rm(root, { recursive: true, force: true });
}
say(`\n(whole run ${fmt((performance.now() - startedAt) / 1000, 1)} s)`);
