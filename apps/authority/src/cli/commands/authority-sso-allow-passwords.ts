import { CliFailure, option, type Command } from '@airlock/cli-kit';
import { serverActor, withAuthorityStore } from './authority-admin-store.ts';

/**
 * The way back in when the console signs in through its identity provider only and that IdP is
 * down (or misconfigured): run on the server, against the authority's own database, without
 * signing in. Administrators (or, with `--customer`, that customer's portal users) may sign in
 * with their password again; the provider stays set up.
 */
export const authoritySsoAllowPasswords: Command = {
  name: 'authority sso allow-passwords',
  summary: "On the server: let administrators (or a customer's portal users) sign in with their password again, when the identity provider is down",
  usage: '[--customer <id>] [--data-dir <dir>]',
  options: { customer: { type: 'string' }, 'data-dir': { type: 'string' } },
  async run(context) {
    const customer = option(context, 'customer');
    const { allowPasswordSignIn, CONSOLE_PROVIDER_ID, customerProviderId } = await import('../../features/sso/sso-providers.ts');
    const id = customer === undefined ? CONSOLE_PROVIDER_ID : customerProviderId(customer);
    const provider = await withAuthorityStore(context, (db) => allowPasswordSignIn(db, id, { actor: serverActor(), now: new Date() }));
    const who = customer === undefined ? 'Administrators' : `The portal users of ${customer}`;
    if (!provider)
      throw new CliFailure(
        `${customer === undefined ? 'the console' : `customer ${customer}`} has no identity provider: password sign-in is allowed already, nothing was changed`,
      );
    return { result: provider, text: `${who} may sign in with their password again; single sign-on through ${provider.issuer} stays set up.` };
  },
};
