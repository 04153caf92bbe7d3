import { AirlockError, issueDeviceCheckInReceipt, type AuthoritySigner, type DeviceActivationStatus, type Outcome, type Random } from '@airlock/core';
import type { Selectable, Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database, DeviceActivationTable } from '../../db/schema.ts';
import type { AuthorityKeys } from '../../keys/authority-keys.ts';

/**
 * What the device exchanges (activation, refresh, validation, deactivation, usage reports)
 * share: their dependencies, the request's context, and the writes several of them make.
 */
export interface DeviceExchangeDeps {
  readonly db: Db;
  readonly keys: AuthorityKeys;
  readonly random: Random;
}

/** The request a device exchange answers: its time, and the license rate limit it counts against. */
export interface DeviceRequestContext {
  readonly now: Date;
  /**
   * Counts one request against the license's limit; throws RATE_LIMITED past it. New trials of a
   * product, which name no license yet, count against `trial-starts:<product>` instead.
   */
  readonly admit: (licenseId: string, limitedBy?: 'license' | 'trial starts') => void;
  /** The HTTP request's id, for the audit log. */
  readonly requestId?: string | undefined;
}

export type ActivationRow = Selectable<DeviceActivationTable>;

/** Throws a refusal as its AirlockError. */
export function enforce(outcome: Outcome): void {
  if (!outcome.ok) throw new AirlockError(outcome.code, outcome.detail);
}

/**
 * The activation a device license file was issued for (a deactivation file and a usage report
 * answer it), provided the file, its license and its fingerprint agree with what the device
 * says; NOT_FOUND otherwise.
 */
export async function activationOfLicenseFile(
  db: Db,
  claims: { readonly answers: readonly string[]; readonly licenseId: string; readonly fingerprint: string },
): Promise<ActivationRow> {
  const fileId = claims.answers[0];
  const activation =
    fileId === undefined
      ? undefined
      : await db
          .selectFrom('device_license_files')
          .innerJoin('device_activations', 'device_activations.id', 'device_license_files.activation_id')
          .selectAll('device_activations')
          .where('device_license_files.id', '=', fileId)
          .where('device_license_files.kind', '=', 'license')
          .executeTakeFirst();
  if (!activation || activation.license_id !== claims.licenseId || activation.fingerprint !== claims.fingerprint) {
    throw new AirlockError('NOT_FOUND', {
      licenseFile: fileId ?? null,
      license: claims.licenseId,
      reason: 'no device license file of this license and device has this id',
    });
  }
  return activation;
}

/** The activation, read again inside the transaction that holds its license's lock. */
export async function reloadActivation(trx: Transaction<Database>, activationId: string): Promise<ActivationRow> {
  return trx.selectFrom('device_activations').selectAll().where('id', '=', activationId).executeTakeFirstOrThrow();
}

/**
 * The device's activation of the license: its active one, else its latest (deactivated), else
 * undefined. A device is its fingerprint and the key it signs with.
 */
export async function activationOfDevice(
  db: Db,
  licenseId: string,
  device: { readonly fingerprint: string; readonly keyThumbprint: string },
): Promise<ActivationRow | undefined> {
  return db
    .selectFrom('device_activations')
    .selectAll()
    .where('license_id', '=', licenseId)
    .where('fingerprint', '=', device.fingerprint)
    .where('device_key_thumbprint', '=', device.keyThumbprint)
    .orderBy((eb) => eb.case().when('deactivated_at', 'is', null).then(0).else(1).end())
    .orderBy('activated_at', 'desc')
    .orderBy('id')
    .executeTakeFirst();
}

/** Adds consumption to the license's usage, per meter, in the caller's transaction. */
export async function addUsage(
  trx: Transaction<Database>,
  licenseId: string,
  consumption: readonly { readonly meter: string; readonly amount: number }[],
): Promise<void> {
  const counted = consumption.filter(({ amount }) => amount > 0);
  if (counted.length === 0) return;
  await trx
    .insertInto('device_license_usage')
    .values(counted.map(({ meter, amount }) => ({ license_id: licenseId, meter, total: amount })))
    .onConflict((conflict) =>
      conflict.columns(['license_id', 'meter']).doUpdateSet((eb) => ({ total: eb('device_license_usage.total', '+', eb.ref('excluded.total')) })),
    )
    .execute();
}

/** Records a device license or refresh file the authority issued, so later uploads can name it. */
export async function recordIssuedFile(
  trx: Transaction<Database>,
  file: { id: string; activationId: string; licenseId: string; kind: 'license' | 'refresh'; revision: number; refreshes: string | null },
  by: { readonly actor: string; readonly now: Date },
): Promise<void> {
  await trx
    .insertInto('device_license_files')
    .values({
      id: file.id,
      activation_id: file.activationId,
      license_id: file.licenseId,
      kind: file.kind,
      revision: file.revision,
      refreshes: file.refreshes,
      issued_at: by.now,
      issued_by: by.actor,
    })
    .execute();
}

/** The audit log's name for a device, by the key it proved itself with. */
export function deviceActor(keyThumbprint: string): string {
  return `device:${keyThumbprint}`;
}

/**
 * The check-in receipt that answers a device's validation or usage report: signed by the
 * authority, it tells the device when it last reached the authority (docs/devices.md, "Offline
 * periods for online licenses"). It answers the device's request, so it cannot be replayed.
 */
export async function checkInReceipt(
  deps: Pick<DeviceExchangeDeps, 'random'>,
  signer: AuthoritySigner,
  activation: ActivationRow,
  answer: { readonly requestId: string; readonly status: DeviceActivationStatus; readonly revision: number },
  now: Date,
): Promise<string> {
  const { text } = await issueDeviceCheckInReceipt(
    {
      answers: answer.requestId,
      licenseId: activation.license_id,
      fingerprint: activation.fingerprint,
      activationId: activation.id,
      status: answer.status,
      revision: answer.revision,
    },
    { now, random: deps.random, signer },
  );
  return text;
}
