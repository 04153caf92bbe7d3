import type { AuthorityAnswer } from '@airlock/client';
import { type Command, segment } from '@airlock/cli-kit';

type FreedActivation = AuthorityAnswer<'/v1/device-licenses/{licenseId}/activations/{activationId}/deactivate', 'post'>;

/** Frees one activation's slot: the vendor deactivates it (docs/devices.md, "Vendor control over devices"). */
export const licenseDeactivateDevice: Command = {
  name: 'license deactivate-device',
  summary: "Free one activation's slot; an online device learns it at its next validation or check-in",
  usage: '<licenseId> <activationId>',
  positionals: ['licenseId', 'activationId'],
  options: {},
  async run(context) {
    const [licenseId, activationId] = context.positionals as [string, string];
    const freed = await context
      .api()
      .request<FreedActivation>('POST', `/v1/device-licenses/${segment(licenseId)}/activations/${segment(activationId)}/deactivate`);
    const learns = freed.deviceMayStillRun
      ? 'It was activated offline and cannot be told: it may still run until its license ends or it next talks to the authority.'
      : 'The device learns it at its next validation or check-in.';
    return { result: freed, text: `Freed the slot of activation ${freed.id} (device ${freed.fingerprint}) of license ${licenseId}. ${learns}` };
  },
};
