import type { AuthorityAnswer } from '@airlock/client';
import { type Command, segment } from '@airlock/cli-kit';

/** Resumes a suspended device license. */
export const licenseResume: Command = {
  name: 'license resume',
  summary: 'Resume a suspended device license',
  usage: '<licenseId>',
  positionals: ['licenseId'],
  options: {},
  async run(context) {
    const licenseId = context.positionals[0]!;
    const license = await context
      .api()
      .request<AuthorityAnswer<'/v1/device-licenses/{licenseId}/resume', 'post'>>('POST', `/v1/device-licenses/${segment(licenseId)}/resume`);
    return { result: license, text: `Resumed license ${license.id}.` };
  },
};
