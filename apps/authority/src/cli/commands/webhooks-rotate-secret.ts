import type { AuthorityAnswer } from '@airlock/client';
import { type Command, segment } from '@airlock/cli-kit';

export const webhooksRotateSecret: Command = {
  name: 'webhooks rotate-secret',
  summary: 'Make a new signing secret; the previous one keeps signing for 24 hours',
  usage: '<webhookId>',
  options: {},
  positionals: ['webhookId'],
  async run(context) {
    const [id = ''] = context.positionals;
    const rotated = await context
      .api()
      .request<AuthorityAnswer<'/v1/webhooks/{webhookId}/rotate-secret', 'post'>>('POST', `/v1/webhooks/${segment(id)}/rotate-secret`);
    return {
      result: rotated,
      text: [
        `New signing secret for webhook ${rotated.endpoint.id} (shown only now): ${rotated.secret}`,
        `The previous secret also signs until ${rotated.endpoint.previousSecretExpiresAt ?? 'now'}: update the receiver before then.`,
      ].join('\n'),
    };
  },
};
