import { AirlockError, issueDeviceRefreshFile, openDeviceActivationRequest, type AuthoritySigner, type LicensingPolicy } from '@airlock/core';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import type { Actor } from '../../http/audit.ts';
import { loadLicensingPolicy } from '../policies/licensing-policies.ts';
import { findLicenseByCredential } from './device-credentials.ts';
import {
  activationOfDevice,
  checkInReceipt,
  deviceActor,
  enforce,
  recordIssuedFile,
  type ActivationRow,
  type DeviceExchangeDeps,
  type DeviceRequestContext,
} from './device-exchange.ts';
import { effectiveSettings, factsOf, lockLicense, termsOf, type DeviceLicenseRow } from './device-license-model.ts';
import { auditedGrant, grantChanged, grantedTerms, grantMeters, recordGrant, type MeterGrant } from './meter-allotments.ts';
import { checkChannel, checkRefresh, endOfGrace, type DeviceChannel } from './device-rules.ts';
import { deviceStatus, type DeviceStatus } from './device-status.ts';
import { openDeviceUpload } from './device-uploads.ts';

/** A refresh file for an activated device. */
export interface DeviceRefresh {
  readonly activationId: string;
  readonly licenseId: string;
  /** The armoured device license refresh file. */
  readonly text: string;
  readonly revision: number;
  /** The device license file it amends. */
  readonly refreshes: string;
}

/** What a device learns when it validates online. */
export interface DeviceValidation {
  readonly activationId: string;
  readonly licenseId: string;
  readonly status: DeviceStatus;
  /** The license's current revision. */
  readonly revision: number;
  /** A refresh file, when the license is newer than what the device holds or its meter allotments changed. */
  readonly text?: string;
  /** The check-in receipt that answers the device's request (see `checkInReceipt`). */
  readonly receipt: string;
}

/**
 * The vendor's refresh file for one activated device (docs/design.md, F4): the license as it now stands,
 * for the device to import offline. Refused, in this order: NOT_FOUND (license or activation),
 * DEVICE_NOT_ACTIVE, LICENSE_SUSPENDED, the offline rules (OFFLINE_NOT_ALLOWED,
 * SUBSCRIPTION_NOT_OFFLINE, LICENSE_EXPIRED), LICENSE_UP_TO_DATE when the license was not edited
 * since the device's file and a new file would grant the same meter allotments (docs/devices.md,
 * "Meter limits shared by devices").
 *
 * @example
 * ```ts
 * const { text, revision } = await issueRefreshForActivation(deps, licenseId, activationId, by);
 * ```
 */
export async function issueRefreshForActivation(deps: DeviceExchangeDeps, licenseId: string, activationId: string, by: Actor): Promise<DeviceRefresh> {
  // The signer is read before the transaction: reading it may query the database, whose one
  // embedded connection the transaction holds.
  const signer = await deps.keys.signer();
  return deps.db.transaction().execute(async (trx) => {
    const license = await lockLicense(trx, licenseId);
    const activation = await trx
      .selectFrom('device_activations')
      .selectAll()
      .where('id', '=', activationId)
      .where('license_id', '=', licenseId)
      .executeTakeFirst();
    if (!activation) throw new AirlockError('NOT_FOUND', { license: licenseId, activation: activationId });
    requireActive(activation);
    const policy = await loadLicensingPolicy(trx, license.policy_id);
    enforce(checkRefresh(factsOf(license, policy), 'offline', by.now));
    return refresh(deps, trx, { license, policy, activation, held: activation.license_file_revision, signer, channel: 'offline' }, by);
  });
}

/**
 * The offline portal's refresh (docs/design.md, F4): an activated device sends a new activation request,
 * signed by the same device key, and gets the refresh file of its license, with no vendor
 * involved. No password is asked: the device key proves the device. Refused: the credential
 * checks of an activation, DEVICE_NOT_ACTIVE, LICENSE_SUSPENDED, the offline rules,
 * LICENSE_UP_TO_DATE (the license is not newer than the device's file, nor than the
 * `currentRevision` it reports, and the device's meter allotments would not change).
 *
 * @example
 * ```ts
 * const { text, revision } = await refreshForDevice(deps, { text: upload }, { now, admit });
 * ```
 */
export async function refreshForDevice(deps: DeviceExchangeDeps, input: { readonly text: string }, context: DeviceRequestContext): Promise<DeviceRefresh> {
  const device = await identifyDevice(deps, input.text, context);
  // The signer is read before the transaction: reading it may query the database, whose one
  // embedded connection the transaction holds.
  const signer = await deps.keys.signer();
  return deps.db.transaction().execute(async (trx) => {
    const license = await lockLicense(trx, device.licenseId);
    const activation = await activationOfDevice(trx, license.id, device);
    if (!activation) throw notActive(license.id);
    requireActive(activation);
    const policy = await loadLicensingPolicy(trx, license.policy_id);
    enforce(checkRefresh(factsOf(license, policy), 'offline', context.now));
    const held = Math.max(activation.license_file_revision, device.currentRevision ?? 0);
    return refresh(
      deps,
      trx,
      { license, policy, activation, held, signer, channel: 'offline' },
      { actor: deviceActor(device.keyThumbprint), now: context.now, requestId: context.requestId },
    );
  });
}

/**
 * Online validation (docs/design.md, F4): a fresh activation request signed by the device key proves the
 * device; the answer says whether its activation is active, blocked, deactivated, suspended or
 * expired (`deviceStatus`), with a refresh file only when it is active and the license is newer
 * than the revision the device reports (or, when it reports none, than the file it was
 * activated with) or the device's meter allotments changed (a refresh of the same revision),
 * and always a check-in receipt that answers the request. During the grace after expiry the
 * activation is still `active` (the device may keep working, and a renewal reaches it as a
 * refresh); `expired` from the grace's end. Refused: the credential checks,
 * ONLINE_NOT_ALLOWED, DEVICE_NOT_ACTIVE for a device never activated on the license.
 *
 * @example
 * ```ts
 * const { status, text, receipt } = await validateDevice(deps, { text: request }, { now, admit });
 * ```
 */
export async function validateDevice(deps: DeviceExchangeDeps, input: { readonly text: string }, context: DeviceRequestContext): Promise<DeviceValidation> {
  const device = await identifyDevice(deps, input.text, context);
  // The signer is read before the transaction: reading it may query the database, whose one
  // embedded connection the transaction holds.
  const signer = await deps.keys.signer();
  return deps.db.transaction().execute(async (trx) => {
    const license = await lockLicense(trx, device.licenseId);
    const policy = await loadLicensingPolicy(trx, license.policy_id);
    const facts = factsOf(license, policy);
    enforce(checkChannel(facts, 'online', 'validation'));
    const activation = await activationOfDevice(trx, license.id, device);
    if (!activation) throw notActive(license.id);
    const answer = async (status: DeviceStatus, text?: string): Promise<DeviceValidation> => ({
      activationId: activation.id,
      licenseId: license.id,
      status,
      revision: license.revision,
      ...(text === undefined ? {} : { text }),
      receipt: await checkInReceipt(deps, signer, activation, { requestId: device.requestId, status, revision: license.revision }, context.now),
    });
    const status = await deviceStatus(trx, license, activation, context.now, endOfGrace(facts));
    if (status === 'blocked' || status === 'deactivated') return answer(status);
    await trx.updateTable('device_activations').set({ last_seen_at: context.now, last_online_at: context.now }).where('id', '=', activation.id).execute();
    if (status !== 'active') return answer(status);
    const held = Math.max(activation.license_file_revision, device.currentRevision ?? 0);
    const grant = await grantMeters(trx, license, effectiveSettings(license, policy), { id: activation.id, reportSequence: activation.report_sequence });
    if (license.revision <= held && !(await grantChanged(trx, activation, grant, context.now))) return answer('active');
    const at = { license, policy, activation, held, signer, channel: 'online' as const, grant };
    const { text } = await refresh(deps, trx, at, { actor: deviceActor(device.keyThumbprint), now: context.now, requestId: context.requestId });
    return answer('active', text);
  });
}

interface IdentifiedDevice {
  /** The id of the activation request the device sent: a check-in receipt answers it. */
  readonly requestId: string;
  readonly licenseId: string;
  readonly fingerprint: string;
  readonly keyThumbprint: string;
  readonly currentRevision: number | undefined;
}

/** The device and the license its request names; the license's rate limit is counted here. */
async function identifyDevice(deps: DeviceExchangeDeps, text: string, context: DeviceRequestContext): Promise<IdentifiedDevice> {
  const request = await openDeviceUpload(deps.keys, text, context.now, openDeviceActivationRequest);
  const { claims } = request;
  const match = await findLicenseByCredential(deps.db, claims.product, claims.credential, claims.fingerprint);
  const licenseId = match?.licenseId ?? (await licenseOfRemovedUser(deps.db, claims.product, claims.fingerprint, request.signerKid));
  // A user name no license has, and no removed user's device: no device can be active on it.
  if (licenseId === undefined) throw new AirlockError('DEVICE_NOT_ACTIVE', { product: claims.product });
  context.admit(licenseId);
  return { requestId: claims.jti, licenseId, fingerprint: claims.fingerprint, keyThumbprint: request.signerKid, currentRevision: claims.currentRevision };
}

/**
 * The license of a device whose user the vendor removed: the user name names no license any
 * more, so the device (its fingerprint and the key that signed the request) names it, through
 * the activation the removal freed. So that device too learns at its next validation that its
 * slot was freed.
 */
async function licenseOfRemovedUser(db: DeviceExchangeDeps['db'], product: string, fingerprint: string, keyThumbprint: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('device_activations')
    .innerJoin('device_licenses', 'device_licenses.id', 'device_activations.license_id')
    .select('device_activations.license_id')
    .where('device_licenses.product_id', '=', product)
    .where('device_activations.fingerprint', '=', fingerprint)
    .where('device_activations.device_key_thumbprint', '=', keyThumbprint)
    .where('device_activations.deactivation_reason', '=', 'user-removed')
    .orderBy('device_activations.deactivated_at', 'desc')
    .executeTakeFirst();
  return row?.license_id;
}

function requireActive(activation: ActivationRow): void {
  if (activation.deactivated_at !== null) {
    throw new AirlockError('DEVICE_NOT_ACTIVE', {
      license: activation.license_id,
      activation: activation.id,
      deactivatedAt: activation.deactivated_at.toISOString(),
    });
  }
}

function notActive(licenseId: string): AirlockError {
  return new AirlockError('DEVICE_NOT_ACTIVE', { license: licenseId, reason: 'this device (fingerprint and key) was never activated on the license' });
}

/**
 * Issues, records and audits the refresh of the device's license file to the license's revision,
 * for the channel it goes out on: only a refresh given over the device API carries the offline period.
 */
async function refresh(
  deps: DeviceExchangeDeps,
  trx: Transaction<Database>,
  at: {
    license: DeviceLicenseRow;
    policy: LicensingPolicy;
    activation: ActivationRow;
    held: number;
    signer: AuthoritySigner;
    channel: DeviceChannel;
    grant?: MeterGrant;
  },
  by: Actor,
): Promise<DeviceRefresh> {
  const { license, activation } = at;
  // A caller that passes the grant has decided already that a file is due (`validateDevice`).
  const decided = at.grant !== undefined;
  const grant =
    at.grant ?? (await grantMeters(trx, license, effectiveSettings(license, at.policy), { id: activation.id, reportSequence: activation.report_sequence }));
  // A refresh of the same revision renews the device's meter allotments, issued only when they changed.
  if (!decided && license.revision <= at.held && !(await grantChanged(trx, activation, grant, by.now))) {
    throw new AirlockError('LICENSE_UP_TO_DATE', { license: license.id, activation: activation.id, revision: license.revision, deviceRevision: at.held });
  }
  // Only a device that proved its key reaches here; an activation by typed codes has none.
  if (activation.device_encryption_key === null) throw new Error(`activation ${activation.id} has no device key to refresh`);
  const device = {
    license: {
      jti: activation.license_file_id,
      licenseId: license.id,
      product: license.product_id,
      fingerprint: activation.fingerprint,
      deviceKeyThumbprint: activation.device_key_thumbprint,
      revision: activation.license_file_revision,
    },
    deviceEncryptionKey: activation.device_encryption_key,
  };
  const { text, claims } = await issueDeviceRefreshFile(device, grantedTerms(termsOf(license, at.policy, at.channel), grant), {
    now: by.now,
    random: deps.random,
    signer: at.signer,
  });
  await recordGrant(trx, activation.id, grant);
  await recordIssuedFile(
    trx,
    { id: claims.jti, activationId: activation.id, licenseId: license.id, kind: 'refresh', revision: license.revision, refreshes: activation.license_file_id },
    by,
  );
  await recordAudit(trx, {
    ...by,
    action: 'device.refresh-file',
    objectType: 'device-license',
    objectId: license.id,
    after: {
      activationId: activation.id,
      refreshFileId: claims.jti,
      refreshes: activation.license_file_id,
      revision: license.revision,
      ...auditedGrant(grant),
    },
    at: by.now,
  });
  return { activationId: activation.id, licenseId: license.id, text, revision: license.revision, refreshes: activation.license_file_id };
}
