import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ActivationRow } from './device-exchange.ts';
import type { DeviceLicenseRow } from './device-license-model.ts';
import { isBlocked } from './vendor-device-control.ts';

/** What a device learns of its activation when it validates or checks in online. */
export type DeviceStatus = 'active' | 'deactivated' | 'suspended' | 'blocked' | 'expired';

/**
 * The activation's status as the device is told it (docs/devices.md, "Vendor control over
 * devices"), first that holds: `blocked` (the vendor blocked this fingerprint, which also freed
 * its slot), `deactivated` (its slot is free), `suspended` (the vendor suspended the license),
 * `expired` (past the grace after expiry), else `active`. Blocked comes before deactivated so that the device learns it may
 * not simply activate again; suspended before expired since a resume, not a renewal, is what
 * the license needs first.
 */
export async function deviceStatus(
  trx: Transaction<Database>,
  license: DeviceLicenseRow,
  activation: ActivationRow,
  now: Date,
  /** When the license stops working on its devices: its end plus its grace after expiry (`endOfGrace`); null: never. */
  expiredFrom: Date | null,
): Promise<DeviceStatus> {
  if (await isBlocked(trx, license.id, activation.fingerprint)) return 'blocked';
  if (activation.deactivated_at !== null) return 'deactivated';
  if (license.suspended_at !== null) return 'suspended';
  if (expiredFrom !== null && now >= expiredFrom) return 'expired';
  return 'active';
}
