import type { AuthorityAnswer } from '@airlock/client';
import { type Command, required, segment } from '@airlock/cli-kit';

type Revocation = AuthorityAnswer<'/v1/keys/{kid}/revoke', 'post'>;

export const authorityKeysRevoke: Command = {
  name: 'authority keys revoke',
  summary: 'Revoke a signing or encryption key (an active one is replaced at once)',
  usage: '<kid> --reason <text>',
  options: { reason: { type: 'string' } },
  positionals: ['kid'],
  async run(context) {
    const [kid = ''] = context.positionals;
    const reason = required(context, 'reason');
    const revocation = await context.api().request<Revocation>('POST', `/v1/keys/${segment(kid)}/revoke`, { reason });
    const replaced = revocation.replacement ? ` ${revocation.replacement.kid} replaces it.` : '';
    return {
      result: revocation,
      text: `Revoked ${revocation.revoked.kid} (revocation list #${revocation.revocationList.serial}).${replaced}`,
    };
  },
};
