import { type Command, segment } from '@airlock/cli-kit';
import { siteClient, siteWideOptions, SITE_WIDE_USAGE } from '../site-client.ts';
import type { SiteAccount } from './site-account-create.ts';

/** Gives an account of a running site a new one-time password; printed once. */
export const siteAccountResetPassword: Command = {
  name: 'site account reset-password',
  summary: 'Give a site account a new one-time password (its sessions end, a lock is lifted)',
  usage: `<account> ${SITE_WIDE_USAGE}`,
  options: siteWideOptions,
  positionals: ['account'],
  async run(context) {
    const reset = await siteClient(context).request<{ account: SiteAccount; password: string }>(
      'POST',
      `/v1/accounts/${segment(context.positionals[0] ?? '')}/reset-password`,
    );
    return {
      result: reset,
      text: `New one-time password for ${reset.account.account}: ${reset.password} (shown only now; it must be changed at the next sign-in).`,
    };
  },
};
