import { AirlockError, type Random } from '@airlock/core';
import { openSealedSecret, sealSecret, type SealingKey } from '@airlock/core/internal';
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode, verifyTotp } from '@airlock/http';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

/**
 * An administrator's second factor as the database keeps it: the TOTP secret sealed under the
 * key passphrase (labelled with the admin id, so a sealed secret copied to another row does not
 * open), the step of the last accepted code, and the recovery codes' hashes.
 */
export interface StoredMfa {
  readonly adminId: string;
  readonly secret: Uint8Array;
  readonly startedAt: Date;
  readonly confirmedAt: Date | null;
  readonly lastUsedStep: number | null;
}

const labelOf = (adminId: string): string => `admin-totp/${adminId}`;

export function sealTotpSecret(sealing: SealingKey, adminId: string, secret: Uint8Array, random: Random): string {
  return sealSecret(sealing, secret, labelOf(adminId), random);
}

export async function findMfa(db: Db | Transaction<Database>, sealing: SealingKey, adminId: string): Promise<StoredMfa | undefined> {
  const row = await db.selectFrom('admin_mfa').selectAll().where('admin_id', '=', adminId).executeTakeFirst();
  if (!row) return undefined;
  const secret = openSealedSecret(sealing, row.sealed_secret, labelOf(adminId));
  // Sealed under another passphrase, or altered: the key passphrase opens the authority's keys, so this is damage.
  if (secret === null) throw new Error(`the TOTP secret of administrator ${adminId} does not open with the key passphrase`);
  return { adminId, secret, startedAt: row.started_at, confirmedAt: row.confirmed_at, lastUsedStep: row.last_used_step };
}

/** The enrolled (confirmed) second factor of an administrator, or MFA_NOT_ENROLLED. */
export async function enrolledMfa(db: Db | Transaction<Database>, sealing: SealingKey, adminId: string): Promise<StoredMfa> {
  const mfa = await findMfa(db, sealing, adminId);
  if (!mfa || mfa.confirmedAt === null) throw new AirlockError('MFA_NOT_ENROLLED', {});
  return mfa;
}

/** How a second-step code was accepted; written to the audit log with the sign-in. */
export type SecondFactor = 'totp' | 'recovery-code';

/**
 * Checks a code — a TOTP code or a recovery code — and spends it in the same statement: the
 * TOTP step is recorded only if it is newer than the last one, the recovery code marked used
 * only if it was unused, so two replicas accepting the same code at once cannot both succeed.
 * Refusals are returned, not thrown, for the caller to count and audit.
 */
export async function spendCode(
  trx: Transaction<Database>,
  mfa: StoredMfa,
  presented: string,
  now: Date,
): Promise<{ ok: true; factor: SecondFactor } | { ok: false; code: 'MFA_CODE_INVALID' | 'MFA_CODE_REUSED' }> {
  if (normalizeRecoveryCode(presented) !== null) {
    const used = await trx
      .updateTable('admin_recovery_codes')
      .set({ used_at: now })
      .where('admin_id', '=', mfa.adminId)
      .where('code_hash', '=', hashRecoveryCode(presented))
      .where('used_at', 'is', null)
      .returning('code_hash')
      .executeTakeFirst();
    return used ? { ok: true, factor: 'recovery-code' } : { ok: false, code: 'MFA_CODE_INVALID' };
  }
  const check = verifyTotp(mfa.secret, presented, now, mfa.lastUsedStep);
  if (!check.ok) return check;
  const recorded = await trx
    .updateTable('admin_mfa')
    .set({ last_used_step: check.step })
    .where('admin_id', '=', mfa.adminId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', check.step)]))
    .returning('admin_id')
    .executeTakeFirst();
  return recorded ? { ok: true, factor: 'totp' } : { ok: false, code: 'MFA_CODE_REUSED' };
}

/** Replaces an administrator's recovery codes with new ones; returns them, to be shown once. */
export async function replaceRecoveryCodes(trx: Transaction<Database>, adminId: string, random: Random): Promise<string[]> {
  const codes = newRecoveryCodes(random);
  await trx.deleteFrom('admin_recovery_codes').where('admin_id', '=', adminId).execute();
  await trx
    .insertInto('admin_recovery_codes')
    .values(codes.map((code) => ({ admin_id: adminId, code_hash: hashRecoveryCode(code), used_at: null })))
    .execute();
  return codes;
}

/** Removes an administrator's second factor entirely: secret, recovery codes, pending challenges. */
export async function removeMfa(trx: Transaction<Database>, adminId: string): Promise<void> {
  await trx.deleteFrom('admin_recovery_codes').where('admin_id', '=', adminId).execute();
  await trx.deleteFrom('mfa_challenges').where('admin_id', '=', adminId).execute();
  await trx.deleteFrom('admin_mfa').where('admin_id', '=', adminId).execute();
}

/** How many of an administrator's recovery codes are still unused. */
export async function recoveryCodesLeft(db: Db, adminId: string): Promise<number> {
  const row = await db
    .selectFrom('admin_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('left'))
    .where('admin_id', '=', adminId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.left ?? 0);
}

/** Whether administrators must enrol (the `mfa_policy` row). */
export async function mfaRequiredForAdmins(db: Db | Transaction<Database>): Promise<boolean> {
  const row = await db.selectFrom('mfa_policy').select('require_for_admins').executeTakeFirst();
  return row?.require_for_admins === true;
}

/**
 * Whether this administrator must enrol before doing anything else: the policy is on and they
 * have no confirmed second factor. One indexed query, asked on every request a session makes,
 * so turning the policy on holds on every replica at the next request.
 */
export async function mustEnrolMfa(db: Db, adminId: string): Promise<boolean> {
  const row = await db
    .selectFrom('mfa_policy as p')
    .leftJoin('admin_mfa as m', (join) => join.on('m.admin_id', '=', adminId).on('m.confirmed_at', 'is not', null))
    .select(['p.require_for_admins', 'm.admin_id'])
    .executeTakeFirst();
  return row?.require_for_admins === true && row.admin_id === null;
}
