import type { SiteAnswer } from '@airlock/client';
import { type Command, option, required, UsageError } from '@airlock/cli-kit';
import { siteClient, siteWideOptions, SITE_WIDE_USAGE } from '../site-client.ts';

export type SiteAccount = SiteAnswer<'/v1/accounts', 'post'>['account'];

const roles = ['site-admin', 'tenant-admin', 'auditor'];

/** Creates an account on a running site; its generated password is printed once. */
export const siteAccountCreate: Command = {
  name: 'site account create',
  summary: 'Create a site account (site-admin, tenant-admin of one tenant, or auditor); prints its one-time password',
  usage: `<account> --role <site-admin|tenant-admin|auditor> [--tenant <tenant>] ${SITE_WIDE_USAGE}`,
  options: { ...siteWideOptions, role: { type: 'string' }, tenant: { type: 'string' } },
  positionals: ['account'],
  async run(context) {
    const role = required(context, 'role');
    if (!roles.includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}`);
    const tenant = option(context, 'tenant');
    if ((role === 'tenant-admin') !== (tenant !== undefined)) throw new UsageError('a tenant-admin needs --tenant, and only a tenant-admin takes it');
    const created = await siteClient(context).request<{ account: SiteAccount; password: string }>('POST', '/v1/accounts', {
      account: context.positionals[0] ?? '',
      role,
      ...(tenant === undefined ? {} : { tenant }),
    });
    const { account } = created;
    return {
      result: created,
      text: `Created ${account.role} ${account.account}${account.tenant ? ` of tenant ${account.tenant}` : ''}. One-time password: ${created.password} (shown only now; it must be changed at the first sign-in).`,
    };
  },
};
