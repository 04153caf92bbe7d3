import { type Command, segment } from '@airlock/cli-kit';

/** Unblocks a device fingerprint on a license: it may be activated again. */
export const licenseUnblockDevice: Command = {
  name: 'license unblock-device',
  summary: 'Unblock a device on a license: it may be activated again',
  usage: '<licenseId> <fingerprint>',
  positionals: ['licenseId', 'fingerprint'],
  options: {},
  async run(context) {
    const [licenseId, fingerprint] = context.positionals as [string, string];
    await context.api().request('DELETE', `/v1/device-licenses/${segment(licenseId)}/blocked-devices/${segment(fingerprint)}`);
    return { result: { licenseId, fingerprint }, text: `Unblocked device ${fingerprint} on license ${licenseId}.` };
  },
};
