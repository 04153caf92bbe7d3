import { AirlockError, type Random } from '@airlock/core';
import { type SealingKey } from '@airlock/core/internal';
import type { Transaction } from 'kysely';
import { base32Encode, newTotpSecret, otpauthQrSvg, otpauthUri, verifyPassword, verifyTotp } from '@airlock/http';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit, type Actor } from '../../http/audit.ts';
import { findAccountById } from '../accounts/accounts.ts';
import {
  enrolledMfa,
  findMfa,
  mfaRequiredForAdmins,
  recoveryCodesLeft,
  removeMfa,
  replaceRecoveryCodes,
  sealTotpSecret,
  spendCode,
} from './admin-mfa-store.ts';

/** The name authenticator apps show beside the account. */
export const AUTHORITY_TOTP_ISSUER = 'Airlock authority';

/** What a use case that changes an administrator's second factor is given. */
export type MfaBy = Actor & { readonly random: Random; readonly sealing: SealingKey };

export interface MfaStatus {
  readonly enrolled: boolean;
  readonly enrolledAt: string | null;
  readonly recoveryCodesLeft: number;
  /** The policy: every administrator must enrol. */
  readonly requiredForAdmins: boolean;
}

export interface EnrolmentStarted {
  /** The secret in base32, for typing into an app that cannot scan. */
  readonly secret: string;
  readonly otpauthUri: string;
  /** The same URI as a QR code, an SVG drawn on the server. */
  readonly qrSvg: string;
}

export async function mfaStatus(db: Db, sealing: SealingKey, adminId: string): Promise<MfaStatus> {
  const mfa = await findMfa(db, sealing, adminId);
  const enrolledAt = mfa?.confirmedAt ?? null;
  const enrolled = enrolledAt !== null;
  return {
    enrolled,
    enrolledAt: enrolledAt?.toISOString() ?? null,
    recoveryCodesLeft: enrolled ? await recoveryCodesLeft(db, adminId) : 0,
    requiredForAdmins: await mfaRequiredForAdmins(db),
  };
}

/**
 * Starts an enrolment: a new secret, kept unconfirmed until the first code from the app proves
 * it was read (`confirmEnrolment`). Starting again replaces an unconfirmed secret; an enrolled
 * administrator must disable first (MFA_ALREADY_ENROLLED), so a stolen session cannot swap
 * the authenticator.
 */
export async function startEnrolment(db: Db, adminId: string, by: MfaBy): Promise<EnrolmentStarted> {
  const account = await findAccountById(db, 'admin', adminId);
  if (!account) throw new AirlockError('UNAUTHENTICATED', {});
  const secret = newTotpSecret(by.random);
  const sealed = sealTotpSecret(by.sealing, adminId, secret, by.random);
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('admin_mfa').select('confirmed_at').where('admin_id', '=', adminId).forUpdate().executeTakeFirst();
    if (existing?.confirmed_at) throw new AirlockError('MFA_ALREADY_ENROLLED', {});
    await trx
      .insertInto('admin_mfa')
      .values({ admin_id: adminId, sealed_secret: sealed, started_at: by.now, confirmed_at: null, last_used_step: null })
      .onConflict((conflict) =>
        conflict.column('admin_id').doUpdateSet({ sealed_secret: sealed, started_at: by.now, confirmed_at: null, last_used_step: null }),
      )
      .execute();
    await recordAudit(trx, { ...by, action: 'admin.mfa-enrolment-start', objectType: 'admin', objectId: adminId, at: by.now });
  });
  const uri = otpauthUri({ issuer: AUTHORITY_TOTP_ISSUER, account: account.email, secret });
  return { secret: base32Encode(secret), otpauthUri: uri, qrSvg: await otpauthQrSvg(uri) };
}

/**
 * Confirms an enrolment with a code from the app: from now on the administrator signs in in two
 * steps. Returns ten recovery codes, shown this once and kept only as hashes.
 */
export async function confirmEnrolment(db: Db, adminId: string, code: string, by: MfaBy): Promise<{ recoveryCodes: string[] }> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('admin_mfa').select('admin_id').where('admin_id', '=', adminId).forUpdate().executeTakeFirst();
    const mfa = await findMfa(trx, by.sealing, adminId);
    if (!mfa) throw new AirlockError('MFA_NOT_ENROLLED', { reason: 'start an enrolment first: POST /v1/auth/mfa/enrolment' });
    if (mfa.confirmedAt !== null) throw new AirlockError('MFA_ALREADY_ENROLLED', {});
    const check = verifyTotp(mfa.secret, code, by.now, null);
    if (!check.ok) throw new AirlockError(check.code, {});
    await trx.updateTable('admin_mfa').set({ confirmed_at: by.now, last_used_step: check.step }).where('admin_id', '=', adminId).execute();
    const recoveryCodes = await replaceRecoveryCodes(trx, adminId, by.random);
    await recordAudit(trx, {
      ...by,
      action: 'admin.mfa-enable',
      objectType: 'admin',
      objectId: adminId,
      after: { recoveryCodes: recoveryCodes.length },
      at: by.now,
    });
    return { recoveryCodes };
  });
}

/**
 * An administrator turns their own second factor off: the password and a current code (or a
 * recovery code) are both needed, so neither a stolen session nor a stolen password suffices.
 */
export async function disableOwnMfa(db: Db, adminId: string, input: { password: string; code: string }, by: MfaBy): Promise<void> {
  const account = await findAccountById(db, 'admin', adminId);
  if (!account) throw new AirlockError('UNAUTHENTICATED', {});
  if (!(await verifyPassword(account.passwordHash, input.password))) throw new AirlockError('INVALID_CREDENTIALS', {});
  await db.transaction().execute(async (trx) => {
    const mfa = await lockedEnrolment(trx, adminId, by.sealing);
    const spent = await spendCode(trx, mfa, input.code, by.now);
    if (!spent.ok) throw new AirlockError(spent.code, {});
    await removeMfa(trx, adminId);
    await recordAudit(trx, { ...by, action: 'admin.mfa-disable', objectType: 'admin', objectId: adminId, after: { with: spent.factor }, at: by.now });
  });
}

/** New recovery codes for an enrolled administrator, proven by a current code; the old ones stop working. */
export async function renewRecoveryCodes(db: Db, adminId: string, code: string, by: MfaBy): Promise<{ recoveryCodes: string[] }> {
  return db.transaction().execute(async (trx) => {
    const mfa = await lockedEnrolment(trx, adminId, by.sealing);
    const spent = await spendCode(trx, mfa, code, by.now);
    if (!spent.ok) throw new AirlockError(spent.code, {});
    const recoveryCodes = await replaceRecoveryCodes(trx, adminId, by.random);
    await recordAudit(trx, {
      ...by,
      action: 'admin.mfa-recovery-codes',
      objectType: 'admin',
      objectId: adminId,
      after: { recoveryCodes: recoveryCodes.length },
      at: by.now,
    });
    return { recoveryCodes };
  });
}

/**
 * Another administrator removes someone's second factor (a lost phone and lost recovery codes):
 * they sign in with the password alone and, if the policy requires it, enrol again at once.
 * Not for one's own account: that takes the password and a code (`disableOwnMfa`).
 */
export async function resetAdminMfa(db: Db, adminId: string, by: Actor & { readonly self: string }): Promise<void> {
  if (adminId === by.self) throw new AirlockError('FORBIDDEN', { reason: 'turn your own two-factor sign-in off with POST /v1/auth/mfa/disable' });
  await db.transaction().execute(async (trx) => {
    const admin = await trx.selectFrom('admins').select('email').where('id', '=', adminId).executeTakeFirst();
    if (!admin) throw new AirlockError('NOT_FOUND', {});
    const row = await trx.selectFrom('admin_mfa').select('confirmed_at').where('admin_id', '=', adminId).forUpdate().executeTakeFirst();
    if (!row) throw new AirlockError('MFA_NOT_ENROLLED', {});
    await removeMfa(trx, adminId);
    await recordAudit(trx, {
      ...by,
      action: 'admin.mfa-reset',
      objectType: 'admin',
      objectId: adminId,
      before: { email: admin.email, enrolled: row.confirmed_at !== null },
      after: { email: admin.email, enrolled: false },
      at: by.now,
    });
  });
}

/** Which administrators have a confirmed second factor, for the console's Access page. */
export async function listAdminMfa(db: Db): Promise<{ adminId: string; enrolledAt: string }[]> {
  const rows = await db.selectFrom('admin_mfa').select(['admin_id', 'confirmed_at']).where('confirmed_at', 'is not', null).orderBy('admin_id').execute();
  return rows.flatMap((row) => (row.confirmed_at ? [{ adminId: row.admin_id, enrolledAt: row.confirmed_at.toISOString() }] : []));
}

/** Turns the policy "every administrator signs in with two factors" on or off; audited. */
export async function setMfaPolicy(db: Db, requireForAdmins: boolean, by: Actor): Promise<{ requireForAdmins: boolean }> {
  await db.transaction().execute(async (trx) => {
    const before = await mfaRequiredForAdmins(trx);
    await trx.updateTable('mfa_policy').set({ require_for_admins: requireForAdmins, changed_at: by.now, changed_by: by.actor }).execute();
    await recordAudit(trx, {
      ...by,
      action: 'settings.mfa-policy',
      objectType: 'settings',
      objectId: 'mfa',
      before: { requireForAdmins: before },
      after: { requireForAdmins },
      at: by.now,
    });
  });
  return { requireForAdmins };
}

async function lockedEnrolment(trx: Transaction<Database>, adminId: string, sealing: SealingKey) {
  await trx.selectFrom('admin_mfa').select('admin_id').where('admin_id', '=', adminId).forUpdate().executeTakeFirst();
  return enrolledMfa(trx, sealing, adminId);
}
