import { AirlockError, type LicenseFileRequest, type SiteEntitlement } from '@airlock/core';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { requireCustomer } from './offline-license-queries.ts';
import { fetchPage, type ListSpec, type Page, type Paging } from '../../http/paging.ts';

/**
 * The read side of the offline cycle: an issued OLF for download, the history of every cycle
 * of a site, and the usage the customer's sites reported. Nothing here changes anything.
 */

/** An issued Offline License File, with its text for download. */
export interface OlfView {
  readonly id: string;
  readonly lfrId: string;
  readonly siteGuid: string;
  readonly tenant: string;
  readonly cycle: number;
  readonly sequence: number;
  readonly start: string;
  readonly end: string;
  readonly entitlements: SiteEntitlement[];
  readonly issuedAt: string;
  readonly text: string;
}

interface OlfRow {
  readonly id: string;
  readonly lfr_id: string;
  readonly site_guid: string;
  readonly tenant: string;
  readonly cycle: number;
  readonly sequence: number;
  readonly starts_on: string;
  readonly ends_on: string;
  readonly entitlements: SiteEntitlement[];
  readonly issued_at: Date;
  readonly text: string;
}

export function olfView(row: OlfRow): OlfView {
  return {
    id: row.id,
    lfrId: row.lfr_id,
    siteGuid: row.site_guid,
    tenant: row.tenant,
    cycle: row.cycle,
    sequence: row.sequence,
    start: row.starts_on,
    end: row.ends_on,
    entitlements: row.entitlements,
    issuedAt: row.issued_at.toISOString(),
    text: row.text,
  };
}

function olfsOf(db: Db) {
  return db
    .selectFrom('offline_license_files as olf')
    .innerJoin('license_file_requests as lfr', 'lfr.id', 'olf.lfr_id')
    .select([
      'olf.id',
      'olf.lfr_id',
      'olf.site_guid',
      'olf.tenant',
      'lfr.cycle',
      'lfr.sequence',
      'olf.starts_on',
      'olf.ends_on',
      'olf.entitlements',
      'olf.issued_at',
      'olf.text',
    ]);
}

/**
 * One of the customer's OLFs, to download again; another customer's is NOT_FOUND.
 *
 * The row is found by its primary key alone and its customer checked here: given both
 * conditions, PostgreSQL may pick the `customer_id` index (their estimates tie while the
 * statistics lag behind a bulk issue) and then filter every OLF of the customer, thousands of
 * rows, for each download.
 */
export async function getOfflineLicenseFile(db: Db, customerId: string, olfId: string): Promise<OlfView> {
  const found = issuedOlfs.get(olfId) ?? (await loadIssuedOlf(db, olfId));
  if (!found || found.customerId !== customerId) throw new AirlockError('NOT_FOUND', { olf: olfId });
  return found.view;
}

/**
 * An issued OLF never changes — a new configuration is a new OLF — so a download that was read
 * once is served from memory afterwards: the license lookup is the authority's hot read path.
 * Bounded; the oldest entry goes first. Only found rows are kept, so unknown ids cannot fill it.
 */
const issuedOlfs = new Map<string, { readonly customerId: string; readonly view: OlfView }>();
const ISSUED_OLF_CACHE_LIMIT = 10_000;

async function loadIssuedOlf(db: Db, olfId: string): Promise<{ customerId: string; view: OlfView } | undefined> {
  const row = await olfsOf(db).select('olf.customer_id').where('olf.id', '=', olfId).executeTakeFirst();
  if (!row) return undefined;
  return holdIssuedOlf(row.customer_id, olfView(row));
}

/**
 * Keeps an OLF this process has just issued — its transaction committed — in memory, as its
 * first download would: a customer who configures an OLF downloads it next, and that download
 * then reads no database either. The view is the one stored, so it serializes alike.
 */
export function rememberIssuedOlf(customerId: string, issued: OlfView & { readonly warnings?: unknown }): void {
  const { id, lfrId, siteGuid, tenant, cycle, sequence, start, end, entitlements, issuedAt, text } = issued;
  holdIssuedOlf(customerId, { id, lfrId, siteGuid, tenant, cycle, sequence, start, end, entitlements, issuedAt, text });
}

/** Empties the memory of issued OLFs, as a process starting afresh has it (for tests). */
export function forgetIssuedOlfs(): void {
  issuedOlfs.clear();
}

function holdIssuedOlf(customerId: string, view: OlfView): { customerId: string; view: OlfView } {
  const found = { customerId, view };
  if (issuedOlfs.size >= ISSUED_OLF_CACHE_LIMIT) issuedOlfs.delete(issuedOlfs.keys().next().value!);
  issuedOlfs.set(view.id, found);
  return found;
}

/** One LFR in a cycle's history, with the OLF issued from it if any. */
export interface CycleLfr {
  readonly id: string;
  readonly sequence: number;
  readonly issuedAt: string;
  readonly receivedAt: string;
  /** A later LFR of the same tenant was seen: this one can no longer be answered. */
  readonly superseded: boolean;
  readonly olf: Omit<OlfView, 'text' | 'siteGuid' | 'tenant' | 'cycle' | 'sequence'> | null;
}

export interface SiteCycles {
  readonly siteGuid: string;
  readonly tenants: {
    readonly tenant: string;
    readonly cycles: { readonly cycle: number; readonly openedAt: string; readonly lfrs: CycleLfr[] }[];
  }[];
}

/**
 * The history of every cycle of one site, per tenant, oldest first: each LFR received, whether
 * a later one superseded it, and the OLF issued from it. A site of another customer is NOT_FOUND.
 */
export async function siteCycles(db: Db, customerId: string, siteGuid: string): Promise<SiteCycles> {
  const site = await db.selectFrom('sites').select('guid').where('guid', '=', siteGuid.toLowerCase()).where('customer_id', '=', customerId).executeTakeFirst();
  if (!site) throw new AirlockError('NOT_FOUND', { site: siteGuid });
  const [lfrs, olfs] = await Promise.all([
    db
      .selectFrom('license_file_requests')
      .select(['id', 'tenant', 'cycle', 'sequence', 'issued_at', 'received_at', sql<number>`(claims->>'cycleOpenedAt')::bigint`.as('cycle_opened_at')])
      .where('site_guid', '=', site.guid)
      .orderBy('tenant')
      .orderBy('cycle')
      .orderBy('sequence')
      .execute(),
    olfsOf(db).where('olf.site_guid', '=', site.guid).execute(),
  ]);
  const olfByLfr = new Map(olfs.map((row) => [row.lfr_id, olfView(row)]));
  const tenants = groupBy(lfrs, (lfr) => lfr.tenant).map(([tenant, ofTenant]) => {
    const latest = ofTenant.at(-1);
    const cycles = groupBy(ofTenant, (lfr) => lfr.cycle).map(([cycle, ofCycle]) => ({
      cycle,
      openedAt: new Date(Number(ofCycle[0]!.cycle_opened_at) * 1000).toISOString(),
      lfrs: ofCycle.map((lfr): CycleLfr => {
        const olf = olfByLfr.get(lfr.id);
        return {
          id: lfr.id,
          sequence: lfr.sequence,
          issuedAt: lfr.issued_at.toISOString(),
          receivedAt: lfr.received_at.toISOString(),
          superseded: lfr !== latest,
          olf: olf ? { id: olf.id, lfrId: olf.lfrId, start: olf.start, end: olf.end, entitlements: olf.entitlements, issuedAt: olf.issuedAt } : null,
        };
      }),
    }));
    return { tenant, cycles };
  });
  return { siteGuid: site.guid, tenants };
}

/** One cycle of a tenant: its number, when it opened, and its LFRs in order. */
export type SiteCycle = SiteCycles['tenants'][number]['cycles'][number];

/**
 * The pages of one tenant's cycles (README, "Lists: pages, sorts and search"): by cycle number,
 * newest first by default, read by the LFRs' unique index (site, tenant, cycle, sequence). No
 * search, no total.
 */
export const CYCLE_LIST: ListSpec<'cycle'> = {
  id: 'license_file_requests.cycle',
  idType: 'bigint',
  sorts: { cycle: { expression: 'license_file_requests.cycle', type: 'bigint' } },
  defaultSort: '-cycle',
  search: [],
  total: false,
};

/**
 * One page of one tenant's cycles of a site, newest first: each LFR received, whether a later
 * one of the tenant superseded it, and the OLF issued from it. A site of another customer is
 * NOT_FOUND; a tenant that sent nothing has an empty page.
 */
export async function siteCyclePage(db: Db, customerId: string, siteGuid: string, tenant: string, paging: Paging): Promise<Page<SiteCycle>> {
  const site = await db.selectFrom('sites').select('guid').where('guid', '=', siteGuid.toLowerCase()).where('customer_id', '=', customerId).executeTakeFirst();
  if (!site) throw new AirlockError('NOT_FOUND', { site: siteGuid });
  const cyclesOfTenant = db
    .selectFrom('license_file_requests')
    .select('license_file_requests.cycle')
    .where('license_file_requests.site_guid', '=', site.guid)
    .where('license_file_requests.tenant', '=', tenant)
    .groupBy('license_file_requests.cycle');
  const { rows, next } = await fetchPage(cyclesOfTenant, CYCLE_LIST, paging);
  if (rows.length === 0) return { items: [], next };
  const numbers = rows.map((row) => row.cycle);
  const lfrs = await db
    .selectFrom('license_file_requests')
    .select(['id', 'cycle', 'sequence', 'issued_at', 'received_at', sql<number>`(claims->>'cycleOpenedAt')::bigint`.as('cycle_opened_at')])
    .where('site_guid', '=', site.guid)
    .where('tenant', '=', tenant)
    .where('cycle', 'in', numbers)
    .orderBy('cycle')
    .orderBy('sequence')
    .execute();
  // The tenant's latest LFR (of its newest cycle), which no later one superseded.
  const latest = await db
    .selectFrom('license_file_requests')
    .select('id')
    .where('site_guid', '=', site.guid)
    .where('tenant', '=', tenant)
    .orderBy('cycle', 'desc')
    .orderBy('sequence', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const olfs = await olfsOf(db)
    .where(
      'olf.lfr_id',
      'in',
      lfrs.map((lfr) => lfr.id),
    )
    .execute();
  const olfByLfr = new Map(olfs.map((row) => [row.lfr_id, olfView(row)]));
  const items = numbers.map((cycle): SiteCycle => {
    const ofCycle = lfrs.filter((lfr) => lfr.cycle === cycle);
    return {
      cycle,
      openedAt: new Date(Number(ofCycle[0]!.cycle_opened_at) * 1000).toISOString(),
      lfrs: ofCycle.map((lfr): CycleLfr => {
        const olf = olfByLfr.get(lfr.id);
        return {
          id: lfr.id,
          sequence: lfr.sequence,
          issuedAt: lfr.issued_at.toISOString(),
          receivedAt: lfr.received_at.toISOString(),
          superseded: lfr.id !== latest.id,
          olf: olf ? { id: olf.id, lfrId: olf.lfrId, start: olf.start, end: olf.end, entitlements: olf.entitlements, issuedAt: olf.issuedAt } : null,
        };
      }),
    };
  });
  return { items, next };
}

/** The usage one LFR reported. */
export interface UsageReport {
  readonly lfrId: string;
  readonly cycle: number;
  readonly sequence: number;
  readonly issuedAt: string;
  readonly receivedAt: string;
  readonly usage: LicenseFileRequest['usage'];
}

export interface CustomerUsage {
  readonly sites: {
    readonly siteGuid: string;
    readonly tenant: string;
    readonly latest: UsageReport;
    /** Every report, oldest first (the latest is the last). */
    readonly history: UsageReport[];
  }[];
}

/** The usage the customer's site tenants reported, from every LFR they sent: the latest, and its history. */
export async function customerUsage(db: Db, customerId: string): Promise<CustomerUsage> {
  await requireCustomer(db, customerId);
  const rows = await db
    .selectFrom('license_file_requests')
    .select(['id', 'site_guid', 'tenant', 'cycle', 'sequence', 'issued_at', 'received_at', 'usage'])
    .where('customer_id', '=', customerId)
    .orderBy('site_guid')
    .orderBy('tenant')
    .orderBy('cycle')
    .orderBy('sequence')
    .execute();
  const sites = groupBy(rows, (row) => `${row.site_guid}/${row.tenant}`).map(([, reports]) => {
    const history = reports.map((row): UsageReport => ({
      lfrId: row.id,
      cycle: row.cycle,
      sequence: row.sequence,
      issuedAt: row.issued_at.toISOString(),
      receivedAt: row.received_at.toISOString(),
      usage: row.usage as LicenseFileRequest['usage'],
    }));
    return { siteGuid: reports[0]!.site_guid, tenant: reports[0]!.tenant, latest: history.at(-1)!, history };
  });
  return { sites };
}

/** One number an LFR reported, as a row of the usage over time (docs: README, "Exports"). */
export interface UsageReading {
  readonly siteGuid: string;
  readonly tenant: string;
  readonly lfrId: string;
  readonly cycle: number;
  readonly sequence: number;
  readonly issuedAt: string;
  readonly receivedAt: string;
  /** `seats` (users holding a named seat), `meter` (the total consumed), `floating-peak` and `floating-borrowed` (per UTC day). */
  readonly kind: 'seats' | 'meter' | 'floating-peak' | 'floating-borrowed';
  readonly type: string;
  /** The UTC day a floating figure is for; null for seats and meters, which are as of `issuedAt`. */
  readonly day: string | null;
  readonly value: number;
}

/**
 * The usage the customer's site tenants reported, as one row per number: each LFR's seats in use
 * and meter totals, and the daily floating peaks and borrows it carried — the table a spreadsheet
 * charts over time (`GET /v1/customers/{id}/usage/readings?format=csv`).
 */
export async function usageReadings(db: Db, customerId: string): Promise<UsageReading[]> {
  const { sites } = await customerUsage(db, customerId);
  return sites.flatMap(({ siteGuid, tenant, history }) =>
    history.flatMap((report) => {
      const at = {
        siteGuid,
        tenant,
        lfrId: report.lfrId,
        cycle: report.cycle,
        sequence: report.sequence,
        issuedAt: report.issuedAt,
        receivedAt: report.receivedAt,
      };
      return [
        ...report.usage.seats.map((seat): UsageReading => ({ ...at, kind: 'seats', type: seat.type, day: null, value: seat.used })),
        ...report.usage.meters.map((meter): UsageReading => ({ ...at, kind: 'meter', type: meter.type, day: null, value: meter.total })),
        ...(report.usage.floating ?? []).flatMap(({ type, days }) =>
          days.flatMap(({ day, peak, borrowed }): UsageReading[] => [
            { ...at, kind: 'floating-peak', type, day, value: peak },
            { ...at, kind: 'floating-borrowed', type, day, value: borrowed },
          ]),
        ),
      ];
    }),
  );
}

/** Consecutive runs of rows with the same key, in order (the rows come sorted by it). */
function groupBy<T, K>(rows: readonly T[], keyOf: (row: T) => K): [K, T[]][] {
  const groups: [K, T[]][] = [];
  for (const row of rows) {
    const key = keyOf(row);
    const last = groups.at(-1);
    if (last && last[0] === key) last[1].push(row);
    else groups.push([key, [row]]);
  }
  return groups;
}
