import type { DeviceLicenseTerms, DeviceMeter } from '@airlock/core';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { DeviceLicenseRow, EffectiveSettings } from './device-license-model.ts';

/**
 * Meter limits shared by the devices of a license (docs/devices.md, "Meter limits shared by
 * devices"). Each file the authority issues grants its device an allotment per limited meter:
 * how much it may consume beyond what the authority had counted from its reports. An
 * activation's outstanding reservation is the allotment of its last file less the reports
 * counted since that file; a new allotment comes out of what the license's limit (and its
 * overage allowance) leaves once everything counted and every other reservation is taken out.
 * Callers hold the license's lock (`lockLicense`), so two replicas never allot the same units.
 */

/** What a file grants: each meter's share, and the device's last report it counted through. */
export interface MeterGrant {
  readonly meters: DeviceMeter[];
  readonly reportedThrough: number;
}

/** A limited meter's totals as the vendor sees them. */
export interface MeterTotals {
  readonly meter: string;
  /** What the license's devices have reported (usage reports and deactivations). */
  readonly counted: number;
  /** null: unlimited. */
  readonly limit: number | null;
  /** The soft allowance beyond the limit. */
  readonly overage: number;
  /** The allotments the devices still hold and have not reported consuming. */
  readonly reserved: number;
}

type Reader = Db | Transaction<Database>;

/**
 * A meter's overage allowance: the license's own `overage` for it, else `meterOveragePercent`
 * of its limit, rounded up; 0 for an unlimited meter.
 */
function overageOf(
  meter: { readonly limit: number | null; readonly overage?: number | undefined },
  settings: Pick<EffectiveSettings, 'meterOveragePercent'>,
): number {
  if (meter.limit === null) return 0;
  return meter.overage ?? Math.ceil((meter.limit * settings.meterOveragePercent) / 100);
}

/** What the license's devices have reported, per meter. */
async function countedOf(db: Reader, licenseId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('device_license_usage').select(['meter', 'total']).where('license_id', '=', licenseId).execute();
  return new Map(rows.map(({ meter, total }) => [meter, Number(total)]));
}

/**
 * The outstanding reservations of the licenses' activations that still hold one (active, or
 * ended without the device's own deactivation), per activation and meter: the last file's
 * allotment less the reports counted after the report that file counted through.
 */
async function outstandingOf(db: Reader, licenseIds: readonly string[]): Promise<Map<string, { licenseId: string; meters: Map<string, number> }>> {
  const [allotments, reports] = await Promise.all([
    db
      .selectFrom('device_meter_allotments')
      .innerJoin('device_activations', 'device_activations.id', 'device_meter_allotments.activation_id')
      .select(['device_activations.license_id', 'device_meter_allotments.activation_id', 'device_meter_allotments.meter', 'device_meter_allotments.allotment'])
      .where('device_activations.license_id', 'in', licenseIds)
      .where('device_activations.reservation_released', '=', false)
      .execute(),
    db
      .selectFrom('device_usage_reports')
      .innerJoin('device_activations', 'device_activations.id', 'device_usage_reports.activation_id')
      .select(['device_usage_reports.activation_id', 'device_usage_reports.consumption'])
      .where('device_activations.license_id', 'in', licenseIds)
      .where('device_activations.reservation_released', '=', false)
      .whereRef('device_usage_reports.sequence', '>', 'device_activations.granted_through')
      .execute(),
  ]);
  const since = new Map<string, number>();
  for (const report of reports) {
    for (const { meter, amount } of report.consumption) {
      const key = `${report.activation_id}\u0000${meter}`;
      since.set(key, (since.get(key) ?? 0) + amount);
    }
  }
  const outstanding = new Map<string, { licenseId: string; meters: Map<string, number> }>();
  for (const { license_id: licenseId, activation_id: activation, meter, allotment } of allotments) {
    const left = Math.max(0, Number(allotment) - (since.get(`${activation}\u0000${meter}`) ?? 0));
    const held = outstanding.get(activation) ?? { licenseId, meters: new Map<string, number>() };
    held.meters.set(meter, left);
    outstanding.set(activation, held);
  }
  return outstanding;
}

/**
 * Works out what a file issued now to the activation grants, per meter of the license:
 * free = limit + overage − counted − the other activations' outstanding reservations; the
 * allotment is free capped at `meterAllotment`, or at an even share of free over the slots the
 * license has left for this device and those still to come (all of it when activations are
 * unlimited). Never below 0, and never below what the activation's own last file still
 * reserves: the device may keep that file, and the reservation must cover it.
 */
export async function grantMeters(
  trx: Transaction<Database>,
  license: DeviceLicenseRow,
  settings: EffectiveSettings,
  activation: { readonly id: string | null; readonly reportSequence: number },
): Promise<MeterGrant> {
  const limited = license.entitlements.meters.some((meter) => meter.limit !== null);
  const [counted, outstanding, others] = await Promise.all([
    countedOf(trx, license.id),
    limited ? outstandingOf(trx, [license.id]) : Promise.resolve(new Map<string, { licenseId: string; meters: Map<string, number> }>()),
    trx
      .selectFrom('device_activations')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('license_id', '=', license.id)
      .where('deactivated_at', 'is', null)
      .$if(activation.id !== null, (query) => query.where('id', '!=', activation.id!))
      .executeTakeFirstOrThrow(),
  ]);
  const otherActive = Number(others.n);
  const meters = license.entitlements.meters.map(({ meter, limit, overage: own }): DeviceMeter => {
    const total = counted.get(meter) ?? 0;
    const overage = overageOf({ limit, overage: own }, settings);
    if (limit === null) return { meter, limit, overage, counted: total, allotment: null };
    let reservedByOthers = 0;
    for (const [id, held] of outstanding) if (id !== activation.id) reservedByOthers += held.meters.get(meter) ?? 0;
    const free = Math.max(0, limit + overage - total - reservedByOthers);
    const slots = settings.maxActivations === null ? 1 : Math.max(1, settings.maxActivations - otherActive);
    const cap = settings.meterAllotment ?? Math.ceil(free / slots);
    const held = activation.id === null ? 0 : (outstanding.get(activation.id)?.meters.get(meter) ?? 0);
    return { meter, limit, overage, counted: total, allotment: Math.max(held, Math.min(free, cap)) };
  });
  return { meters, reportedThrough: activation.reportSequence };
}

/** Remembers what the file just issued to the activation grants: its reservation from now on. */
export async function recordGrant(trx: Transaction<Database>, activationId: string, grant: MeterGrant): Promise<void> {
  await trx.deleteFrom('device_meter_allotments').where('activation_id', '=', activationId).execute();
  const rows = grant.meters.flatMap(({ meter, allotment }) =>
    allotment === null || allotment === undefined ? [] : [{ activation_id: activationId, meter, allotment }],
  );
  if (rows.length > 0) await trx.insertInto('device_meter_allotments').values(rows).execute();
  await trx.updateTable('device_activations').set({ granted_through: grant.reportedThrough }).where('id', '=', activationId).execute();
}

/**
 * True when a file issued now would grant the activation something its last file did not: a
 * later report counted through, or another allotment of some meter. A refresh of the same
 * revision is issued only then, and not within the second its last file was issued: the
 * device applies a file of its revision only when issued later (`iat`, whole seconds), and a
 * grant it would not apply must not become the activation's reservation.
 */
export async function grantChanged(
  trx: Transaction<Database>,
  activation: { readonly id: string; readonly granted_through: number },
  grant: MeterGrant,
  now: Date,
): Promise<boolean> {
  if (!grant.meters.some((meter) => meter.limit !== null)) return false;
  const lastFile = await trx
    .selectFrom('device_license_files')
    .select((eb) => eb.fn.max('issued_at').as('at'))
    .where('activation_id', '=', activation.id)
    .executeTakeFirst();
  if (lastFile?.at && Math.floor(new Date(lastFile.at).getTime() / 1000) >= Math.floor(now.getTime() / 1000)) return false;
  if (grant.reportedThrough !== activation.granted_through) return true;
  const rows = await trx.selectFrom('device_meter_allotments').select(['meter', 'allotment']).where('activation_id', '=', activation.id).execute();
  const last = new Map(rows.map(({ meter, allotment }) => [meter, Number(allotment)]));
  return grant.meters.some(({ meter, allotment }) => allotment !== null && allotment !== undefined && last.get(meter) !== allotment);
}

/** The device's own deactivation was counted: its allotments reserve nothing from now on. */
export async function releaseReservation(trx: Transaction<Database>, activationId: string): Promise<void> {
  await trx.updateTable('device_activations').set({ reservation_released: true }).where('id', '=', activationId).execute();
}

/**
 * Each meter's totals for the vendor, per license: counted, limit, overage allowance and what
 * the devices still hold reserved. Two queries, however many licenses.
 */
export async function meterTotals(
  db: Db,
  licenses: readonly { readonly row: DeviceLicenseRow; readonly settings: Pick<EffectiveSettings, 'meterOveragePercent'> }[],
): Promise<Map<string, MeterTotals[]>> {
  const ids = licenses.map(({ row }) => row.id);
  if (ids.length === 0) return new Map();
  const [usage, outstanding] = await Promise.all([
    db.selectFrom('device_license_usage').select(['license_id', 'meter', 'total']).where('license_id', 'in', ids).execute(),
    outstandingOf(db, ids),
  ]);
  const counted = new Map(usage.map(({ license_id: licenseId, meter, total }) => [`${licenseId}\u0000${meter}`, Number(total)]));
  const reserved = new Map<string, number>();
  for (const { licenseId, meters } of outstanding.values()) {
    for (const [meter, left] of meters) reserved.set(`${licenseId}\u0000${meter}`, (reserved.get(`${licenseId}\u0000${meter}`) ?? 0) + left);
  }
  return new Map(
    licenses.map(({ row, settings }) => [
      row.id,
      row.entitlements.meters.map(({ meter, limit, overage }) => {
        const key = `${row.id}\u0000${meter}`;
        return { meter, counted: counted.get(key) ?? 0, limit, overage: overageOf({ limit, overage }, settings), reserved: reserved.get(key) ?? 0 };
      }),
    ]),
  );
}

/** The terms of a file with the grant in them: each meter's share, and the report counted through. */
export function grantedTerms(terms: DeviceLicenseTerms, grant: MeterGrant): DeviceLicenseTerms {
  return { ...terms, entitlements: { features: terms.entitlements.features, meters: grant.meters }, reportedThrough: grant.reportedThrough };
}

/** The grant as the audit log keeps it: the allotment of each limited meter. */
export function auditedGrant(grant: MeterGrant): { allotments?: { meter: string; allotment: number }[]; reportedThrough?: number } {
  const allotments = grant.meters.flatMap(({ meter, allotment }) => (allotment === null || allotment === undefined ? [] : [{ meter, allotment }]));
  return allotments.length === 0 ? {} : { allotments, reportedThrough: grant.reportedThrough };
}
