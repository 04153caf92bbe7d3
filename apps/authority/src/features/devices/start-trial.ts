import {
  AirlockError,
  issueDeviceLicenseFile,
  type AuthoritySigner,
  type deviceLicenseFileKind,
  type IssuedDocument,
  type LicensingPolicy,
  type OpenedDeviceActivationRequest,
  DAY,
} from '@airlock/core';
import { newDocumentId } from '@airlock/core/internal';
import type { Selectable, Transaction } from 'kysely';
import type { Database, TrialOfferTable } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import { isUniqueViolation } from '../accounts/accounts.ts';
import { loadLicensingPolicy } from '../policies/licensing-policies.ts';
import { insertActivation, renewActivation, type DeviceActivation } from './device-activations.ts';
import { deviceActor, enforce, recordIssuedFile, type DeviceExchangeDeps, type DeviceRequestContext } from './device-exchange.ts';
import { effectiveSettings, factsOf, lockLicense, termsOf, type DeviceLicenseRow } from './device-license-model.ts';
import { grantedTerms, grantMeters, recordGrant } from './meter-allotments.ts';
import { checkChannel, checkEnvironment, type DeviceChannel } from './device-rules.ts';
import { refuseBlocked } from './vendor-device-control.ts';

/**
 * A device asks for the product's trial, with no license key (docs/devices.md, "Trials"). A
 * trial is kept per product and fingerprint, ever:
 * - a fingerprint that never had one gets a new trial license from the product's offer: kind
 *   temporary, one activation, the offer's features and meters, ending `days` after now or at
 *   the offer's end date. Refused: TRIAL_NOT_AVAILABLE (no offer, disabled, or its end date
 *   passed), OFFLINE_NOT_ALLOWED (through the portal when the offer is online only);
 * - one whose trial still runs gets that same trial again, with its end unchanged, in a file
 *   bound to the key it signs with now: a re-installed application, a deleted store or new
 *   keys do not restart the clock. An activation under another key of that fingerprint is
 *   ended, as the trial allows one. Refused: the channel rules of its license;
 * - one whose trial ended is TRIAL_ALREADY_USED.
 * Trial starts of a product are serialized on its offer's row, and the primary key of
 * `trial_starts` backs that: two requests that race, on one replica or two, make one trial.
 *
 * @example
 * ```ts
 * const { text } = await startTrial(deps, request, 'online', context);
 * ```
 */
export async function startTrial(
  deps: DeviceExchangeDeps,
  request: OpenedDeviceActivationRequest,
  channel: DeviceChannel,
  context: DeviceRequestContext,
): Promise<DeviceActivation> {
  try {
    return await startOrResume(deps, request, channel, context);
  } catch (error) {
    // Another replica started this fingerprint's trial between our read and our insert: resume it.
    if (isUniqueViolation(error)) return startOrResume(deps, request, channel, context);
    throw error;
  }
}

async function startOrResume(
  deps: DeviceExchangeDeps,
  request: OpenedDeviceActivationRequest,
  channel: DeviceChannel,
  context: DeviceRequestContext,
): Promise<DeviceActivation> {
  const { claims } = request;
  const signer = await deps.keys.signer();
  return deps.db.transaction().execute(async (trx) => {
    const offer = await trx.selectFrom('trial_offers').selectAll().where('product_id', '=', claims.product).forUpdate().executeTakeFirst();
    const started = await trx
      .selectFrom('trial_starts')
      .select('license_id')
      .where('product_id', '=', claims.product)
      .where('fingerprint', '=', claims.fingerprint)
      .executeTakeFirst();
    // A device's own trial counts against its license; a new trial, which anyone can ask for with
    // a fingerprint of their choosing, against the product's trials, from every address at once.
    if (started) context.admit(started.license_id);
    else context.admit(`trial-starts:${claims.product}`, 'trial starts');
    const license = started ? await runningTrial(trx, started.license_id, context.now) : await newTrial(trx, deps, request, offer, channel, context.now);
    const policy = await loadLicensingPolicy(trx, license.policy_id);
    await refuseBlocked(trx, license.id, claims.fingerprint);
    enforce(checkChannel(factsOf(license, policy), channel, 'activation'));
    // A trial is an activation like any other: a policy that keeps virtual machines out keeps their trials out.
    enforce(checkEnvironment(effectiveSettings(license, policy).allowVirtualMachines, request.claims.environment));
    const by = { actor: deviceActor(request.signerKid), now: context.now, requestId: context.requestId };
    const { activationId, file, replaced } = await activateOnTrial(trx, { deps, request, license, policy, channel, signer }, by);
    await recordAudit(trx, {
      ...by,
      action: started ? 'device.trial-resume' : 'device.trial-start',
      objectType: 'device-license',
      objectId: license.id,
      after: {
        activationId,
        channel,
        product: claims.product,
        fingerprint: claims.fingerprint,
        deviceKeyThumbprint: request.signerKid,
        requestId: claims.jti,
        licenseFileId: file.claims.jti,
        revision: license.revision,
        endsAt: license.expires_at?.toISOString() ?? null,
        replacedActivations: replaced,
      },
      at: context.now,
    });
    return { activationId, licenseId: license.id, text: file.text, revision: license.revision };
  });
}

/**
 * The device's activation of its trial, with a fresh file bound to the key it signs with now:
 * the same key renews its activation; any other activation of the trial (the same fingerprint
 * under keys since regenerated, or a second request that raced this one) ends, as a trial
 * allows one.
 */
async function activateOnTrial(
  trx: Transaction<Database>,
  on: {
    deps: DeviceExchangeDeps;
    request: OpenedDeviceActivationRequest;
    license: DeviceLicenseRow;
    policy: LicensingPolicy;
    channel: DeviceChannel;
    signer: AuthoritySigner;
  },
  by: { readonly actor: string; readonly now: Date; readonly requestId?: string | undefined },
): Promise<{ activationId: string; file: IssuedDocument<typeof deviceLicenseFileKind>; replaced: string[] }> {
  const { deps, request, license, channel } = on;
  const active = await trx.selectFrom('device_activations').selectAll().where('license_id', '=', license.id).where('deactivated_at', 'is', null).execute();
  const existing = active.find((a) => a.fingerprint === request.claims.fingerprint && a.device_key_thumbprint === request.signerKid);
  const replaced = active.filter((a) => a !== existing).map((a) => a.id);
  if (replaced.length > 0) await trx.updateTable('device_activations').set({ deactivated_at: by.now }).where('id', 'in', replaced).execute();
  // A trial's meters are the license's like any other's: an activation it replaced keeps its
  // allotment reserved (its device never sent it back), so a new key does not reset a meter.
  const grant = await grantMeters(trx, license, effectiveSettings(license, on.policy), {
    id: existing?.id ?? null,
    reportSequence: existing?.report_sequence ?? 0,
  });
  const file = await issueDeviceLicenseFile(
    request,
    { licenseId: license.id, ...grantedTerms(termsOf(license, on.policy, channel), grant) },
    { now: by.now, random: deps.random, signer: on.signer },
  );
  const activationId = existing
    ? await renewActivation(trx, existing, request, { fileId: file.claims.jti, revision: license.revision, channel, now: by.now })
    : await insertActivation(trx, request, {
        id: newDocumentId(deps.random),
        licenseId: license.id,
        fileId: file.claims.jti,
        revision: license.revision,
        channel,
        actor: by.actor,
        now: by.now,
      });
  await recordGrant(trx, activationId, grant);
  await recordIssuedFile(trx, { id: file.claims.jti, activationId, licenseId: license.id, kind: 'license', revision: license.revision, refreshes: null }, by);
  return { activationId, file, replaced };
}

/**
 * The device moved from its trial to a license: the trial's active activations on this
 * fingerprint end (whatever key they were made with), audited as `device.trial-replace`, and
 * the trial counts as converted to the license (the first one, when there are several). The
 * trial start stays, so the device gets no second trial.
 */
export async function endTrialActivations(
  trx: Transaction<Database>,
  device: { readonly product: string; readonly fingerprint: string; readonly replacedBy: string },
  by: { readonly actor: string; readonly now: Date; readonly requestId?: string | undefined },
): Promise<void> {
  const ended = await trx
    .updateTable('device_activations')
    .set({ deactivated_at: by.now })
    .where('deactivated_at', 'is', null)
    .where('fingerprint', '=', device.fingerprint)
    .where('license_id', 'in', (eb) =>
      eb.selectFrom('trial_starts').select('license_id').where('product_id', '=', device.product).where('fingerprint', '=', device.fingerprint),
    )
    .returning(['id', 'license_id'])
    .execute();
  await trx
    .updateTable('trial_starts')
    .set({ converted_to: device.replacedBy, converted_at: by.now })
    .where('product_id', '=', device.product)
    .where('fingerprint', '=', device.fingerprint)
    .where('converted_to', 'is', null)
    .execute();
  for (const activation of ended) {
    await recordAudit(trx, {
      ...by,
      action: 'device.trial-replace',
      objectType: 'device-license',
      objectId: activation.license_id,
      after: { activationId: activation.id, fingerprint: device.fingerprint, replacedBy: device.replacedBy },
      at: by.now,
    });
  }
}

/** The fingerprint's trial, locked, while it runs; TRIAL_ALREADY_USED once it ended. */
async function runningTrial(trx: Transaction<Database>, licenseId: string, now: Date): Promise<DeviceLicenseRow> {
  const license = await lockLicense(trx, licenseId);
  if (license.expires_at !== null && now >= license.expires_at) {
    throw new AirlockError('TRIAL_ALREADY_USED', { license: license.id, endedAt: license.expires_at.toISOString() });
  }
  return license;
}

/** A new trial license from the offer, and its start for this fingerprint. */
async function newTrial(
  trx: Transaction<Database>,
  deps: DeviceExchangeDeps,
  request: OpenedDeviceActivationRequest,
  offer: Selectable<TrialOfferTable> | undefined,
  channel: DeviceChannel,
  now: Date,
): Promise<DeviceLicenseRow> {
  const { product, fingerprint } = request.claims;
  if (!offer || !offer.enabled)
    throw new AirlockError('TRIAL_NOT_AVAILABLE', { product, reason: offer ? 'the trial offer is disabled' : 'the product offers no trial' });
  if (channel === 'offline' && !offer.allow_offline) throw new AirlockError('OFFLINE_NOT_ALLOWED', { exchange: 'activation', setBy: 'trial offer' });
  const endsAt = offer.days !== null ? new Date(now.getTime() + offer.days * DAY) : offer.ends_at!;
  if (now >= endsAt) throw new AirlockError('TRIAL_NOT_AVAILABLE', { product, reason: 'the trial offer ended', endedAt: endsAt.toISOString() });
  const row: DeviceLicenseRow = {
    id: newDocumentId(deps.random),
    product_id: product,
    customer_id: null,
    policy_id: offer.policy_id,
    credential: 'trial',
    license_key_hash: null,
    license_key_hint: null,
    suspended_at: null,
    suspended_by: null,
    suspension_reason: null,
    overrides: { kind: 'temporary', maxActivations: 1, allowOffline: offer.allow_offline },
    allow_online: true,
    expires_at: endsAt,
    entitlements: { features: offer.features, meters: offer.meters },
    metadata: [],
    revision: 1,
    created_at: now,
    created_by: deviceActor(request.signerKid),
    updated_at: now,
  };
  await trx
    .insertInto('device_licenses')
    .values({ ...row, overrides: JSON.stringify(row.overrides), entitlements: JSON.stringify(row.entitlements), metadata: JSON.stringify(row.metadata) })
    .execute();
  await trx.insertInto('trial_starts').values({ product_id: product, fingerprint, license_id: row.id, started_at: now }).execute();
  return row;
}
