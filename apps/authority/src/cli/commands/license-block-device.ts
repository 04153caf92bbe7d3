import type { AuthorityAnswer } from '@airlock/client';
import { type Command, option, segment } from '@airlock/cli-kit';

type Blocked = AuthorityAnswer<'/v1/device-licenses/{licenseId}/blocked-devices', 'post'>;

/** Blocks a device fingerprint on a license: its activations are freed and it may not activate again. */
export const licenseBlockDevice: Command = {
  name: 'license block-device',
  summary: 'Block a device on a license: its activations are freed and its activation is refused (DEVICE_BLOCKED)',
  usage: '<licenseId> <fingerprint> [--reason <text>]',
  positionals: ['licenseId', 'fingerprint'],
  options: { reason: { type: 'string' } },
  async run(context) {
    const [licenseId, fingerprint] = context.positionals as [string, string];
    const reason = option(context, 'reason');
    const blocked = await context
      .api()
      .request<Blocked>('POST', `/v1/device-licenses/${segment(licenseId)}/blocked-devices`, { fingerprint, ...(reason === undefined ? {} : { reason }) });
    return { result: blocked, text: `Blocked device ${blocked.fingerprint} on license ${licenseId}; freed ${blocked.freed} of its activations.` };
  },
};
