import { AirlockError, type DeviceLicenseTerms, type LicenseKind, type LicensingPolicy } from '@airlock/core';
import type { Selectable, Transaction } from 'kysely';
import type { Database, DeviceLicenseTable } from '../../db/schema.ts';
import type { DeviceChannel, DeviceLicenseFacts } from './device-rules.ts';

/**
 * A device license as stored, and what follows from it and its policy: the settings in force
 * (its own where it overrides the policy, the policy's otherwise) and the terms a device
 * license or refresh file carries.
 */
export type DeviceLicenseRow = Selectable<DeviceLicenseTable>;

/** The settings a license runs under, each one its own override or else its policy's. */
export interface EffectiveSettings {
  readonly kind: LicenseKind;
  readonly allowOffline: boolean;
  readonly allowOnline: boolean;
  /** null: no limit. */
  readonly maxActivations: number | null;
  /** How long a device activated online may go without a validation or check-in; null: no limit. */
  readonly maxOfflineMs: number | null;
  readonly offlineGraceMs: number;
  readonly expiryGraceMs: number;
  /** The most of a meter's limit one file allots; null: an even share. */
  readonly meterAllotment: number | null;
  readonly meterOveragePercent: number;
  readonly allowVirtualMachines: boolean;
}

/** The license as the licensing rules take it. */
export function factsOf(row: DeviceLicenseRow, policy: LicensingPolicy): DeviceLicenseFacts {
  const { kind, allowOffline, maxActivations } = row.overrides;
  return {
    policy,
    kind,
    allowOffline,
    maxActivations,
    allowOnline: row.allow_online,
    expiresAt: row.expires_at,
    expiryGraceMs: row.overrides.expiryGraceMs ?? policy.expiryGracePeriod,
    suspended: row.suspended_at !== null,
  };
}

export function effectiveSettings(row: DeviceLicenseRow, policy: LicensingPolicy): EffectiveSettings {
  const { overrides } = row;
  return {
    kind: overrides.kind ?? policy.kind,
    allowOffline: overrides.allowOffline ?? policy.allowOffline,
    allowOnline: row.allow_online,
    maxActivations: overrides.maxActivations === undefined ? policy.maxActivations : overrides.maxActivations,
    maxOfflineMs: overrides.maxOfflineMs === undefined ? policy.maxOfflinePeriod : overrides.maxOfflineMs,
    offlineGraceMs: overrides.offlineGraceMs ?? policy.offlineGracePeriod,
    expiryGraceMs: overrides.expiryGraceMs ?? policy.expiryGracePeriod,
    meterAllotment: overrides.meterAllotment === undefined ? policy.meterAllotment : overrides.meterAllotment,
    meterOveragePercent: overrides.meterOveragePercent ?? policy.meterOveragePercent,
    allowVirtualMachines: overrides.allowVirtualMachines ?? policy.allowVirtualMachines,
  };
}

/**
 * What a device license or refresh file issued now says: the license at its current revision.
 * Only a file issued over the device API (`online`) carries the offline period: a device
 * licensed by files carried by hand is never asked to come online (docs/devices.md).
 */
export function termsOf(row: DeviceLicenseRow, policy: LicensingPolicy, channel: DeviceChannel): DeviceLicenseTerms {
  const settings = effectiveSettings(row, policy);
  return {
    licenseKind: settings.kind,
    revision: row.revision,
    validUntil: row.expires_at,
    entitlements: row.entitlements,
    metadata: row.metadata,
    checks: {
      allowOffline: settings.allowOffline,
      clockSkewTolerance: policy.clockSkewTolerance,
      maxOffline: channel === 'online' ? settings.maxOfflineMs : null,
      offlineGrace: channel === 'online' && settings.maxOfflineMs !== null ? settings.offlineGraceMs : 0,
      expiryGrace: settings.expiryGraceMs,
    },
    trial: row.credential === 'trial',
  };
}

/**
 * The license, its row locked until the transaction ends: activations, deactivations and usage
 * reports of one license are serialized on it, so a slot is never given twice and a count
 * never lost between replicas. NOT_FOUND when there is none.
 */
export async function lockLicense(trx: Transaction<Database>, licenseId: string): Promise<DeviceLicenseRow> {
  const row = await trx.selectFrom('device_licenses').selectAll().where('id', '=', licenseId).forUpdate().executeTakeFirst();
  if (!row) throw new AirlockError('NOT_FOUND', { license: licenseId });
  return row;
}
