import { ApiClient, ApiRefusal, CliFailure, readCredentials, removeCredentials, type Command } from '@airlock/cli-kit';

/**
 * Revokes the API token `airlock login` stored, at the authority that made it (when it answers),
 * and deletes the credentials file either way.
 */
export const logout: Command = {
  name: 'logout',
  summary: 'Revoke the stored API token at the authority (if it answers) and delete the credentials file',
  usage: '',
  options: {},
  async run(context) {
    const stored = await readCredentials(context.io.env);
    if (!stored) return { result: { signedIn: false }, text: 'Not signed in: there are no stored credentials.' };
    let revoked: 'revoked' | 'refused' | 'unreachable' = 'revoked';
    let code = '';
    try {
      await new ApiClient(stored.url, stored.token).request('DELETE', `/v1/api-tokens/${encodeURIComponent(stored.tokenId)}`);
    } catch (error) {
      if (error instanceof ApiRefusal) [revoked, code] = ['refused', error.problem.code];
      else if (error instanceof CliFailure) revoked = 'unreachable';
      else throw error;
    }
    await removeCredentials(context.io.env);
    const said = {
      revoked: `Revoked the CLI's API token ${stored.tokenId} at ${stored.url}`,
      refused: `The authority at ${stored.url} did not revoke the token ${stored.tokenId} (${code}: revoked already, or it lacks tokens:write; check the console's API tokens)`,
      unreachable: `Could not reach ${stored.url}: revoke the token ${stored.tokenId} in the console (API tokens)`,
    }[revoked];
    return { result: { signedIn: false, url: stored.url, tokenId: stored.tokenId, revoked }, text: `${said}; deleted the stored credentials.` };
  },
};
