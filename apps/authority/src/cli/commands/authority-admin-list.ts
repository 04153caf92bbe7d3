import type { Command } from '@airlock/cli-kit';
import { withAuthorityStore } from './authority-admin-store.ts';

/** The administrators, read on the server from the authority's own database (no sign-in needed). */
export const authorityAdminList: Command = {
  name: 'authority admin list',
  summary: "On the server: list the administrators, read from the authority's database",
  usage: '[--data-dir <dir>]',
  options: { 'data-dir': { type: 'string' } },
  async run(context) {
    const { listAdmins } = await import('../../features/accounts/admins.ts');
    const admins = await withAuthorityStore(context, (db) => listAdmins(db));
    const state = (admin: (typeof admins)[number]) =>
      admin.disabledAt !== null ? `disabled since ${admin.disabledAt}` : admin.mustChangePassword ? 'enabled, one-time password' : 'enabled';
    return {
      result: admins,
      text:
        admins.length === 0
          ? 'No administrator yet: the first start of the authority creates one.'
          : admins.map((admin) => `${admin.email}  ${state(admin)}`).join('\n'),
    };
  },
};
