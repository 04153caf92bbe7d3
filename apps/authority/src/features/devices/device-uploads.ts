import { dearmor, keyId, type OpenAtAuthorityContext } from '@airlock/core';
import type { AuthorityKeys } from '../../keys/authority-keys.ts';

/**
 * Opens a document a device sent the authority (an activation request, a deactivation file, a
 * usage report) with the decryption key its JWE header names, so a file made before a key
 * rotation still opens. A file that names no known key is opened with the active one, for the
 * core to refuse with its precise code (WRONG_RECIPIENT, DOCUMENT_MALFORMED, ...).
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
  const [decryptionKeys, root] = await Promise.all([keys.decryptionKeys(), keys.root()]);
  const named = recipientKid(text);
  const encryptionKey = decryptionKeys.find((key) => key.kid === named) ?? decryptionKeys[0];
  if (!encryptionKey) throw new Error('the authority has no decryption key');
  return open(text, { now, rootKid: keyId(root), encryptionKey });
}

/** The `kid` in the JWE header of an armoured document, or undefined if it cannot be read. */
function recipientKid(text: string): string | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(dearmor(text).body.split('.')[0] ?? '', 'base64url').toString('utf8'));
    const kid = (header as { kid?: unknown } | null)?.kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}
