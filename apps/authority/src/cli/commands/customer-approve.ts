import type { AuthorityAnswer } from '@airlock/client';
import { type Command, option, segment } from '@airlock/cli-kit';

export const customerApprove: Command = {
  name: 'customer approve',
  summary: "Approve a customer's request for offline licensing",
  usage: '<requestId> [--note <text>]',
  options: { note: { type: 'string' } },
  positionals: ['requestId'],
  async run(context) {
    const [requestId = ''] = context.positionals;
    const note = option(context, 'note');
    const decided = await context
      .api()
      .request<AuthorityAnswer<'/v1/offline-requests/{requestId}/decision', 'post'>>('POST', `/v1/offline-requests/${segment(requestId)}/decision`, {
        decision: 'approve',
        ...(note === undefined ? {} : { note }),
      });
    return { result: decided, text: `Approved offline licensing for customer ${decided.customerId} (request ${decided.id}).` };
  },
};
