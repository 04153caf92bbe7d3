import type { OpenedDeviceActivationRequest } from '@airlock/core';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ActivationRow } from './device-exchange.ts';
import type { DeviceChannel } from './device-rules.ts';

/** The writes of an activation: a new activation of a device, or a fresh file for one already active. */

/** A device activated: its activation, and the device license file to install. */
export interface DeviceActivation {
  readonly activationId: string;
  readonly licenseId: string;
  /** The armoured device license file. */
  readonly text: string;
  readonly revision: number;
}

/** Records a device's new activation of a license, from its request. */
export async function insertActivation(
  trx: Transaction<Database>,
  request: OpenedDeviceActivationRequest,
  made: { id: string; licenseId: string; fileId: string; revision: number; channel: DeviceChannel; actor: string; now: Date },
): Promise<string> {
  const { claims } = request;
  await trx
    .insertInto('device_activations')
    .values({
      id: made.id,
      license_id: made.licenseId,
      fingerprint: claims.fingerprint,
      device_key_thumbprint: request.signerKid,
      device_signing_key: JSON.stringify(request.signerKey),
      device_encryption_key: JSON.stringify(claims.deviceEncryptionKey),
      device_name: claims.deviceName ?? null,
      sdk_version: claims.sdkVersion,
      app_version: claims.appVersion ?? null,
      channel: made.channel,
      license_file_id: made.fileId,
      license_file_revision: made.revision,
      activated_at: made.now,
      activated_by: made.actor,
      last_seen_at: made.now,
      last_online_at: made.channel === 'online' ? made.now : null,
      deactivated_at: null,
      variables: null,
      virtual_machine: claims.environment?.virtualMachine ?? null,
      container: claims.environment?.container ?? null,
    })
    .execute();
  return made.id;
}

/** The device installs the new file: refreshes then amend it, encrypted to the key it just sent. */
export async function renewActivation(
  trx: Transaction<Database>,
  existing: ActivationRow,
  request: OpenedDeviceActivationRequest,
  renewed: { fileId: string; revision: number; channel: DeviceChannel; now: Date },
): Promise<string> {
  const { claims } = request;
  const { now } = renewed;
  await trx
    .updateTable('device_activations')
    .set({
      license_file_id: renewed.fileId,
      license_file_revision: renewed.revision,
      ...(renewed.channel === 'online' ? { last_online_at: now } : {}),
      device_encryption_key: JSON.stringify(claims.deviceEncryptionKey),
      device_name: claims.deviceName ?? null,
      sdk_version: claims.sdkVersion,
      app_version: claims.appVersion ?? null,
      last_seen_at: now,
      virtual_machine: claims.environment?.virtualMachine ?? null,
      container: claims.environment?.container ?? null,
    })
    .where('id', '=', existing.id)
    .execute();
  return existing.id;
}
