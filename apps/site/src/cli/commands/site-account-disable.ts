import { type Command, segment } from '@airlock/cli-kit';
import { siteClient, siteWideOptions, SITE_WIDE_USAGE } from '../site-client.ts';
import type { SiteAccount } from './site-account-create.ts';

/** Disables an account of a running site: its sessions end at once. */
export const siteAccountDisable: Command = {
  name: 'site account disable',
  summary: 'Disable a site account: it can no longer sign in, and its sessions end at once',
  usage: `<account> ${SITE_WIDE_USAGE}`,
  options: siteWideOptions,
  positionals: ['account'],
  async run(context) {
    const account = await siteClient(context).request<SiteAccount>('POST', `/v1/accounts/${segment(context.positionals[0] ?? '')}/disable`);
    return { result: account, text: `Disabled ${account.account}: its sessions are over and it can no longer sign in.` };
  },
};
