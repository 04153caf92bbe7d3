import type { Command } from '@airlock/cli-kit';
import { siteClient, siteWideOptions, SITE_WIDE_USAGE } from '../site-client.ts';
import type { SiteAccount } from './site-account-create.ts';

/** Lists the accounts of a running site. */
export const siteAccountList: Command = {
  name: 'site account list',
  summary: 'List the site accounts: role, tenant, whether disabled or awaiting a password change',
  usage: SITE_WIDE_USAGE,
  options: siteWideOptions,
  async run(context) {
    const { accounts } = await siteClient(context).request<{ accounts: SiteAccount[] }>('GET', '/v1/accounts');
    const lines = accounts.map((account) => {
      const marks = [account.disabled ? 'disabled' : '', account.mustChangePassword ? 'must change password' : ''].filter(Boolean);
      return `${account.account}  ${account.role}${account.tenant ? ` of ${account.tenant}` : ''}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`;
    });
    return { result: accounts, text: lines.length > 0 ? lines.join('\n') : 'No accounts.' };
  },
};
