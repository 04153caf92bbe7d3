import type { AuthorityAnswer } from '@airlock/client';
import { type Command, list, option, required } from '@airlock/cli-kit';

export const webhooksCreate: Command = {
  name: 'webhooks create',
  summary: 'Register a webhook endpoint; prints its signing secret, shown only this once',
  usage: '--endpoint-url <https://…> --event <type|prefix.*|*> [--event …] [--description <text>] [--disabled]',
  options: { 'endpoint-url': { type: 'string' }, event: { type: 'string', multiple: true }, description: { type: 'string' }, disabled: { type: 'boolean' } },
  async run(context) {
    const description = option(context, 'description');
    const created = await context.api().request<AuthorityAnswer<'/v1/webhooks', 'post'>>('POST', '/v1/webhooks', {
      url: required(context, 'endpoint-url'),
      events: list(context, 'event'),
      ...(description === undefined ? {} : { description }),
      ...(context.values.disabled === true ? { enabled: false } : {}),
    });
    return {
      result: created,
      text: [
        `Created webhook ${created.endpoint.id} for ${created.endpoint.url} (${created.endpoint.events.join(', ')}).`,
        `Signing secret (shown only now; keep it in the receiver): ${created.secret}`,
      ].join('\n'),
    };
  },
};
