import type { AuthorityAnswer } from '@airlock/client';
import { type Command, option, segment } from '@airlock/cli-kit';

/** Suspends a device license: devices are refused (LICENSE_SUSPENDED) until it is resumed. */
export const licenseSuspend: Command = {
  name: 'license suspend',
  summary: 'Suspend a device license: activations and refreshes are refused, online devices learn it at their next validation or check-in',
  usage: '<licenseId> [--reason <text>]',
  positionals: ['licenseId'],
  options: { reason: { type: 'string' } },
  async run(context) {
    const licenseId = context.positionals[0]!;
    const reason = option(context, 'reason');
    const license = await context
      .api()
      .request<AuthorityAnswer<'/v1/device-licenses/{licenseId}/suspend', 'post'>>(
        'POST',
        `/v1/device-licenses/${segment(licenseId)}/suspend`,
        reason === undefined ? {} : { reason },
      );
    return { result: license, text: `Suspended license ${license.id}${reason === undefined ? '' : ` (${reason})`}.` };
  },
};
