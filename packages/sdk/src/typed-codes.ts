import { AirlockError, checkActivationCode, checkInitializationCode, issueDeactivationCode, makeInitializationCode, parseLicenseKey } from '@airlock/core';
import { checkCodeAnswer, codeDeviceId, codeLicenseView, codeSecret } from './code-license.ts';
import type { DeviceLicense } from './device-license.ts';
import type { LicenseHolder } from './license-holder.ts';
import type { StoreState } from './store-state.ts';

/**
 * Activation by typed codes (docs/devices.md, "Activation by typed codes"): the initialization
 * code out, the activation code in, and the deactivation code that gives the license up.
 */

/** Wrong activation codes one initialization code accepts before the device forgets it. */
const MAX_CODE_ATTEMPTS = 10;

export function createInitializationCode(holder: LicenseHolder, credential: { readonly licenseKey: string }): Promise<string> {
  return holder.exclusive(async () => {
    const state = holder.inactiveState();
    const licenseKey = parseLicenseKey((credential as { licenseKey?: unknown } | null)?.licenseKey);
    holder.clockNow();
    const initialization = makeInitializationCode(codeDeviceId(holder.device), holder.device.random);
    await holder.write({ ...state, pendingCode: { licenseKey, initializationCode: initialization.text, failures: 0 } });
    return initialization.text;
  });
}

export function installActivationCode(holder: LicenseHolder, typed: string): Promise<DeviceLicense> {
  return holder.exclusive(async () => {
    const state = holder.inactiveState();
    const read = checkActivationCode(typed);
    if (!read.ok) throw new AirlockError(read.code, read.detail);
    const pending = state.pendingCode;
    if (!pending)
      throw new AirlockError('ACTIVATION_REQUEST_UNKNOWN', { reason: 'no initialization code is outstanding: make one with createInitializationCode' });
    const now = holder.clockNow();
    const codeFeatures = holder.options.codeFeatures ?? [];
    const answer = checkCodeAnswer(holder.device, codeFeatures, { ...pending, activationCode: read.value.text });
    if (!answer?.ok) {
      // Counted and saved before the refusal: a 40-bit MAC is safe only while guesses are few.
      const failures = pending.failures + 1;
      const attemptsLeft = Math.max(0, MAX_CODE_ATTEMPTS - failures);
      await holder.write({ ...state, pendingCode: attemptsLeft === 0 ? null : { ...pending, failures } });
      throw new AirlockError('ACTIVATION_CODE_MISMATCH', { initializationCode: pending.initializationCode, attemptsLeft });
    }
    const codes = { initializationCode: pending.initializationCode, activationCode: read.value.text };
    const view = codeLicenseView(holder.device.product, codes, answer.value.terms);
    if (now.getTime() >= view.endsAt) {
      throw new AirlockError('LICENSE_EXPIRED', { expiredAt: new Date(view.endsAt).toISOString(), now: now.toISOString() });
    }
    const next: StoreState = {
      ...state,
      pendingCode: null,
      pendingRequests: [],
      // A license from files given up stays, so that its deactivation file can still be sent.
      activation: state.activation?.status === 'deactivated' ? state.activation : null,
      codeLicense: { status: 'active', licenseKey: pending.licenseKey, ...codes, deactivationCode: null },
    };
    await holder.write(next, { view });
    return view.license;
  });
}

export function createDeactivationCode(holder: LicenseHolder): Promise<string> {
  return holder.exclusive(async () => {
    const state = holder.trustedState();
    const code = state.codeLicense;
    if (code?.status === 'deactivated' && code.deactivationCode !== null) return code.deactivationCode;
    if (code?.status !== 'active' || state.activation?.status === 'active') {
      throw new AirlockError('NOT_ACTIVATED', { reason: 'no license activated by typed codes is installed' });
    }
    const initialization = checkInitializationCode(code.initializationCode);
    if (!initialization.ok) throw new AirlockError('STORE_TAMPERED', { reason: 'the stored initialization code does not read' });
    const deactivationCode = issueDeactivationCode(codeSecret(holder.device, code.licenseKey), initialization.value);
    await holder.write({ ...state, codeLicense: { ...code, status: 'deactivated', deactivationCode } }, null);
    return deactivationCode;
  });
}
