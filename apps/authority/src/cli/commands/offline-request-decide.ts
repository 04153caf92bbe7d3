import type { AuthorityAnswer } from '@airlock/client';
import { type Command, option, segment } from '@airlock/cli-kit';

/** Approves or denies a pending request: `POST /v1/offline-requests/{id}/decision`, with an optional note. */
function decision(verb: 'approve' | 'deny'): Command {
  return {
    name: `offline-request ${verb}`,
    summary: `${verb === 'approve' ? 'Approve' : 'Deny'} a pending offline-licensing request, with a note`,
    usage: '<requestId> [--note <text>]',
    options: { note: { type: 'string' } },
    positionals: ['requestId'],
    async run(context) {
      const [requestId = ''] = context.positionals;
      const note = option(context, 'note');
      const decided = await context
        .api()
        .request<AuthorityAnswer<'/v1/offline-requests/{requestId}/decision', 'post'>>('POST', `/v1/offline-requests/${segment(requestId)}/decision`, {
          decision: verb,
          ...(note === undefined ? {} : { note }),
        });
      return {
        result: decided,
        text: `${verb === 'approve' ? 'Approved' : 'Denied'} offline licensing for customer ${decided.customerId} (request ${decided.id}).`,
      };
    },
  };
}

export const offlineRequestApprove = decision('approve');
export const offlineRequestDeny = decision('deny');
