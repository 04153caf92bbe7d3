import type { AuthorityAnswer } from '@airlock/client';
import { type Command, segment } from '@airlock/cli-kit';

/** Frees every active activation of a device license. */
export const licenseReset: Command = {
  name: 'license reset',
  summary: 'Free every active activation of a device license',
  usage: '<licenseId>',
  positionals: ['licenseId'],
  options: {},
  async run(context) {
    const licenseId = context.positionals[0]!;
    const reset = await context
      .api()
      .request<AuthorityAnswer<'/v1/device-licenses/{licenseId}/reset', 'post'>>('POST', `/v1/device-licenses/${segment(licenseId)}/reset`);
    return { result: reset, text: `Freed ${reset.freed} activation${reset.freed === 1 ? '' : 's'} of license ${reset.licenseId}.` };
  },
};
