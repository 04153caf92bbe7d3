import type { AuthorityAnswer } from '@airlock/client';
import { UsageError, type Command, option } from '@airlock/cli-kit';

export const authorityKeysRotate: Command = {
  name: 'authority keys rotate',
  summary: 'Make a new signing (sig) or encryption (enc) key active and retire the old one',
  usage: '[--purpose sig|enc]',
  options: { purpose: { type: 'string', default: 'sig' } },
  async run(context) {
    const purpose = option(context, 'purpose');
    if (purpose !== 'sig' && purpose !== 'enc') throw new UsageError('--purpose must be sig or enc');
    const rotation = await context.api().request<AuthorityAnswer<'/v1/keys/rotate', 'post'>>('POST', '/v1/keys/rotate', { purpose });
    const what = purpose === 'sig' ? 'signing' : 'encryption';
    return {
      result: rotation,
      text: `Rotated the ${what} key: ${rotation.active.kid} is active until ${rotation.active.notAfter}; ${rotation.retired.kid} is retired.`,
    };
  },
};
