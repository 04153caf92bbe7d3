import { AirlockError, checkDeactivationCode, checkInitializationCode, verifyDeactivationCode } from '@airlock/core';
import { recordAudit } from '../../http/audit.ts';
import { loadLicensingPolicy } from '../policies/licensing-policies.ts';
import { codeActor, codeSecretOf, licenseOfKey } from './activate-device-by-code.ts';
import { enforce, type ActivationRow, type DeviceExchangeDeps, type DeviceRequestContext } from './device-exchange.ts';
import { factsOf, lockLicense } from './device-license-model.ts';
import { checkChannel } from './device-rules.ts';

/** What a code deactivation freed. */
export interface CodeDeactivation {
  readonly licenseId: string;
  readonly activationId: string;
}

/**
 * Frees the slot of a device activated by typed codes, from the deactivation code it showed
 * when it gave its license up (docs/devices.md, "Activation by typed codes"). In this order:
 * 1. the deactivation code reads (ACTIVATION_CODE_INVALID), the license key reads and names a
 *    key-based license (LICENSE_KEY_MALFORMED, LICENSE_KEY_UNKNOWN); the rate limit is counted;
 * 2. under the license's lock: a code activation of the license whose latest initialization
 *    code has the code's nonce and MAC (ACTIVATION_CODE_MISMATCH otherwise); the offline
 *    channel is allowed (OFFLINE_NOT_ALLOWED); it is still active (DEVICE_NOT_ACTIVE: the same
 *    code again, or the vendor freed it).
 * A code activation carries no consumption and no variables; the deactivation is audited.
 *
 * @example
 * ```ts
 * const { activationId } = await deactivateDeviceByCode(deps, { licenseKey, deactivationCode: '3APP-JY4Q-P9DR-2ZR6' }, { now, admit });
 * ```
 */
export async function deactivateDeviceByCode(
  deps: DeviceExchangeDeps,
  input: { readonly licenseKey: string; readonly deactivationCode: string },
  context: DeviceRequestContext,
): Promise<CodeDeactivation> {
  const read = checkDeactivationCode(input.deactivationCode);
  if (!read.ok) throw new AirlockError(read.code, read.detail);
  const code = read.value;
  const found = await licenseOfKey(deps.db, input.licenseKey);
  context.admit(found.id);
  return deps.db.transaction().execute(async (trx) => {
    const license = await lockLicense(trx, found.id);
    const candidates = await trx
      .selectFrom('device_activations')
      .selectAll()
      .where('license_id', '=', license.id)
      .where('channel', '=', 'code')
      .orderBy((eb) => eb.case().when('deactivated_at', 'is', null).then(0).else(1).end())
      .orderBy('activated_at', 'desc')
      .execute();
    const secret = codeSecretOf(license);
    const activation = candidates.find((candidate) => madeBy(candidate, code, secret));
    if (!activation)
      throw new AirlockError('ACTIVATION_CODE_MISMATCH', { license: license.id, reason: 'no code activation of this license made this deactivation code' });
    enforce(checkChannel(factsOf(license, await loadLicensingPolicy(trx, license.policy_id)), 'offline', 'deactivation'));
    if (activation.deactivated_at !== null) {
      throw new AirlockError('DEVICE_NOT_ACTIVE', { license: license.id, activation: activation.id, deactivatedAt: activation.deactivated_at.toISOString() });
    }
    await trx.updateTable('device_activations').set({ deactivated_at: context.now, last_seen_at: context.now }).where('id', '=', activation.id).execute();
    await recordAudit(trx, {
      actor: codeActor({ deviceId: activation.code_device_id! }),
      requestId: context.requestId,
      action: 'device.deactivate',
      objectType: 'device-license',
      objectId: license.id,
      after: { activationId: activation.id, channel: 'code', deviceId: activation.code_device_id, deactivationCode: code.text },
      at: context.now,
    });
    return { licenseId: license.id, activationId: activation.id };
  });
}

function madeBy(activation: ActivationRow, code: { readonly text: string; readonly nonce: string; readonly mac: string }, secret: Uint8Array): boolean {
  const initialization = checkInitializationCode(activation.initialization_code);
  return initialization.ok && verifyDeactivationCode(code, secret, initialization.value).ok;
}
