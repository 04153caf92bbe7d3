import { issueDeviceLicenseFile, newDocumentId, openDeviceActivationRequest, type OpenedDeviceActivationRequest } from '@airlock/core';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import { loadLicensingPolicy } from '../policies/licensing-policies.ts';
import { findLicenseByCredential, proveUser } from './device-credentials.ts';
import { deviceActor, enforce, recordIssuedFile, type ActivationRow, type DeviceExchangeDeps, type DeviceRequestContext } from './device-exchange.ts';
import { effectiveSettings, factsOf, lockLicense, termsOf } from './device-license-model.ts';
import { checkActivation, checkEnvironment, withEnvironment, type DeviceChannel } from './device-rules.ts';
import { openDeviceUpload } from './device-uploads.ts';

/** A device activated: its activation, and the device license file to install. */
export interface DeviceActivation {
  readonly activationId: string;
  readonly licenseId: string;
  /** The armoured device license file. */
  readonly text: string;
  readonly revision: number;
}

/**
 * Activates a device from its activation request (SPEC F4), offline (the portal) or online (the
 * device API); both answer with the same device license file. In this order:
 * 1. the request opens (every envelope check) and its credential names a license of its
 *    product: LICENSE_KEY_MALFORMED, LICENSE_KEY_UNKNOWN; a user-based license needs the user's
 *    password (REQUEST_INVALID without one, INVALID_CREDENTIALS for a wrong one or an unknown
 *    user). The license's rate limit is counted before any password is tried;
 * 2. under the license's lock, the rules of the channel (`checkActivation`): offline,
 *    OFFLINE_NOT_ALLOWED, SUBSCRIPTION_NOT_OFFLINE, LICENSE_EXPIRED, ACTIVATIONS_EXHAUSTED;
 *    online, ONLINE_NOT_ALLOWED, LICENSE_EXPIRED, ACTIVATIONS_EXHAUSTED; with
 *    VIRTUAL_MACHINE_NOT_ALLOWED (`checkEnvironment`) just before ACTIVATIONS_EXHAUSTED, for a
 *    device in a virtual machine or a container, or one that does not say, under
 *    `allowVirtualMachines: false`.
 * A device already active on the license (same fingerprint and device key) keeps its slot and
 * gets a fresh file of the current revision. Each activation is audited with the file issued.
 *
 * @example
 * ```ts
 * const { activationId, text } = await activateDevice(deps, { text: upload, channel: 'offline' }, { now, admit });
 * ```
 */
export async function activateDevice(
  deps: DeviceExchangeDeps,
  input: { readonly text: string; readonly password?: string | undefined; readonly channel: DeviceChannel },
  context: DeviceRequestContext,
): Promise<DeviceActivation> {
  const request = await openDeviceUpload(deps.keys, input.text, context.now, openDeviceActivationRequest);
  const { claims } = request;
  const match = await findLicenseByCredential(deps.db, claims.product, claims.credential);
  if (match) context.admit(match.licenseId);
  if (claims.credential.method === 'user') await proveUser(match, input.password);
  if (!match) throw new Error('a license key always names a license, a proven user always has one');
  const actor = match.user ? `license-user:${match.user.id}` : deviceActor(request.signerKid);
  const signer = await deps.keys.signer();
  return deps.db.transaction().execute(async (trx) => {
    const license = await lockLicense(trx, match.licenseId);
    const policy = await loadLicensingPolicy(trx, license.policy_id);
    const active = await trx.selectFrom('device_activations').selectAll().where('license_id', '=', license.id).where('deactivated_at', 'is', null).execute();
    const existing = active.find((a) => a.fingerprint === claims.fingerprint && a.device_key_thumbprint === request.signerKid);
    enforce(withEnvironment(
      checkActivation({ ...factsOf(license, policy), activeActivations: active.length }, input.channel, existing !== undefined, context.now),
      checkEnvironment(effectiveSettings(license, policy).allowVirtualMachines, claims.environment),
    ));
    const file = await issueDeviceLicenseFile(request, { licenseId: license.id, ...termsOf(license, policy) }, { now: context.now, random: deps.random, signer });
    const by = { actor, now: context.now, requestId: context.requestId };
    const activationId = existing
      ? await renewActivation(trx, existing, request, file.claims.jti, license.revision, context.now)
      : await insertActivation(trx, request, { id: newDocumentId(deps.random), licenseId: license.id, fileId: file.claims.jti, revision: license.revision, channel: input.channel, actor, now: context.now });
    await recordIssuedFile(trx, { id: file.claims.jti, activationId, licenseId: license.id, kind: 'license', revision: license.revision, refreshes: null }, by);
    await recordAudit(trx, {
      ...by,
      action: existing ? 'device.reactivate' : 'device.activate',
      objectType: 'device-license',
      objectId: license.id,
      after: {
        activationId,
        channel: input.channel,
        fingerprint: claims.fingerprint,
        deviceKeyThumbprint: request.signerKid,
        requestId: claims.jti,
        licenseFileId: file.claims.jti,
        revision: license.revision,
        environment: claims.environment ?? null,
      },
      at: context.now,
    });
    return { activationId, licenseId: license.id, text: file.text, revision: license.revision };
  });
}

async function insertActivation(
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
      deactivated_at: null,
      variables: null,
      virtual_machine: claims.environment?.virtualMachine ?? null,
      container: claims.environment?.container ?? null,
    })
    .execute();
  return made.id;
}

/** The device installs the new file: refreshes then amend it, encrypted to the key it just sent. */
async function renewActivation(
  trx: Transaction<Database>,
  existing: ActivationRow,
  request: OpenedDeviceActivationRequest,
  fileId: string,
  revision: number,
  now: Date,
): Promise<string> {
  const { claims } = request;
  await trx
    .updateTable('device_activations')
    .set({
      license_file_id: fileId,
      license_file_revision: revision,
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
