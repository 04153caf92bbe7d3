import { DAY } from '@airlock/core';
import { endOfCalendarDate, utcDate } from '@airlock/core/internal';
import type { Db } from '../../db/database.ts';
import type { ReminderSubject } from './reminder-letter.ts';
import type { ReminderKind } from './reminder-thresholds.ts';

/**
 * What may lapse within the reminder window, read for the expiry scanner (README, "Expiry
 * reminders"). Each candidate carries its deadline as the instant it lapses (`dueAt`) and the
 * last day it counts, the object its audit event names, and what its letter says.
 *
 * The deadlines:
 * - an account: the midnight UTC closing `accountEndsOn` (its last day);
 * - a device license: its `expiresAt`. Trials (no customer) and suspended licenses are left out:
 *   nobody is to be told about the first, and the second is not in use;
 * - an OLF due: each site tenant's current OLF (the latest issued to it) expires at the midnight
 *   UTC closing its end date. That is the tenant's real deadline: its next LFR must reach the
 *   vendor, and the OLF answering it be installed, before then, or the tenant is no longer
 *   licensed. Tenants exchanging over the link get a new OLF at every exchange, so they come
 *   within the window only when the link has stopped or the account ends — both worth telling.
 */
export interface ExpiryCandidate {
  readonly kind: ReminderKind;
  /** The reminder record's object: a customer id, a device license id, or `<site GUID>/<tenant>`. */
  readonly objectId: string;
  readonly customerId: string;
  readonly dueAt: Date;
  readonly lastDay: string;
  readonly subject: ReminderSubject;
  /** The audit event's object and what it says of the deadline. */
  readonly audit: {
    readonly action: 'customer.account-expiring' | 'device-license.expiring' | 'site.olf-due';
    readonly objectType: 'customer' | 'device-license' | 'site';
    readonly objectId: string;
    readonly deadline: Readonly<Record<string, string>>;
  };
}

/** Everything lapsing after `now` and at most `windowDays` later, in a stable order. */
export async function findExpiryCandidates(db: Db, now: Date, windowDays: number): Promise<ExpiryCandidate[]> {
  const until = new Date(now.getTime() + windowDays * DAY);
  // One after another: a PGlite database has one connection.
  const accounts = await accountCandidates(db, now, until);
  const devices = await deviceLicenseCandidates(db, now, until);
  const olfs = await olfCandidates(db, now, until);
  return [...accounts, ...devices, ...olfs];
}

async function accountCandidates(db: Db, now: Date, until: Date): Promise<ExpiryCandidate[]> {
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'account_ends_on'])
    .where('account_ends_on', '>=', utcDate(now))
    .where('account_ends_on', '<=', utcDate(until))
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    kind: 'account',
    objectId: row.id,
    customerId: row.id,
    dueAt: endOfCalendarDate(row.account_ends_on),
    lastDay: row.account_ends_on,
    subject: { kind: 'account' },
    audit: { action: 'customer.account-expiring', objectType: 'customer', objectId: row.id, deadline: { endsOn: row.account_ends_on } },
  }));
}

async function deviceLicenseCandidates(db: Db, now: Date, until: Date): Promise<ExpiryCandidate[]> {
  const rows = await db
    .selectFrom('device_licenses')
    .innerJoin('products', 'products.id', 'device_licenses.product_id')
    .select([
      'device_licenses.id',
      'device_licenses.customer_id',
      'device_licenses.expires_at',
      'device_licenses.license_key_hint',
      'products.name as product_name',
    ])
    .where('device_licenses.customer_id', 'is not', null)
    .where('device_licenses.suspended_at', 'is', null)
    .where('device_licenses.expires_at', '>', now)
    .where('device_licenses.expires_at', '<=', until)
    .orderBy('device_licenses.id')
    .execute();
  return rows.flatMap((row) => {
    if (row.customer_id === null || row.expires_at === null) return [];
    const candidate: ExpiryCandidate = {
      kind: 'device-license',
      objectId: row.id,
      customerId: row.customer_id,
      dueAt: row.expires_at,
      lastDay: utcDate(new Date(row.expires_at.getTime() - 1)),
      subject: { kind: 'device-license', licenseId: row.id, productName: row.product_name, keyHint: row.license_key_hint },
      audit: { action: 'device-license.expiring', objectType: 'device-license', objectId: row.id, deadline: { endsOn: row.expires_at.toISOString() } },
    };
    return [candidate];
  });
}

async function olfCandidates(db: Db, now: Date, until: Date): Promise<ExpiryCandidate[]> {
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('offline_license_files')
        .distinctOn(['site_guid', 'tenant'])
        .select(['id', 'site_guid', 'tenant', 'customer_id', 'ends_on'])
        .orderBy('site_guid')
        .orderBy('tenant')
        .orderBy('issued_at', 'desc')
        .orderBy('id', 'desc')
        .as('latest'),
    )
    .innerJoin('sites', 'sites.guid', 'latest.site_guid')
    .select(['latest.id', 'latest.site_guid', 'latest.tenant', 'latest.customer_id', 'latest.ends_on', 'sites.name as site_name'])
    .where('latest.ends_on', '>=', utcDate(now))
    .where('latest.ends_on', '<=', utcDate(until))
    .orderBy('latest.site_guid')
    .orderBy('latest.tenant')
    .execute();
  return rows.map((row) => {
    const dueAt = endOfCalendarDate(row.ends_on);
    return {
      kind: 'olf-due',
      objectId: `${row.site_guid}/${row.tenant}`,
      customerId: row.customer_id,
      dueAt,
      lastDay: row.ends_on,
      subject: { kind: 'olf-due', siteName: row.site_name, siteGuid: row.site_guid, tenant: row.tenant },
      audit: {
        action: 'site.olf-due',
        objectType: 'site',
        objectId: row.site_guid,
        deadline: { dueAt: dueAt.toISOString(), tenant: row.tenant, olfId: row.id },
      },
    };
  });
}
