import { AirlockError } from '@airlock/core';
import { applyAuthorityStatus, endsLicense, statusOf, type AuthorityStatus } from './authority-status.ts';
import { acceptRefreshFile, activationRequest, verifyCheckInReceipt } from './device-exchanges.ts';
import type { DeviceLicense } from './device-license.ts';
import type { LicenseHolder } from './license-holder.ts';

/** Refreshes: a refresh file applied offline, the request the portal answers with one, and the online validation. */

/** What an online refresh learnt. */
export interface RefreshOutcome {
  /** The activation's status at the authority (as its check-in receipt signs it): `active`, `expired`, `suspended`, `deactivated` or `blocked`. */
  readonly status: AuthorityStatus;
  /** The newest revision of the license at the authority. */
  readonly revision: number;
  /** True when a newer license came back and is now in force. */
  readonly applied: boolean;
  /** The license held (suspended or not); null when the authority answered that the activation was deactivated or the device blocked. */
  readonly license: DeviceLicense | null;
}

export function applyRefreshFile(holder: LicenseHolder, text: string): Promise<DeviceLicense> {
  return holder.exclusive(async () => {
    const { usable } = holder.activeState();
    if (!usable.verified.view.license.allowOffline) throw new AirlockError('OFFLINE_NOT_ALLOWED', { exchange: 'refresh' });
    return applyRefresh(holder, text);
  });
}

async function applyRefresh(holder: LicenseHolder, text: string): Promise<DeviceLicense> {
  const { state, activation, usable } = holder.activeState();
  const accepted = await acceptRefreshFile(holder.device, holder.trust, { ...state, activation }, usable.verified, text, holder.clockNow());
  await holder.write(accepted.state, accepted.verified);
  return accepted.verified.view.license;
}

export function createRefreshRequest(holder: LicenseHolder): Promise<string> {
  return holder.exclusive(async () => {
    const { activation, usable } = holder.activeState();
    const license = usable.verified.view.license;
    if (!license.allowOffline) throw new AirlockError('OFFLINE_NOT_ALLOWED', { exchange: 'refresh' });
    const request = await activationRequest(
      holder.device,
      holder.trust,
      activation.credential,
      holder.authorityEncryptionKey(),
      holder.clockNow(),
      license.revision,
    );
    return request.text;
  });
}

export function refreshOnline(holder: LicenseHolder): Promise<RefreshOutcome> {
  return holder.exclusive(async () => {
    const authority = holder.authority();
    const { activation, usable } = holder.activeState();
    const held = usable.verified.view.license.revision;
    const request = await activationRequest(holder.device, holder.trust, activation.credential, holder.authorityEncryptionKey(), holder.clockNow(), held);
    const answer = await authority.post('/v1/devices/validate', { request: request.text });
    // The receipt is checked before anything is applied: one that does not answer this request
    // (another device's, an old one played back, an altered one) is refused and changes nothing.
    const receipt =
      answer.receipt === undefined
        ? null
        : await verifyCheckInReceipt(holder.device, holder.trust, usable.verified, answer.receipt, request.claims.jti, holder.clockNow());
    // The status the authority signed, when it sent a receipt (an authority from before receipts does not).
    const status = statusOf(receipt?.status ?? answer.status);
    const revision = typeof answer.revision === 'number' ? answer.revision : held;
    await applyAuthorityStatus(holder, status);
    if (endsLicense(status)) return { status, revision, applied: false, license: null };
    const applied = typeof answer.text === 'string' && (await applyIfNewer(holder, answer.text));
    if (receipt) await holder.recordContact(receipt.contact);
    return { status, revision, applied, license: holder.usable?.view.license ?? null };
  });
}

/** Applies a refresh the authority answered with; false when it is not newer than the license held. */
async function applyIfNewer(holder: LicenseHolder, text: string): Promise<boolean> {
  try {
    await applyRefresh(holder, text);
    return true;
  } catch (error) {
    if (error instanceof AirlockError && error.code === 'REFRESH_NOT_NEWER') return false;
    throw error;
  }
}
