import { randomBytes } from 'node:crypto';
import { CliFailure, required, type Command } from '@airlock/cli-kit';
import { serverActor, withAuthorityStore } from './authority-admin-store.ts';

/**
 * For the administrator who forgot their password — the first one too, when no other can reset
 * it in the console: run on the server, against the authority's own database, without signing in.
 */
export const authorityAdminResetPassword: Command = {
  name: 'authority admin reset-password',
  summary: "On the server: give an administrator a new one-time password and end their sessions (a forgotten password, the first administrator's too)",
  usage: '--email <address> [--data-dir <dir>]',
  options: { email: { type: 'string' }, 'data-dir': { type: 'string' } },
  async run(context) {
    const email = required(context, 'email');
    const { findAdminByEmail, resetAdminPassword } = await import('../../features/accounts/admins.ts');
    const reset = await withAuthorityStore(context, async (db) => {
      const admin = await findAdminByEmail(db, email);
      if (!admin) throw new CliFailure(`no administrator has the e-mail address ${email} (airlock authority admin list shows them): nothing was changed`);
      return resetAdminPassword(db, admin.id, { actor: serverActor(), now: new Date(), random: { bytes: (n) => new Uint8Array(randomBytes(n)) } });
    });
    const disabled = reset.disabledAt === null ? '' : ' They are disabled: another administrator must enable them before they can sign in.';
    return {
      result: reset,
      text: `New one-time password for ${reset.email}: ${reset.password} (shown only now; it must be changed at the first sign-in). Their sessions have ended.${disabled}`,
    };
  },
};
