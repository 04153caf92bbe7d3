import { AirlockError, type Random } from '@airlock/core';
import type { Transaction } from 'kysely';
import { hashPassword } from '@airlock/http';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import type { Actor } from '../../http/audit.ts';
import { lockLicense } from './device-license-model.ts';
import { activeActivations, freeSlots } from './vendor-device-control.ts';

/**
 * The vendor's management of a user-based license's users beyond adding one: removing a user
 * (and freeing the slots of the devices that user activated) and setting a user's password.
 * Both refuse NOT_FOUND for an unknown license or a user of another license, changing nothing.
 */

/** The audit log's and the activations' name for a license user (`activated_by`). */
export function licenseUserActor(userId: string): string {
  return `license-user:${userId}`;
}

/**
 * Removes a user from a user-based license: the name no longer signs in (INVALID_CREDENTIALS,
 * as an unknown user), and the activations that user made are freed (reason `user-removed`).
 *
 * @example
 * ```ts
 * const { freed } = await removeLicenseUser(db, licenseId, userId, by); // 1
 * ```
 */
export async function removeLicenseUser(db: Db, licenseId: string, userId: string, by: Actor): Promise<{ userId: string; username: string; freed: number }> {
  return db.transaction().execute(async (trx) => {
    await lockLicense(trx, licenseId);
    const user = await userOf(trx, licenseId, userId);
    await trx.deleteFrom('device_license_users').where('id', '=', userId).execute();
    const theirs = (await activeActivations(trx, licenseId)).filter((activation) => activation.activated_by === licenseUserActor(userId));
    const freed = await freeSlots(trx, theirs, 'user-removed', by);
    await recordAudit(trx, {
      ...by,
      action: 'device-license.user-remove',
      objectType: 'device-license',
      objectId: licenseId,
      before: { userId, username: user.username },
      after: { freed },
      at: by.now,
    });
    return { userId, username: user.username, freed: freed.length };
  });
}

/**
 * Sets a license user's password (kept as an argon2id hash, as every password): the old one
 * is refused from now on. The devices the user activated keep their slots.
 *
 * @example
 * ```ts
 * await setLicenseUserPassword(db, licenseId, userId, 'a new long password', { ...by, random });
 * ```
 */
export async function setLicenseUserPassword(
  db: Db,
  licenseId: string,
  userId: string,
  password: string,
  by: Actor & { readonly random: Random },
): Promise<void> {
  const passwordHash = await hashPassword(password, by.random);
  await db.transaction().execute(async (trx) => {
    await lockLicense(trx, licenseId);
    const user = await userOf(trx, licenseId, userId);
    await trx.updateTable('device_license_users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    await recordAudit(trx, {
      ...by,
      action: 'device-license.user-password',
      objectType: 'device-license',
      objectId: licenseId,
      after: { userId, username: user.username },
      at: by.now,
    });
  });
}

async function userOf(trx: Transaction<Database>, licenseId: string, userId: string): Promise<{ username: string }> {
  const user = await trx.selectFrom('device_license_users').select('username').where('id', '=', userId).where('license_id', '=', licenseId).executeTakeFirst();
  if (!user) throw new AirlockError('NOT_FOUND', { license: licenseId, user: userId });
  return user;
}
