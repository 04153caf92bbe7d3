import type { OpenAtAuthorityContext } from '@airlock/core';
import { authorityOpenContext, type AuthorityKeys } from '../../keys/authority-keys.ts';

/**
 * Opens a document a device sent the authority (an activation request, a deactivation file, a
 * usage report) with the decryption key its JWE header names, so a file made before a key
 * rotation still opens. A file that names no key the authority holds is refused by the core with
 * its precise code (WRONG_RECIPIENT, DOCUMENT_MALFORMED, ...).
 *
 * @example
 * ```ts
 * const request = await openDeviceUpload(keys, text, now, openDeviceActivationRequest);
 * ```
 */
export async function openDeviceUpload<T>(
  keys: AuthorityKeys,
  text: string,
  now: Date,
  open: (text: string, context: OpenAtAuthorityContext) => Promise<T>,
): Promise<T> {
  return open(text, await authorityOpenContext(keys, now));
}
