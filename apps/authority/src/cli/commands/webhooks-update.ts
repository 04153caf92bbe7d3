import type { AuthorityAnswer } from '@airlock/client';
import { type Command, list, option, segment, UsageError } from '@airlock/cli-kit';

/** `webhooks update`, `webhooks enable` and `webhooks disable`: `PATCH /v1/webhooks/{id}`. */
export const webhooksUpdate: Command = {
  name: 'webhooks update',
  summary: "Change a webhook endpoint's URL, description or events",
  usage: '<webhookId> [--endpoint-url <https://…>] [--event <type> …] [--description <text>]',
  options: { 'endpoint-url': { type: 'string' }, event: { type: 'string', multiple: true }, description: { type: 'string' } },
  positionals: ['webhookId'],
  async run(context) {
    const [id = ''] = context.positionals;
    const url = option(context, 'endpoint-url');
    const description = option(context, 'description');
    const events = list(context, 'event');
    const change = { ...(url === undefined ? {} : { url }), ...(description === undefined ? {} : { description }), ...(events.length === 0 ? {} : { events }) };
    if (Object.keys(change).length === 0) throw new UsageError('give --endpoint-url, --event or --description');
    const updated = await context.api().request<AuthorityAnswer<'/v1/webhooks/{webhookId}', 'patch'>>('PATCH', `/v1/webhooks/${segment(id)}`, change);
    return { result: updated, text: `Updated webhook ${updated.id}.` };
  },
};

function toggle(enabled: boolean): Command {
  return {
    name: `webhooks ${enabled ? 'enable' : 'disable'}`,
    summary: enabled
      ? 'Enable a webhook endpoint (its queued events then leave, in order)'
      : 'Disable a webhook endpoint (its events are kept until it is enabled)',
    usage: '<webhookId>',
    options: {},
    positionals: ['webhookId'],
    async run(context) {
      const [id = ''] = context.positionals;
      const updated = await context.api().request<AuthorityAnswer<'/v1/webhooks/{webhookId}', 'patch'>>('PATCH', `/v1/webhooks/${segment(id)}`, { enabled });
      return { result: updated, text: `${enabled ? 'Enabled' : 'Disabled'} webhook ${updated.id}.` };
    },
  };
}

export const webhooksEnable = toggle(true);
export const webhooksDisable = toggle(false);
