import { endOfCalendarDate } from '@airlock/core/internal';
import { refusalCodeOf, registerMetrics } from '@airlock/http';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Site } from '../site/site.ts';

/** Seconds, from a fraction of a millisecond (an fdatasync on fast flash) to the slow disks of a plant. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

/** An ISO instant as Unix seconds, the way Prometheus compares times (`time()`). */
const unixSeconds = (iso: string) => Date.parse(iso) / 1000;

/**
 * The site's Prometheus metrics at `GET /metrics` (README, "Monitoring a site"), beside the
 * process's own and the request durations both servers have:
 *
 * - every answer to a licensed application, by route and code (`OK`, or the refusal's code);
 * - the ledger: each record's time to acknowledgement, each group commit's records, bytes and
 *   write + fdatasync time;
 * - per tenant, read when scraped: its headline status, the deadlines of its cycle and license as
 *   Unix times (alert on `… - time() < 86400`), seats and meters in use against their limits, and
 *   floating seats lent (leases and borrows apart).
 *
 * Labels hold only route patterns, codes, and the names of tenants, seat types and meters that
 * exist on the site, so nobody can grow the series by calling with made-up names.
 */
export function registerSiteMetrics(app: FastifyInstance, site: Site): void {
  const registry = registerMetrics(app, { siteAccess: 'public' });
  const registers = [registry];

  const decisions = new Counter({
    name: 'airlock_site_enforcement_decisions_total',
    help: 'Answers to licensed applications (feature checks, seats, meters, floating seats), by route and code: OK, or the code of the refusal.',
    labelNames: ['route', 'code'] as const,
    registers,
  });
  // A callback hook: it runs on every request, and an async hook's promise each costs.
  app.addHook('onResponse', (request, reply, done) => {
    if (request.routeOptions.config.siteAccess === 'application') {
      const route = request.routeOptions.url ?? 'unmatched';
      decisions.inc({ route, code: reply.statusCode < 400 ? 'OK' : (refusalCodeOf(request) ?? String(reply.statusCode)) });
    }
    done();
  });

  const recorded = new Histogram({
    name: 'airlock_site_ledger_record_seconds',
    help: 'Time from recording events to their acknowledgement (on disk, fdatasynced).',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const commitRecords = new Histogram({
    name: 'airlock_site_ledger_commit_records',
    help: 'Records written by one group commit of the ledger (one fdatasync).',
    buckets: BATCH_BUCKETS,
    registers,
  });
  const commitSeconds = new Histogram({
    name: 'airlock_site_ledger_commit_seconds',
    help: 'Time of one group commit: the block write and its fdatasync.',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const commitBytes = new Counter({ name: 'airlock_site_ledger_commit_bytes_total', help: 'Plaintext bytes of records written by group commits.', registers });
  site.observeJournal({
    onRecorded: (_events, seconds) => recorded.observe(seconds),
    onCommit: (commit) => {
      commitRecords.observe(commit.records);
      commitSeconds.observe(commit.seconds);
      commitBytes.inc(commit.bytes);
    },
  });

  new Gauge({
    name: 'airlock_site_ledger_writable',
    help: '1 while the ledger can record changes (verified, its disk taking writes), else 0.',
    registers,
    collect() {
      this.set(site.ready().ok ? 1 : 0);
    },
  });
  registerTenantGauges(site, registers);
}

/**
 * When the tenant's license ends, as Unix seconds: its OLF's expiry, or else, for a tenant
 * licensed by orders, the midnight UTC closing the last day its activated license counts (the
 * status's `endsOn`, the same instant the headline status turns `expired` at). Null without a
 * license, or while a permanent item keeps the activated license in force.
 */
function licenseEndOf(status: ReturnType<Site['status']>): number | null {
  if (status.license) return unixSeconds(status.license.expires.at);
  const endsOn = status.activatedLicense?.endsOn;
  return endsOn ? endOfCalendarDate(endsOn).getTime() / 1000 : null;
}

/** The per-tenant gauges, computed from the site's state when Prometheus scrapes. */
function registerTenantGauges(site: Site, registers: Registry[]): void {
  // Registered first: a scrape reads metrics in the order they were registered, and this one's
  // collect refreshes all the others from one read of every tenant's status (a tenant removed
  // since the last scrape leaves no stale series).
  new Gauge({
    name: 'airlock_site_tenants',
    help: 'Tenants on the site.',
    registers,
    collect() {
      this.set(refresh());
    },
  });
  const labelled = <Label extends string>(name: string, help: string, labelNames: readonly Label[]) => new Gauge({ name, help, labelNames, registers });
  const status = labelled('airlock_site_tenant_status', "The tenant's headline status: 1 on the series of its current status.", ['tenant', 'status']);
  const deadline = labelled(
    'airlock_site_deadline_timestamp_seconds',
    'When a deadline of the tenant falls, as a Unix time: cycle-locks (the site locks without an OLF), lfr-expires, install-before, license-ends.',
    ['tenant', 'deadline'],
  );
  const seatsUsed = labelled('airlock_site_seats_used', 'Named seats in use, per tenant and seat type.', ['tenant', 'type']);
  const seatsLimit = labelled('airlock_site_seats_limit', 'Seats the license grants, per tenant and seat type.', ['tenant', 'type']);
  const metersUsed = labelled('airlock_site_meter_used', "A meter's consumption in the current license, per tenant and meter.", ['tenant', 'meter']);
  const metersLimit = labelled('airlock_site_meter_limit', "A meter's limit, per tenant and meter.", ['tenant', 'meter']);
  const lent = labelled('airlock_site_floating_seats_lent', 'Floating seats lent to devices, per tenant, seat type and kind (lease or borrow).', [
    'tenant',
    'type',
    'kind',
  ]);

  const refresh = (): number => {
    for (const gauge of [status, deadline, seatsUsed, seatsLimit, metersUsed, metersLimit, lent]) gauge.reset();
    const tenants = site.tenants();
    for (const { tenant } of tenants) {
      const now = site.status(tenant);
      status.set({ tenant, status: now.status }, 1);
      const deadlines = now.cycle.deadlines;
      if (deadlines) {
        deadline.set({ tenant, deadline: 'cycle-locks' }, unixSeconds(deadlines.locks.at));
        deadline.set({ tenant, deadline: 'lfr-expires' }, unixSeconds(deadlines.lfrExpires.at));
        deadline.set({ tenant, deadline: 'install-before' }, unixSeconds(deadlines.installBefore.at));
      }
      const licenseEnds = licenseEndOf(now);
      if (licenseEnds !== null) deadline.set({ tenant, deadline: 'license-ends' }, licenseEnds);
      for (const seat of now.seats) {
        seatsUsed.set({ tenant, type: seat.type }, seat.used);
        seatsLimit.set({ tenant, type: seat.type }, seat.limit);
      }
      for (const meter of now.meters) {
        metersUsed.set({ tenant, meter: meter.meter }, meter.used);
        metersLimit.set({ tenant, meter: meter.meter }, meter.limit);
      }
    }
    for (const seats of site.lentSeats()) {
      lent.set({ tenant: seats.tenant, type: seats.type, kind: 'lease' }, seats.leases);
      lent.set({ tenant: seats.tenant, type: seats.type, kind: 'borrow' }, seats.borrows);
    }
    return tenants.length;
  };
}
