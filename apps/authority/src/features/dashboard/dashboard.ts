import { utcDate } from '@airlock/core/internal';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { isOpenLfr } from '../offline-licenses/offline-license-queries.ts';
import { orderTables } from '../orders/order-tables.ts';
import { listSiteLinks, type SiteLinkListing } from '../sites/site-link-list.ts';

/** How far ahead the dashboard looks for ends: licenses, accounts and OLFs ending within it. */
export const DASHBOARD_HORIZON_DAYS = 30;
/** A cycle whose window ends within this is "ending soon". */
const CYCLE_SOON_MS = 48 * 3_600_000;
/** The most rows each list of the dashboard carries; `count` says how many there are. */
export const DASHBOARD_ROWS = 20;

/** One list of the dashboard: how many there are, and the first `DASHBOARD_ROWS`, most urgent first. */
export interface DashboardList<T> {
  readonly count: number;
  readonly items: T[];
}

/** An LFR no OLF answers yet, the latest of its site tenant, with when its site locks. */
export interface AwaitedLfr {
  readonly lfrId: string;
  readonly customerId: string;
  readonly customerName: string;
  readonly siteGuid: string;
  readonly tenant: string;
  readonly receivedAt: string;
  /** When the site locks without its OLF: the earlier of the cycle's two windows. */
  readonly locksAt: string;
  /** `overdue`: the window ended; `soon`: it ends within 48 hours; `later`. */
  readonly urgency: 'overdue' | 'soon' | 'later';
}

/** What needs the vendor today (docs: README, "Web console and portal"). */
export interface VendorDashboard {
  readonly now: string;
  readonly offlineRequests: DashboardList<{
    readonly id: string;
    readonly customerId: string;
    readonly customerName: string;
    readonly reason: string;
    readonly requestedAt: string;
  }>;
  readonly lfrsAwaitingOlf: DashboardList<AwaitedLfr>;
  readonly accountsEnding: DashboardList<{ readonly customerId: string; readonly customerName: string; readonly accountEndsOn: string }>;
  readonly siteLicensesEnding: DashboardList<{
    readonly customerId: string;
    readonly customerName: string;
    readonly siteGuid: string;
    readonly tenant: string;
    readonly endsOn: string;
  }>;
  readonly deviceLicensesEnding: DashboardList<{
    readonly licenseId: string;
    readonly customerId: string | null;
    readonly product: string;
    readonly expiresAt: string;
  }>;
  readonly failedLetters: DashboardList<{
    readonly id: string;
    readonly orderId: string | null;
    readonly recipient: string;
    readonly subject: string;
    readonly attempts: number;
    readonly lastError: string | null;
  }>;
  readonly lateSites: DashboardList<SiteLinkListing>;
}

const list = <T>(items: readonly T[], count = items.length): DashboardList<T> => ({ count, items: items.slice(0, DASHBOARD_ROWS) });
const iso = (date: Date) => date.toISOString();

/**
 * What needs the vendor today, in one read: offline-licensing requests waiting for a decision;
 * LFRs no OLF answers yet (the latest of their site tenant), by when their site locks, the
 * overdue and those ending within 48 hours marked; customer accounts, site licenses (the OLF a
 * site tenant holds) and device licenses ending within 30 days; license letters that failed;
 * connected sites that are late. Each list counts every row and carries the most urgent first.
 *
 * @example
 * ```ts
 * const today = await vendorDashboard(db, clock.now());
 * today.lfrsAwaitingOlf.items.filter((lfr) => lfr.urgency !== 'later');
 * ```
 */
export async function vendorDashboard(db: Db, now: Date): Promise<VendorDashboard> {
  const today = utcDate(now);
  const horizon = utcDate(new Date(now.getTime() + DASHBOARD_HORIZON_DAYS * 86_400_000));
  const [offlineRequests, lfrsAwaitingOlf, accountsEnding, siteLicensesEnding, deviceLicensesEnding, failedLetters, lateSites] = await Promise.all([
    pendingOfflineRequests(db),
    awaitedLfrs(db, now),
    endingAccounts(db, today, horizon),
    endingSiteLicenses(db, today, horizon),
    endingDeviceLicenses(db, now, new Date(now.getTime() + DASHBOARD_HORIZON_DAYS * 86_400_000)),
    lettersFailed(db),
    listSiteLinks(db, { late: true }, now),
  ]);
  return {
    now: iso(now),
    offlineRequests,
    lfrsAwaitingOlf,
    accountsEnding,
    siteLicensesEnding,
    deviceLicensesEnding,
    failedLetters,
    lateSites: list(lateSites),
  };
}

async function pendingOfflineRequests(db: Db): Promise<VendorDashboard['offlineRequests']> {
  const [rows, counted] = await Promise.all([
    db
      .selectFrom('offline_requests as request')
      .innerJoin('customers as customer', 'customer.id', 'request.customer_id')
      .select(['request.id', 'request.customer_id', 'customer.name', 'request.reason', 'request.created_at'])
      .where('request.status', '=', 'pending')
      .orderBy('request.created_at')
      .orderBy('request.id')
      .limit(DASHBOARD_ROWS)
      .execute(),
    db
      .selectFrom('offline_requests')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow(),
  ]);
  return list(
    rows.map((row) => ({ id: row.id, customerId: row.customer_id, customerName: row.name, reason: row.reason, requestedAt: iso(row.created_at) })),
    Number(counted.count),
  );
}

/**
 * The open LFRs (the latest of their site tenant, no OLF answering them) that lock first, with
 * their count. A site locks at the earlier of its cycle's opening plus the policy's window from
 * the first LFR and this LFR plus the window from the latest; the database orders by that
 * instant, so only the rows shown leave it however many LFRs wait.
 */
async function awaitedLfrs(db: Db, now: Date): Promise<DashboardList<AwaitedLfr>> {
  const open = db
    .selectFrom('license_file_requests as lfr')
    .innerJoin('customers as customer', 'customer.id', 'lfr.customer_id')
    .innerJoin('policies as policy', 'policy.id', 'customer.policy_id')
    .where(isOpenLfr);
  const locksAt = sql<Date>`least(
    to_timestamp((lfr.claims->>'cycleOpenedAt')::bigint) + policy.cycle_window_from_first_lfr_ms * interval '1 millisecond',
    lfr.issued_at + policy.cycle_window_from_latest_lfr_ms * interval '1 millisecond')`;
  const [rows, counted] = await Promise.all([
    open
      .select(['lfr.id', 'lfr.customer_id', 'customer.name', 'lfr.site_guid', 'lfr.tenant', 'lfr.received_at', locksAt.as('locks_at')])
      .orderBy(locksAt)
      .orderBy('lfr.id')
      .limit(DASHBOARD_ROWS)
      .execute(),
    open.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return list(
    rows.map((row): AwaitedLfr => {
      const until = row.locks_at.getTime() - now.getTime();
      const urgency = until <= 0 ? 'overdue' : until <= CYCLE_SOON_MS ? 'soon' : 'later';
      return {
        lfrId: row.id,
        customerId: row.customer_id,
        customerName: row.name,
        siteGuid: row.site_guid,
        tenant: row.tenant,
        receivedAt: iso(row.received_at),
        locksAt: iso(row.locks_at),
        urgency,
      };
    }),
    Number(counted.count),
  );
}

async function endingAccounts(db: Db, today: string, horizon: string): Promise<VendorDashboard['accountsEnding']> {
  const ending = db.selectFrom('customers').where('account_ends_on', '>=', today).where('account_ends_on', '<=', horizon);
  const [rows, counted] = await Promise.all([
    ending.select(['id', 'name', 'account_ends_on']).orderBy('account_ends_on').orderBy('id').limit(DASHBOARD_ROWS).execute(),
    ending.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return list(
    rows.map((row) => ({ customerId: row.id, customerName: row.name, accountEndsOn: row.account_ends_on })),
    Number(counted.count),
  );
}

/** The site tenants whose held OLF (the latest issued to them) ends within the horizon. */
async function endingSiteLicenses(db: Db, today: string, horizon: string): Promise<VendorDashboard['siteLicensesEnding']> {
  const rows = await db
    .selectFrom('held_entitlements as held')
    .innerJoin('customers as customer', 'customer.id', 'held.customer_id')
    .select(['held.customer_id', 'customer.name', 'held.site_guid', 'held.tenant', 'held.ends_on'])
    .distinct()
    .where('held.ends_on', '>=', today)
    .where('held.ends_on', '<=', horizon)
    .orderBy('held.ends_on')
    .orderBy('held.customer_id')
    .orderBy('held.site_guid')
    .orderBy('held.tenant')
    .execute();
  return list(rows.map((row) => ({ customerId: row.customer_id, customerName: row.name, siteGuid: row.site_guid, tenant: row.tenant, endsOn: row.ends_on })));
}

async function endingDeviceLicenses(db: Db, now: Date, horizon: Date): Promise<VendorDashboard['deviceLicensesEnding']> {
  const ending = db.selectFrom('device_licenses').where('expires_at', '>', now).where('expires_at', '<=', horizon).where('suspended_at', 'is', null);
  const [rows, counted] = await Promise.all([
    ending.select(['id', 'customer_id', 'product_id', 'expires_at']).orderBy('expires_at').orderBy('id').limit(DASHBOARD_ROWS).execute(),
    ending.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return list(
    rows.map((row) => ({ licenseId: row.id, customerId: row.customer_id, product: row.product_id, expiresAt: iso(row.expires_at!) })),
    Number(counted.count),
  );
}

async function lettersFailed(db: Db): Promise<VendorDashboard['failedLetters']> {
  const failed = orderTables(db).selectFrom('mail_outbox').where('status', '=', 'failed');
  const [rows, counted] = await Promise.all([
    failed
      .select(['id', 'order_id', 'recipient', 'subject', 'attempts', 'last_error'])
      .orderBy('queued_at', 'desc')
      .orderBy('id')
      .limit(DASHBOARD_ROWS)
      .execute(),
    failed.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow(),
  ]);
  return list(
    rows.map((row) => ({
      id: row.id,
      orderId: row.order_id,
      recipient: row.recipient,
      subject: row.subject,
      attempts: row.attempts,
      lastError: row.last_error,
    })),
    Number(counted.count),
  );
}
