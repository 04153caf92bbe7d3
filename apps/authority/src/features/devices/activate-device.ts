import { issueDeviceLicenseFile, openDeviceActivationRequest } from '@airlock/core';
import { newDocumentId } from '@airlock/core/internal';
import { recordAudit } from '../../http/audit.ts';
import { loadLicensingPolicy } from '../policies/licensing-policies.ts';
import { findLicenseByCredential, proveUser } from './device-credentials.ts';
import { insertActivation, renewActivation, type DeviceActivation } from './device-activations.ts';
import { deviceActor, enforce, recordIssuedFile, type DeviceExchangeDeps, type DeviceRequestContext } from './device-exchange.ts';
import { effectiveSettings, factsOf, lockLicense, termsOf } from './device-license-model.ts';
import { auditedGrant, grantedTerms, grantMeters, recordGrant } from './meter-allotments.ts';
import { checkActivation, checkEnvironment, withEnvironment, type DeviceChannel } from './device-rules.ts';
import { openDeviceUpload } from './device-uploads.ts';
import { endTrialActivations, startTrial } from './start-trial.ts';
import { licenseUserActor } from './license-user-admin.ts';
import { refuseBlocked } from './vendor-device-control.ts';

/**
 * Activates a device from its activation request (docs/design.md, F4), offline (the portal) or online (the
 * device API); both answer with the same device license file. In this order:
 * 1. the request opens (every envelope check) and its credential names a license of its
 *    product: LICENSE_KEY_MALFORMED, LICENSE_KEY_UNKNOWN; a user-based license needs the user's
 *    password (REQUEST_INVALID without one, INVALID_CREDENTIALS for a wrong one or an unknown
 *    user). The license's rate limit is counted before any password is tried;
 * 2. under the license's lock: DEVICE_BLOCKED when the vendor blocked the fingerprint, then
 *    LICENSE_SUSPENDED while the license is suspended, then the rules of the channel
 *    (`checkActivation`): offline, OFFLINE_NOT_ALLOWED, SUBSCRIPTION_NOT_OFFLINE, LICENSE_EXPIRED,
 *    ACTIVATIONS_EXHAUSTED; online, ONLINE_NOT_ALLOWED, LICENSE_EXPIRED, ACTIVATIONS_EXHAUSTED;
 *    with VIRTUAL_MACHINE_NOT_ALLOWED (`checkEnvironment`) just before ACTIVATIONS_EXHAUSTED, for
 *    a device in a virtual machine or a container, or one that does not say, under
 *    `allowVirtualMachines: false`.
 * A device already active on the license (same fingerprint and device key) keeps its slot and
 * gets a fresh file of the current revision, up to the end of the grace after expiry. A file
 * issued online carries the license's offline period (docs/devices.md). Each activation is audited with the file issued.
 * A request for a trial is `startTrial`'s; a device that activates a license while its trial of
 * the product is active moves from the trial to the license: the trial's activation ends
 * (docs/devices.md, "Trials").
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
  if (claims.credential.method === 'trial') return startTrial(deps, request, input.channel, context);
  const match = await findLicenseByCredential(deps.db, claims.product, claims.credential, claims.fingerprint);
  if (match) context.admit(match.licenseId);
  if (claims.credential.method === 'user') await proveUser(match, input.password);
  if (!match) throw new Error('a license key always names a license, a proven user always has one');
  const actor = match.user ? licenseUserActor(match.user.id) : deviceActor(request.signerKid);
  const signer = await deps.keys.signer();
  return deps.db.transaction().execute(async (trx) => {
    const license = await lockLicense(trx, match.licenseId);
    const policy = await loadLicensingPolicy(trx, license.policy_id);
    const active = await trx.selectFrom('device_activations').selectAll().where('license_id', '=', license.id).where('deactivated_at', 'is', null).execute();
    const existing = active.find((a) => a.fingerprint === claims.fingerprint && a.device_key_thumbprint === request.signerKid);
    await refuseBlocked(trx, license.id, claims.fingerprint);
    enforce(
      withEnvironment(
        checkActivation({ ...factsOf(license, policy), activeActivations: active.length }, input.channel, existing !== undefined, context.now),
        checkEnvironment(effectiveSettings(license, policy).allowVirtualMachines, claims.environment),
      ),
    );
    const grant = await grantMeters(trx, license, effectiveSettings(license, policy), {
      id: existing?.id ?? null,
      reportSequence: existing?.report_sequence ?? 0,
    });
    const file = await issueDeviceLicenseFile(
      request,
      { licenseId: license.id, ...grantedTerms(termsOf(license, policy, input.channel), grant) },
      { now: context.now, random: deps.random, signer },
    );
    const by = { actor, now: context.now, requestId: context.requestId };
    const activationId = existing
      ? await renewActivation(trx, existing, request, { fileId: file.claims.jti, revision: license.revision, channel: input.channel, now: context.now })
      : await insertActivation(trx, request, {
          id: newDocumentId(deps.random),
          licenseId: license.id,
          fileId: file.claims.jti,
          revision: license.revision,
          channel: input.channel,
          actor,
          now: context.now,
        });
    await recordGrant(trx, activationId, grant);
    await recordIssuedFile(trx, { id: file.claims.jti, activationId, licenseId: license.id, kind: 'license', revision: license.revision, refreshes: null }, by);
    await endTrialActivations(trx, { product: claims.product, fingerprint: claims.fingerprint, replacedBy: license.id }, by);
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
        ...auditedGrant(grant),
        environment: claims.environment ?? null,
      },
      at: context.now,
    });
    return { activationId, licenseId: license.id, text: file.text, revision: license.revision };
  });
}
