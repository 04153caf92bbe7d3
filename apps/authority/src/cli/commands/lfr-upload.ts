import type { AuthorityAnswer } from '@airlock/client';
import { type Command, required, segment, readDocument } from '@airlock/cli-kit';

type Upload = AuthorityAnswer<'/v1/customers/{customerId}/lfrs', 'post'>;

export const lfrUpload: Command = {
  name: 'lfr upload',
  summary: 'Upload a license file request (LFR) a site made',
  usage: '<file> --customer <customerId>',
  options: { customer: { type: 'string' } },
  positionals: ['file'],
  async run(context) {
    const [path = ''] = context.positionals;
    const customer = required(context, 'customer');
    const text = await readDocument(context.io, path);
    const upload = await context.api().request<Upload>('POST', `/v1/customers/${segment(customer)}/lfrs`, { text });
    const { lfr, allocation } = upload;
    const available =
      Object.entries(allocation.available)
        .map(([type, quantity]) => `${type} ${quantity}`)
        .join(', ') || 'nothing';
    return {
      result: upload,
      text: `Accepted LFR ${lfr.id} from site ${lfr.siteGuid} (tenant ${lfr.tenant}, cycle ${lfr.cycle}, sequence ${lfr.sequence}). Available to allocate: ${available}.`,
    };
  },
};
