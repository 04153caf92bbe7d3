import { AirlockError, type Random } from '@airlock/core';
import type { PasswordHasher } from './passwords.ts';

/**
 * One-time passwords: what an administrator's reset (or an account's creation) hands out. The
 * account is marked to change it at its first sign-in; until then both servers answer
 * PASSWORD_CHANGE_REQUIRED (docs/errors.md), and the one-time password may not be kept as the
 * new one: ONE_TIME_PASSWORD_REUSED.
 */

/** Letters and digits a person reads and types without mistaking one for another (no 0/O, 1/l/I). */
const TYPABLE = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const GROUPS = 5;
const GROUP_LENGTH = 5;

/**
 * A one-time password a person can type from a terminal: five groups of five characters from a
 * 55-letter alphabet (about 144 bits), drawn without modulo bias from `random`.
 *
 * @example
 * ```ts
 * generatePassword(random); // 'k7QmZ-4hTrw-...'
 * ```
 */
export function generatePassword(random: Random): string {
  const characters: string[] = [];
  const unbiasedBelow = 256 - (256 % TYPABLE.length);
  while (characters.length < GROUPS * GROUP_LENGTH) {
    for (const byte of random.bytes(32)) {
      if (byte < unbiasedBelow && characters.length < GROUPS * GROUP_LENGTH) characters.push(TYPABLE[byte % TYPABLE.length]!);
    }
  }
  const groups: string[] = [];
  for (let i = 0; i < GROUPS; i++) groups.push(characters.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH).join(''));
  return groups.join('-');
}

/** What a password change needs to know of the account: its stored hash, and whether that is a one-time password's. */
export interface PasswordOnFile {
  readonly passwordHash: string;
  readonly mustChangePassword: boolean;
}

/**
 * Checks a password change and hashes the new password. The current password must match
 * (INVALID_CREDENTIALS otherwise, after `onWrongPassword`, where a server counts it towards the
 * lock). The new one must differ from it: ONE_TIME_PASSWORD_REUSED while the current one is a
 * one-time password (whoever handed it out would otherwise keep knowing the password),
 * REQUEST_INVALID otherwise. Storing the hash, and ending sessions, is the server's.
 */
export async function checkedNewPasswordHash(
  passwords: PasswordHasher,
  account: PasswordOnFile,
  input: { readonly currentPassword: string; readonly newPassword: string },
  random: Random,
  onWrongPassword?: () => void | Promise<void>,
): Promise<string> {
  if (!(await passwords.verify(account.passwordHash, input.currentPassword))) {
    await onWrongPassword?.();
    throw new AirlockError('INVALID_CREDENTIALS', {});
  }
  // The current password was just verified, so comparing the texts says whether the new one matches the hash.
  if (input.newPassword === input.currentPassword) {
    if (account.mustChangePassword) throw new AirlockError('ONE_TIME_PASSWORD_REUSED', { field: 'newPassword' });
    throw new AirlockError('REQUEST_INVALID', { field: 'newPassword', reason: 'the new password must differ from the current one' });
  }
  return passwords.hash(input.newPassword, random);
}
