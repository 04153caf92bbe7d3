import type { AuthorityAnswer } from '@airlock/client';
import { type Command, type CommandContext, segment, UsageError } from '@airlock/cli-kit';

/**
 * The id of a user of the license, named by its id or its user name (the license's users are
 * looked up for a name).
 */
export async function licenseUserId(context: CommandContext, licenseId: string, user: string): Promise<string> {
  const license = await context.api().request<AuthorityAnswer<'/v1/device-licenses/{licenseId}'>>('GET', `/v1/device-licenses/${segment(licenseId)}`);
  const found = license.users.find((candidate) => candidate.id === user || candidate.username === user);
  if (!found) throw new UsageError(`license ${licenseId} has no user ${user}`);
  return found.id;
}

/** Removes a user from a user-based license, freeing the activations the user made. */
export const licenseRemoveUser: Command = {
  name: 'license remove-user',
  summary: 'Remove a user from a user-based device license; the activations the user made are freed',
  usage: '<licenseId> <user id or name>',
  positionals: ['licenseId', 'user'],
  options: {},
  async run(context) {
    const [licenseId, user] = context.positionals as [string, string];
    const userId = await licenseUserId(context, licenseId, user);
    const removed = await context
      .api()
      .request<AuthorityAnswer<'/v1/device-licenses/{licenseId}/users/{userId}', 'delete'>>(
        'DELETE',
        `/v1/device-licenses/${segment(licenseId)}/users/${segment(userId)}`,
      );
    return { result: removed, text: `Removed user ${removed.username} from license ${licenseId}; freed ${removed.freed} of the activations they made.` };
  },
};
