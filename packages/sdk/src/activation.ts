import { acceptLicenseFile, makeActivationRequest } from './device-exchanges.ts';
import type { DeviceLicense } from './device-license.ts';
import { checkCredential, type ActivationCredential, type OnlineCredential } from './inputs.ts';
import { stringMember } from './authority-client.ts';
import type { LicenseHolder } from './license-holder.ts';

/** Activation, offline (a request file out, a license file in) and online (the same documents over the API). */

export function createActivationRequest(holder: LicenseHolder, credential: ActivationCredential): Promise<string> {
  return holder.exclusive(async () => {
    const state = holder.inactiveState();
    const checked = checkCredential(credential);
    const made = await makeActivationRequest(holder.device, holder.trust, state, checked, holder.authorityEncryptionKey(), holder.clockNow());
    await holder.write(made.state);
    return made.text;
  });
}

export function installLicenseFile(holder: LicenseHolder, text: string): Promise<DeviceLicense> {
  return holder.exclusive(async () => {
    const state = holder.inactiveState();
    const accepted = await acceptLicenseFile(holder.device, holder.trust, state, text, holder.clockNow());
    await holder.write(accepted.state, accepted.verified);
    return accepted.verified.view.license;
  });
}

export function activateOnline(holder: LicenseHolder, credential: OnlineCredential | { readonly trial: true }): Promise<DeviceLicense> {
  return holder.exclusive(async () => {
    const authority = holder.authority();
    const state = holder.inactiveState();
    const checked = checkCredential(credential);
    const made = await makeActivationRequest(holder.device, holder.trust, state, checked, holder.authorityEncryptionKey(), holder.clockNow());
    // Kept as outstanding first: should the answer be lost, the portal's file for it still installs.
    await holder.write(made.state);
    const password = 'password' in credential ? { password: credential.password } : {};
    const answer = await authority.post('/v1/devices/activate', { request: made.text, ...password });
    const activationId = typeof answer.activationId === 'string' ? answer.activationId : null;
    const accepted = await acceptLicenseFile(holder.device, holder.trust, holder.trustedState(), stringMember(answer, 'text'), holder.clockNow(), activationId);
    await holder.write(accepted.state, accepted.verified);
    return accepted.verified.view.license;
  });
}
