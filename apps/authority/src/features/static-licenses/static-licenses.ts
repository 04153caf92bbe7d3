import { AirlockError, type LicenseItem } from '@airlock/core';
import { isCalendarDate, utcDate } from '@airlock/core/internal';
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../http/audit.ts';
import type { Actor } from '../../http/audit.ts';
import { orderTables, type OrdersDatabase } from '../orders/order-tables.ts';

/**
 * The move off static licenses (docs/connected.md, "Moving off static licenses"): the vendor
 * marks a customer with the last day its orders may still be activated, and sees every
 * Registration Key still on a static license — one whose latest activated license no LFR has
 * replaced yet with an OLF issued.
 */

/** A Registration Key still on static licenses, with the license it holds. */
export interface StaticLicense {
  readonly customerId: string;
  readonly customerName: string;
  readonly registrationKey: string;
  /** The RK's latest activated license: the one a moving tenant's LFRs name in `replaces`. */
  readonly licenseId: string;
  readonly revision: number;
  readonly activatedAt: string;
  /** Its items in force today (UTC): permanent ones, and the others until their expiry day. */
  readonly items: LicenseItem[];
  /** The customer's last day for activating orders, or null when it is not marked for migration. */
  readonly renewUntil: string | null;
  /** An LFR that replaces this license was received, and no OLF answers it yet: the tenant is moving. */
  readonly moving: boolean;
}

/** A customer's standing on static licenses: its migration date and the RKs still on them. */
export interface StaticLicenseSummary {
  readonly customerId: string;
  readonly customerName: string;
  /** The last day an order may be activated for it (UTC), or null: not marked for migration. */
  readonly renewUntil: string | null;
  /** True once today (UTC) is after `renewUntil`: activating its orders is refused. */
  readonly ended: boolean;
  readonly licenses: StaticLicense[];
}

/** The most RKs one page of `listStaticLicenses` gives. */
export const STATIC_LICENSES_PAGE_MAX = 500;

/**
 * True when static licenses have ended for a customer marked with `renewUntil`: today (UTC, at
 * `now`) is after that day. The day itself still activates.
 *
 * @example
 * ```ts
 * staticLicensesEnded('2026-12-31', new Date('2026-12-31T23:59:59Z')); // false
 * staticLicensesEnded('2026-12-31', new Date('2027-01-01T00:00:00Z')); // true
 * ```
 */
export function staticLicensesEnded(renewUntil: string | null, now: Date): boolean {
  return renewUntil !== null && utcDate(now) > renewUntil;
}

/**
 * The items of an activated license in force on `today` (YYYY-MM-DD, UTC): permanent items, and
 * every other kind until its expiry day, that day included — what the tenant may use that day
 * (docs/connected.md: the authority answers a moving tenant's LFR with at least these).
 *
 * @example
 * ```ts
 * itemsInForce([{ product: 'rpa', licenseType: 'runner', quantity: 2, kind: 'term', expiresOn: '2026-12-01' }], '2026-12-02'); // []
 * ```
 */
export function itemsInForce(items: readonly LicenseItem[], today: string): LicenseItem[] {
  return items.filter((item) => item.kind === 'permanent' || (item.expiresOn !== undefined && item.expiresOn >= today));
}

/**
 * Refuses to activate an order for a customer whose static licenses have ended:
 * STATIC_LICENSES_ENDED, with the customer and its date. Runs inside the activation's transaction,
 * before anything is written.
 *
 * @example
 * ```ts
 * await refuseEndedStaticLicenses(trx, order.customer_id, by.now);
 * ```
 */
export async function refuseEndedStaticLicenses(db: Db, customerId: string, now: Date): Promise<void> {
  const row = await db.selectFrom('customers').select('static_renew_until').where('id', '=', customerId).executeTakeFirst();
  const renewUntil = row?.static_renew_until ?? null;
  if (staticLicensesEnded(renewUntil, now)) throw new AirlockError('STATIC_LICENSES_ENDED', { customerId, renewUntil });
}

/**
 * Marks a customer for migration off static licenses with the last day its orders may be
 * activated (`YYYY-MM-DD`), or clears the mark (null), audited with the date before and after;
 * answers the customer's summary. Refusals, each writing nothing: DATE_INVALID, NOT_FOUND. The
 * same date again changes nothing and records nothing.
 *
 * @example
 * ```ts
 * await setStaticRenewUntil(db, 'acme', '2027-03-31', by);
 * ```
 */
export async function setStaticRenewUntil(db: Db, customerId: string, renewUntil: string | null, by: Actor): Promise<StaticLicenseSummary> {
  if (renewUntil !== null && !isCalendarDate(renewUntil)) throw new AirlockError('DATE_INVALID', { field: 'renewUntil', value: renewUntil });
  await db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('customers').select('static_renew_until').where('id', '=', customerId).forUpdate().executeTakeFirst();
    if (!locked) throw new AirlockError('NOT_FOUND', { customer: customerId });
    const before = locked.static_renew_until ?? null;
    if (before === renewUntil) return;
    await trx.updateTable('customers').set({ static_renew_until: renewUntil }).where('id', '=', customerId).execute();
    await recordAudit(trx, {
      ...by,
      action: 'customer.static-licenses',
      objectType: 'customer',
      objectId: customerId,
      before: { renewUntil: before },
      after: { renewUntil },
      at: by.now,
    });
  });
  return getStaticLicenseSummary(db, customerId, by.now);
}

/**
 * A customer's migration date and every one of its RKs still on static licenses, with the items
 * in force at `now`. NOT_FOUND for an unknown customer.
 */
export async function getStaticLicenseSummary(db: Db, customerId: string, now: Date): Promise<StaticLicenseSummary> {
  const customer = await db.selectFrom('customers').select(['id', 'name', 'static_renew_until']).where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
  const renewUntil = customer.static_renew_until ?? null;
  const licenses = await selectStaticLicenses(orderTables(db), { customerId }, now);
  return { customerId: customer.id, customerName: customer.name, renewUntil, ended: staticLicensesEnded(renewUntil, now), licenses };
}

export interface StaticLicensePage {
  readonly licenses: StaticLicense[];
  /** The `after` of the next page, or null when this page is the last. */
  readonly next: string | null;
}

/**
 * Every RK still on static licenses, by customer and RK, a page at a time: after the cursor
 * `after` (a `next` of an earlier page, `<customerId>/<registrationKey>`), at most `limit`
 * (1 to 500).
 *
 * @example
 * ```ts
 * const { licenses, next } = await listStaticLicenses(db, { limit: 100 }, deps.clock.now());
 * ```
 */
export async function listStaticLicenses(
  db: Db,
  filter: { readonly customerId?: string | undefined; readonly after?: string | undefined; readonly limit?: number | undefined },
  now: Date,
): Promise<StaticLicensePage> {
  const limit = Math.min(Math.max(filter.limit ?? STATIC_LICENSES_PAGE_MAX, 1), STATIC_LICENSES_PAGE_MAX);
  const after = filter.after === undefined ? undefined : parseCursor(filter.after);
  const rows = await selectStaticLicenses(orderTables(db), { customerId: filter.customerId, after, limit: limit + 1 }, now);
  const licenses = rows.slice(0, limit);
  const last = licenses.at(-1);
  return { licenses, next: rows.length > limit && last ? `${last.customerId}/${last.registrationKey}` : null };
}

function parseCursor(cursor: string): { customerId: string; registrationKey: string } {
  const slash = cursor.indexOf('/');
  if (slash <= 0) throw new AirlockError('REQUEST_INVALID', { field: 'after', reason: 'not a cursor this list gave' });
  return { customerId: cursor.slice(0, slash), registrationKey: cursor.slice(slash + 1) };
}

/**
 * The RKs whose latest activated license no LFR of the same customer has replaced with an OLF
 * issued: `license_file_requests.replaces_license_id` names the license, an OLF answers the LFR.
 */
async function selectStaticLicenses(
  db: Kysely<OrdersDatabase>,
  filter: { customerId?: string | undefined; after?: { customerId: string; registrationKey: string } | undefined; limit?: number },
  now: Date,
): Promise<StaticLicense[]> {
  let query = db
    .selectFrom('registration_keys as rk')
    .innerJoin('activated_licenses as al', (join) =>
      join.onRef('al.registration_key', '=', 'rk.registration_key').onRef('al.revision', '=', 'rk.latest_revision'),
    )
    .innerJoin('customers as c', 'c.id', 'rk.customer_id')
    .select((eb) => [
      'rk.customer_id',
      'c.name as customer_name',
      'c.static_renew_until',
      'rk.registration_key',
      'al.id as license_id',
      'al.revision',
      'al.issued_at',
      'al.items',
      eb
        .exists(
          eb
            .selectFrom('license_file_requests as moving')
            .select(sql<number>`1`.as('one'))
            .whereRef('moving.replaces_license_id', '=', 'al.id')
            .whereRef('moving.customer_id', '=', 'al.customer_id'),
        )
        .as('moving'),
    ])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('license_file_requests as replacing')
            .innerJoin('offline_license_files as olf', 'olf.lfr_id', 'replacing.id')
            .select(sql<number>`1`.as('one'))
            .whereRef('replacing.replaces_license_id', '=', 'al.id')
            .whereRef('replacing.customer_id', '=', 'al.customer_id'),
        ),
      ),
    )
    .orderBy('rk.customer_id')
    .orderBy('rk.registration_key');
  if (filter.customerId !== undefined) query = query.where('rk.customer_id', '=', filter.customerId);
  const after = filter.after;
  if (after !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('rk.customer_id', '>', after.customerId),
        eb.and([eb('rk.customer_id', '=', after.customerId), eb('rk.registration_key', '>', after.registrationKey)]),
      ]),
    );
  }
  if (filter.limit !== undefined) query = query.limit(filter.limit);
  const today = utcDate(now);
  const rows = await query.execute();
  return rows.map((row) => ({
    customerId: row.customer_id,
    customerName: row.customer_name,
    registrationKey: row.registration_key,
    licenseId: row.license_id,
    revision: row.revision,
    activatedAt: row.issued_at.toISOString(),
    items: itemsInForce(row.items, today),
    renewUntil: row.static_renew_until ?? null,
    moving: Boolean(row.moving),
  }));
}
