import { AirlockError } from '@airlock/core';
import type { AuthorityClient } from './authority-client.ts';
import { makeDeactivation } from './device-exchanges.ts';
import type { LicenseHolder } from './license-holder.ts';

/** Deactivation: the file is written and the license disabled in one step; sending it is apart. */

export function deactivate(holder: LicenseHolder, online: boolean): Promise<{ readonly text: string; readonly submitted: boolean }> {
  return holder.exclusive(async () => {
    const authority = online ? holder.authority() : null;
    const { state, activation, usable } = holder.activeState();
    if (!authority && !usable.verified.view.license.allowOffline) throw new AirlockError('OFFLINE_NOT_ALLOWED', { exchange: 'deactivation' });
    const made = await makeDeactivation(
      holder.device,
      holder.trust,
      { ...state, activation },
      usable.verified,
      holder.authorityEncryptionKey(),
      holder.anyTime(),
    );
    await holder.write(made.state, null);
    if (authority) await submitStored(holder, authority);
    return { text: made.text, submitted: authority !== null };
  });
}

export function submitDeactivation(holder: LicenseHolder): Promise<void> {
  return holder.exclusive(() => submitStored(holder, holder.authority()));
}

async function submitStored(holder: LicenseHolder, authority: AuthorityClient): Promise<void> {
  const state = holder.trustedState();
  const activation = state.activation;
  if (!activation?.deactivation) throw new AirlockError('NOT_FOUND', { reason: 'no deactivation file has been written' });
  try {
    await authority.post('/v1/devices/deactivate', { file: activation.deactivation.file });
  } catch (error) {
    // The same file sent again is refused as a replay: either way, the authority has applied it.
    if (!(error instanceof AirlockError && error.code === 'DOCUMENT_REPLAYED')) throw error;
  }
  await holder.write({ ...state, activation: { ...activation, deactivation: { ...activation.deactivation, submitted: true } } });
}
