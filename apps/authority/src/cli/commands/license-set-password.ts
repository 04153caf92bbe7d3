import { type Command, option, readDocument, segment, UsageError } from '@airlock/cli-kit';
import { licenseUserId } from './license-remove-user.ts';

/** The environment variable a new password may come from, instead of a file. */
const NEW_PASSWORD_VARIABLE = 'AIRLOCK_NEW_PASSWORD';

/**
 * Sets a license user's password. A password never goes on the command line (where `ps` and
 * shell histories see it): it is read from the file `--password-file` names (`/dev/stdin` to
 * pipe it in; one trailing line break is dropped), or from AIRLOCK_NEW_PASSWORD, as the
 * authority's key passphrase is.
 */
export const licenseSetPassword: Command = {
  name: 'license set-password',
  summary: "Set a license user's password (read from --password-file, e.g. /dev/stdin, or AIRLOCK_NEW_PASSWORD)",
  usage: '<licenseId> <user id or name> [--password-file <file>|/dev/stdin]',
  positionals: ['licenseId', 'user'],
  options: { 'password-file': { type: 'string' } },
  async run(context) {
    const [licenseId, user] = context.positionals as [string, string];
    const file = option(context, 'password-file');
    const fromEnv = context.io.env[NEW_PASSWORD_VARIABLE];
    if ((file === undefined) === (fromEnv === undefined || fromEnv === '')) {
      throw new UsageError(`give the new password in --password-file or ${NEW_PASSWORD_VARIABLE}, one of them`);
    }
    const password = file === undefined ? fromEnv! : (await readDocument(context.io, file)).replace(/\r?\n$/, '');
    const userId = await licenseUserId(context, licenseId, user);
    await context.api().request('POST', `/v1/device-licenses/${segment(licenseId)}/users/${segment(userId)}/password`, { password });
    return { result: { licenseId, userId }, text: `Set a new password for user ${user} of license ${licenseId}.` };
  },
};
