import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { fetchPage, type ListSpec, type Page, type Paging } from '../../http/paging.ts';
import { tenantMode, type SiteMode } from './site-modes.ts';

/**
 * One connected site tenant as the console lists it (docs/connected.md, "How the authority
 * answers"): its link record, whose it is, how often its policy has it exchange, and whether it
 * is late.
 */
export interface SiteLinkListing {
  readonly customerId: string;
  readonly customerName: string;
  readonly siteGuid: string;
  readonly siteName: string;
  readonly tenant: string;
  /** The version the site stated at its last exchange. */
  readonly siteVersion: string;
  readonly firstExchangeAt: string;
  readonly lastExchangeAt: string;
  /** `answered`, `pending` or `refused`. */
  readonly lastStatus: string;
  /** The code of the last refusal or of what the answer waits for, or null. */
  readonly lastCode: string | null;
  readonly lastLfrId: string | null;
  /** How often the customer's policy has its connected sites exchange. */
  readonly exchangeIntervalMs: number;
  /** Two intervals after the last exchange: from then on, with no exchange since, the tenant is late. */
  readonly lateAfter: string;
  /** `files` once an LFR was carried by hand after the last exchange: the tenant left the link (`tenantMode`). */
  readonly mode: SiteMode;
  /** Still on the link, and no exchange for two intervals, by the authority's clock. */
  readonly late: boolean;
}

export interface SiteLinkFilter {
  readonly customerId?: string | undefined;
  /** Only the late ones (true), or only those on time (false). */
  readonly late?: boolean | undefined;
}

/**
 * True when a connected tenant has not exchanged for two of its policy's intervals: the console
 * lists it as late, before its cycle window ends and the site locks (docs/connected.md, "Threats").
 *
 * @example
 * ```ts
 * isLate(new Date('2026-12-01T00:00:00Z'), 86_400_000, new Date('2026-12-03T00:00:01Z')); // true
 * ```
 */
function isLate(lastExchangeAt: Date, exchangeIntervalMs: number, now: Date): boolean {
  return now.getTime() > lateAfter(lastExchangeAt, exchangeIntervalMs).getTime();
}

function lateAfter(lastExchangeAt: Date, exchangeIntervalMs: number): Date {
  return new Date(lastExchangeAt.getTime() + 2 * exchangeIntervalMs);
}

/**
 * The connected site tenants' pages (README, "Lists: pages, sorts and search"): by customer
 * (the default) or by last exchange, ties broken by the tenant's key `GUID/tenant`; `q` is a
 * prefix of the site's or the customer's name. The total is counted: a vendor's connected
 * tenants are far fewer than its device licenses.
 */
export const SITE_LINK_LIST: ListSpec<'customer' | 'lastExchangeAt'> = {
  id: "(site_links.site_guid || '/' || site_links.tenant)",
  idType: 'text',
  sorts: {
    customer: { expression: 'site_links.customer_id', type: 'text' },
    lastExchangeAt: { expression: 'site_links.last_exchange_at', type: 'timestamptz' },
  },
  defaultSort: 'customer',
  search: ['lower(sites.name) collate "C"', 'lower(customers.name) collate "C"'],
  total: true,
};

/**
 * The site tenants on the link with what the list shows of each, filtered by customer and by
 * `late` at `now` in SQL (so a page of late tenants is a page): late is still on the link (its
 * latest LFR was not carried by hand after its last exchange) and no exchange for two of its
 * policy's intervals, the rule of `tenantMode` and `isLate`.
 */
function selectSiteLinks(db: Db, filter: SiteLinkFilter, now: Date) {
  let query = db
    .selectFrom('site_links')
    .innerJoin('sites', 'sites.guid', 'site_links.site_guid')
    .innerJoin('customers', 'customers.id', 'site_links.customer_id')
    .innerJoin('policies', 'policies.id', 'customers.policy_id')
    .select([
      'site_links.customer_id',
      'customers.name as customer_name',
      'site_links.site_guid',
      'sites.name as site_name',
      'site_links.tenant',
      'site_links.site_version',
      'site_links.first_exchange_at',
      'site_links.last_exchange_at',
      'site_links.last_status',
      'site_links.last_code',
      'site_links.last_lfr_id',
      'policies.exchange_interval_ms',
      (eb) =>
        eb
          .selectFrom('license_file_requests as lfr')
          .select('lfr.via')
          .whereRef('lfr.site_guid', '=', 'site_links.site_guid')
          .whereRef('lfr.tenant', '=', 'site_links.tenant')
          .orderBy('lfr.received_at', 'desc')
          .orderBy('lfr.id', 'desc')
          .limit(1)
          .as('latest_lfr_via'),
      (eb) =>
        eb
          .selectFrom('license_file_requests as lfr')
          .select(sql<Date>`max(lfr.received_at)`.as('at'))
          .whereRef('lfr.site_guid', '=', 'site_links.site_guid')
          .whereRef('lfr.tenant', '=', 'site_links.tenant')
          .as('latest_lfr_at'),
    ]);
  if (filter.customerId !== undefined) query = query.where('site_links.customer_id', '=', filter.customerId);
  if (filter.late !== undefined) {
    const backToFiles = sql<boolean>`coalesce((
      select lfr.via = 'file' and lfr.received_at > site_links.last_exchange_at from license_file_requests lfr
      where lfr.site_guid = site_links.site_guid and lfr.tenant = site_links.tenant
      order by lfr.received_at desc, lfr.id desc limit 1), false)`;
    const overdue = sql<boolean>`site_links.last_exchange_at + policies.exchange_interval_ms * interval '2 milliseconds' < cast(${now.toISOString()} as timestamptz)`;
    const late = sql<boolean>`(not ${backToFiles} and ${overdue})`;
    query = query.where(filter.late ? late : sql<boolean>`not ${late}`);
  }
  return query;
}

type SiteLinkRow = Awaited<ReturnType<ReturnType<typeof selectSiteLinks>['execute']>>[number];

function listingOf(row: SiteLinkRow, now: Date): SiteLinkListing {
  const mode = tenantMode(
    row.latest_lfr_via && row.latest_lfr_at ? { via: row.latest_lfr_via, receivedAt: row.latest_lfr_at } : undefined,
    row.last_exchange_at,
  );
  return {
    customerId: row.customer_id,
    customerName: row.customer_name,
    siteGuid: row.site_guid,
    siteName: row.site_name,
    tenant: row.tenant,
    siteVersion: row.site_version,
    firstExchangeAt: row.first_exchange_at.toISOString(),
    lastExchangeAt: row.last_exchange_at.toISOString(),
    lastStatus: row.last_status,
    lastCode: row.last_code,
    lastLfrId: row.last_lfr_id,
    exchangeIntervalMs: row.exchange_interval_ms,
    lateAfter: lateAfter(row.last_exchange_at, row.exchange_interval_ms).toISOString(),
    mode,
    late: mode === 'connected' && isLate(row.last_exchange_at, row.exchange_interval_ms, now),
  };
}

/**
 * Every site tenant that exchanged over the link, with its customer's and site's names and the
 * exchange interval of the customer's policy (read from the policies table), by customer, site
 * and tenant; `late` is judged at `now`, the request's clock, for the tenants still on the link
 * (one that went back to files by hand is listed, never late). The deprecated bare array.
 *
 * @example
 * ```ts
 * const late = await listSiteLinks(db, { late: true }, deps.clock.now());
 * ```
 */
export async function listSiteLinks(db: Db, filter: SiteLinkFilter, now: Date): Promise<SiteLinkListing[]> {
  const rows = await selectSiteLinks(db, filter, now).orderBy('site_links.customer_id').orderBy('site_links.site_guid').orderBy('site_links.tenant').execute();
  return rows.map((row) => listingOf(row, now));
}

/**
 * One page of the connected site tenants, filtered as `listSiteLinks`, with the total.
 *
 * @example
 * ```ts
 * const { items, next, total } = await listSiteLinkPage(db, { late: true }, readPaging(SITE_LINK_LIST, { limit: '50' }), now);
 * ```
 */
export async function listSiteLinkPage(db: Db, filter: SiteLinkFilter, paging: Paging, now: Date): Promise<Page<SiteLinkListing>> {
  const { rows, next, total } = await fetchPage(selectSiteLinks(db, filter, now), SITE_LINK_LIST, paging);
  return { items: rows.map((row) => listingOf(row, now)), next, ...(total === undefined ? {} : { total }) };
}
