import { AirlockError, openDeactivationFile } from '@airlock/core';
import { checkDeactivationSigner } from '@airlock/core/internal';
import { recordAudit } from '../../http/audit.ts';
import { loadLicensingPolicy } from '../policies/licensing-policies.ts';
import {
  activationOfLicenseFile,
  addUsage,
  deviceActor,
  enforce,
  reloadActivation,
  type DeviceExchangeDeps,
  type DeviceRequestContext,
} from './device-exchange.ts';
import { factsOf, lockLicense } from './device-license-model.ts';
import { checkChannel, type DeviceChannel } from './device-rules.ts';
import { releaseReservation } from './meter-allotments.ts';
import { openDeviceUpload } from './device-uploads.ts';

/** What a deactivation did: the slot it freed and the consumption it added to the license's usage. */
export interface DeviceDeactivation {
  readonly licenseId: string;
  readonly activationId: string;
  readonly consumption: { meter: string; amount: number }[];
}

/**
 * The consumption a deactivation file adds: what it carries, less what the usage reports after
 * `reportedThrough` already counted. A device whose last report went unanswered cannot know
 * whether it was counted, so it carries that report's consumption again and says which report
 * it last knew was counted; the reports this authority counted beyond it are taken out.
 */
async function withoutCountedReports(
  trx: Parameters<typeof lockLicense>[0],
  activationId: string,
  carried: readonly { readonly meter: string; readonly amount: number }[],
  reportedThrough: number | undefined,
): Promise<{ meter: string; amount: number }[]> {
  const counted = new Map<string, number>();
  if (reportedThrough !== undefined) {
    const reports = await trx
      .selectFrom('device_usage_reports')
      .select('consumption')
      .where('activation_id', '=', activationId)
      .where('sequence', '>', reportedThrough)
      .execute();
    for (const report of reports) {
      for (const { meter, amount } of report.consumption as { meter: string; amount: number }[]) counted.set(meter, (counted.get(meter) ?? 0) + amount);
    }
  }
  return carried.map(({ meter, amount }) => ({ meter, amount: Math.max(0, amount - (counted.get(meter) ?? 0)) }));
}

/**
 * Applies a device's deactivation file (docs/design.md, F4), from the portal or the device API: frees the
 * activation slot, adds the device's consumption to the license's usage and keeps its
 * variables, exactly once. In this order:
 * 1. the file opens (every envelope check) and answers a device license file this authority
 *    issued for that license and fingerprint (NOT_FOUND);
 * 2. under the license's lock: signed by the device key the license is bound to
 *    (SIGNATURE_INVALID); never applied before (DOCUMENT_REPLAYED); the channel is allowed
 *    (OFFLINE_NOT_ALLOWED on the portal, ONLINE_NOT_ALLOWED on the API); the activation is still
 *    active (DEVICE_NOT_ACTIVE: another file gave it up already), or the vendor freed its slot
 *    and this is the device's first file since: it is counted, the slot staying free.
 * Consumption a usage report already counted is not counted again (`reportedThrough`).
 * The license's lock serializes two uploads of one file, and the file's id is the deactivation's
 * primary key, so a race between replicas still counts it once.
 *
 * @example
 * ```ts
 * const { consumption } = await deactivateDevice(deps, { text: upload, channel: 'offline' }, { now, admit });
 * ```
 */
export async function deactivateDevice(
  deps: DeviceExchangeDeps,
  input: { readonly text: string; readonly channel: DeviceChannel },
  context: DeviceRequestContext,
): Promise<DeviceDeactivation> {
  const opened = await openDeviceUpload(deps.keys, input.text, context.now, openDeactivationFile);
  const { claims } = opened;
  const found = await activationOfLicenseFile(deps.db, claims);
  context.admit(found.license_id);
  return deps.db.transaction().execute(async (trx) => {
    const license = await lockLicense(trx, found.license_id);
    const activation = await reloadActivation(trx, found.id);
    enforce(checkDeactivationSigner(opened, { deviceKeyThumbprint: activation.device_key_thumbprint }));
    const applied = await trx.selectFrom('device_deactivations').select('id').where('id', '=', claims.jti).executeTakeFirst();
    if (applied) throw new AirlockError('DOCUMENT_REPLAYED', { id: claims.jti });
    enforce(checkChannel(factsOf(license, await loadLicensingPolicy(trx, license.policy_id)), input.channel, 'deactivation'));
    // A slot the vendor freed leaves a device that may have run meanwhile (docs/devices.md,
    // "Vendor control over devices"): its own file, the first one, still brings its consumption
    // back and releases what its allotments reserved. A slot the device gave up takes no more.
    const freedByVendor = activation.deactivated_at !== null && activation.deactivation_source === 'vendor' && !activation.reservation_released;
    if (activation.deactivated_at !== null && !freedByVendor) {
      throw new AirlockError('DEVICE_NOT_ACTIVE', { license: license.id, activation: activation.id, deactivatedAt: activation.deactivated_at.toISOString() });
    }
    const consumption = await withoutCountedReports(trx, activation.id, claims.consumption, claims.reportedThrough);
    const variables = claims.variables.map(({ name, value }) => ({ name, value }));
    const inserted = await trx
      .insertInto('device_deactivations')
      .values({
        id: claims.jti,
        activation_id: activation.id,
        license_id: license.id,
        consumption: JSON.stringify(consumption),
        variables: JSON.stringify(variables),
        channel: input.channel,
        received_at: context.now,
      })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AirlockError('DOCUMENT_REPLAYED', { id: claims.jti });
    await trx
      .updateTable('device_activations')
      .set(
        freedByVendor
          ? // Who freed the slot stays the vendor; the device has given the license up now.
            { last_seen_at: context.now, variables: JSON.stringify(variables), device_may_still_run: false }
          : {
              deactivated_at: context.now,
              last_seen_at: context.now,
              variables: JSON.stringify(variables),
              deactivated_by: deviceActor(opened.signerKid),
              deactivation_source: 'device',
            },
      )
      .where('id', '=', activation.id)
      .execute();
    await addUsage(trx, license.id, consumption);
    await releaseReservation(trx, activation.id);
    await recordAudit(trx, {
      actor: deviceActor(opened.signerKid),
      requestId: context.requestId,
      action: 'device.deactivate',
      objectType: 'device-license',
      objectId: license.id,
      after: {
        activationId: activation.id,
        deactivationId: claims.jti,
        channel: input.channel,
        licenseRevision: claims.licenseRevision,
        consumption,
        variables: variables.map((v) => v.name),
        freedByVendorBefore: freedByVendor,
      },
      at: context.now,
    });
    return { licenseId: license.id, activationId: activation.id, consumption };
  });
}
