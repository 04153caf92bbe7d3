import { AirlockError, openDeviceUsageReport } from '@airlock/core';
import { checkUsageReportSigner } from '@airlock/core/internal';
import { recordAudit } from '../../http/audit.ts';
import { loadLicensingPolicy } from '../policies/licensing-policies.ts';
import {
  activationOfLicenseFile,
  addUsage,
  checkInReceipt,
  deviceActor,
  enforce,
  reloadActivation,
  type DeviceExchangeDeps,
  type DeviceRequestContext,
} from './device-exchange.ts';
import { factsOf, lockLicense } from './device-license-model.ts';
import { checkChannel, endOfGrace } from './device-rules.ts';
import { deviceStatus, type DeviceStatus } from './device-status.ts';
import { openDeviceUpload } from './device-uploads.ts';

/** A usage report as the authority took it. */
export interface UsageReportReceipt {
  readonly licenseId: string;
  readonly activationId: string;
  readonly sequence: number;
  /** False when this very report had been counted already: sending it again changes nothing. */
  readonly counted: boolean;
  /** The check-in receipt that answers this report (see `checkInReceipt`). */
  readonly receipt: string;
  /** What the device learns of its activation, as online validation tells it (`deviceStatus`). */
  readonly status: DeviceStatus;
}

/**
 * Counts a device's usage report (docs/design.md, F4, online check-in): adds its consumption to the
 * license's usage, once per report. The same report sent again (its answer was lost) is
 * answered `counted: false` and adds nothing; another report whose sequence is not above the
 * last one counted is DOCUMENT_REPLAYED. Refused before that, in this order: NOT_FOUND (no such
 * license file), SIGNATURE_INVALID (another key than the device's), PAYLOAD_INVALID (an
 * activation id that is not the device's), ONLINE_NOT_ALLOWED, DEVICE_NOT_ACTIVE (the device
 * gave its slot up with its own deactivation file). A suspended license's reports are counted,
 * and so are those of a device whose slot the vendor freed; every answer carries the device's
 * `status` (active, deactivated, suspended, blocked, expired), so the device learns it here too,
 * and a check-in receipt: the device's proof, from the authority, that it checked in now.
 *
 * @example
 * ```ts
 * const { counted } = await reportDeviceUsage(deps, { text: report }, { now, admit });
 * ```
 */
export async function reportDeviceUsage(
  deps: DeviceExchangeDeps,
  input: { readonly text: string },
  context: DeviceRequestContext,
): Promise<UsageReportReceipt> {
  const opened = await openDeviceUpload(deps.keys, input.text, context.now, openDeviceUsageReport);
  const { claims } = opened;
  const found = await activationOfLicenseFile(deps.db, claims);
  context.admit(found.license_id);
  // The signer is read before the transaction: reading it may query the database, whose one
  // embedded connection the transaction holds.
  const signer = await deps.keys.signer();
  return deps.db.transaction().execute(async (trx) => {
    const license = await lockLicense(trx, found.license_id);
    const activation = await reloadActivation(trx, found.id);
    enforce(checkUsageReportSigner(opened, { deviceKeyThumbprint: activation.device_key_thumbprint }));
    if (claims.activationId !== undefined && claims.activationId !== activation.id) {
      throw new AirlockError('PAYLOAD_INVALID', {
        document: 'device-usage-report',
        path: '/activationId',
        reason: 'not the activation of this license file',
        expected: activation.id,
      });
    }
    const facts = factsOf(license, await loadLicensingPolicy(trx, license.policy_id));
    const status = await deviceStatus(trx, license, activation, context.now, endOfGrace(facts));
    const answer = async (counted: boolean): Promise<UsageReportReceipt> => ({
      licenseId: license.id,
      activationId: activation.id,
      sequence: claims.sequence,
      counted,
      status,
      receipt: await checkInReceipt(deps, signer, activation, { requestId: claims.jti, status, revision: license.revision }, context.now),
    });
    const counted = await trx.selectFrom('device_usage_reports').select('activation_id').where('id', '=', claims.jti).executeTakeFirst();
    if (counted) return answer(false);
    enforce(checkChannel(facts, 'online', 'usage report'));
    // A slot the vendor freed leaves a device that ran meanwhile: its report is counted, and
    // its answer tells it. A device that gave its slot up with its own file reports no more.
    if (activation.deactivated_at !== null && activation.deactivation_source !== 'vendor') {
      throw new AirlockError('DEVICE_NOT_ACTIVE', { license: license.id, activation: activation.id, deactivatedAt: activation.deactivated_at.toISOString() });
    }
    if (claims.sequence <= activation.report_sequence) {
      throw new AirlockError('DOCUMENT_REPLAYED', {
        id: claims.jti,
        reason: 'a report with this sequence or a later one was counted already',
        sequence: claims.sequence,
        lastSequence: activation.report_sequence,
      });
    }
    const consumption = claims.consumption.map(({ meter, amount }) => ({ meter, amount }));
    await trx
      .insertInto('device_usage_reports')
      .values({
        id: claims.jti,
        activation_id: activation.id,
        license_id: license.id,
        sequence: claims.sequence,
        consumption: JSON.stringify(consumption),
        received_at: context.now,
      })
      .execute();
    // A device whose slot the vendor freed is told so in this answer: it no longer "may still run".
    await trx
      .updateTable('device_activations')
      .set({ report_sequence: claims.sequence, last_seen_at: context.now, last_online_at: context.now, device_may_still_run: false })
      .where('id', '=', activation.id)
      .execute();
    await addUsage(trx, license.id, consumption);
    await recordAudit(trx, {
      actor: deviceActor(opened.signerKid),
      requestId: context.requestId,
      action: 'device.usage-report',
      objectType: 'device-license',
      objectId: license.id,
      after: { activationId: activation.id, reportId: claims.jti, sequence: claims.sequence, consumption },
      at: context.now,
    });
    return answer(true);
  });
}
