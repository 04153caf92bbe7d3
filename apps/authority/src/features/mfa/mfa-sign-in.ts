import { AirlockError, minutes } from '@airlock/core';
import { addDuration, type SealingKey } from '@airlock/core/internal';
import { hashSecret, newSessionSecret, sameHash } from '@airlock/http';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../http/audit.ts';
import { findAccountById, type Account } from '../accounts/accounts.ts';
import { countFailure, refuseWhileLocked } from '../accounts/sign-in-failures.ts';
import { openSession, type SecondStep, type SignedIn, type SignInContext } from '../accounts/sign-in.ts';
import { enrolledMfa, spendCode } from './admin-mfa-store.ts';

/** How long the second step may wait after the password: long enough to open an app and type. */
const MFA_CHALLENGE_LIFETIME = minutes(5);

/**
 * The second step of an enrolled administrator's sign-in (README, "Two-factor sign-in"). After
 * the right password, no session is opened: the caller gets a challenge — 32 random bytes,
 * stored only as their SHA-256 — to present with a code within five minutes. Nothing here
 * clears the failure count of the address: a guesser who has the password still has five
 * wrong codes in a row before the lock, however often the password is given again.
 */
export function mfaSecondStep(db: Db): SecondStep {
  return async (account, context) => {
    if (account.kind !== 'admin') return undefined;
    const enrolled = await db
      .selectFrom('admin_mfa')
      .select('admin_id')
      .where('admin_id', '=', account.id)
      .where('confirmed_at', 'is not', null)
      .executeTakeFirst();
    if (!enrolled) return undefined;
    const challenge = newSessionSecret(context.random);
    const expiresAt = addDuration(context.now, MFA_CHALLENGE_LIFETIME);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('mfa_challenges').where('expires_at', '<=', context.now).execute();
      await trx
        .insertInto('mfa_challenges')
        .values({ challenge_hash: hashSecret(challenge), admin_id: account.id, email: account.email, created_at: context.now, expires_at: expiresAt })
        .execute();
      await recordAudit(trx, {
        actor: 'anonymous',
        action: 'auth.mfa-challenge',
        objectType: 'account',
        objectId: account.email,
        after: { address: context.address, expiresAt: expiresAt.toISOString() },
        requestId: context.requestId,
        at: context.now,
      });
    });
    return { mfaRequired: true, challenge, expiresAt };
  };
}

/**
 * Completes a sign-in with the challenge and a TOTP or recovery code. An unknown, used or
 * expired challenge is MFA_CHALLENGE_EXPIRED (sign in again with the password); a locked
 * address is ACCOUNT_LOCKED; a wrong or reused code is audited and counted towards the
 * address's lock like a wrong password. The accepted code and the challenge are spent in one
 * transaction, so neither opens a second session.
 */
export async function completeMfaSignIn(db: Db, sealing: SealingKey, input: { challenge: string; code: string }, context: SignInContext): Promise<SignedIn> {
  const presented = hashSecret(input.challenge);
  const row = await db.selectFrom('mfa_challenges').selectAll().where('challenge_hash', '=', presented).executeTakeFirst();
  if (!row || !sameHash(row.challenge_hash, presented) || row.expires_at.getTime() <= context.now.getTime()) {
    throw new AirlockError('MFA_CHALLENGE_EXPIRED', {});
  }
  await refuseWhileLocked(db, row.email, context.now);
  const account = await findAccountById(db, 'admin', row.admin_id);
  if (!account || (account.kind === 'admin' && account.disabled)) throw new AirlockError('MFA_CHALLENGE_EXPIRED', {});
  const outcome = await db.transaction().execute(async (trx) => {
    const taken = await trx.deleteFrom('mfa_challenges').where('challenge_hash', '=', presented).returning('admin_id').executeTakeFirst();
    if (!taken) return { ok: false as const, code: 'MFA_CHALLENGE_EXPIRED' as const };
    const mfa = await enrolledMfa(trx, sealing, account.id).catch(() => undefined);
    if (!mfa) return { ok: false as const, code: 'MFA_CHALLENGE_EXPIRED' as const };
    return spendCode(trx, mfa, input.code, context.now);
  });
  if (!outcome.ok) {
    if (outcome.code !== 'MFA_CHALLENGE_EXPIRED') await refuseCode(db, account, outcome.code, presented, row.expires_at, context);
    throw new AirlockError(outcome.code, {});
  }
  return openSession(db, account, { ...context, secondStep: outcome.factor });
}

/**
 * A wrong code: the failed attempt is audited and counted, and the challenge is given back, so
 * a mistyped code does not cost the password again (a lock the count reached still refuses the
 * next attempt). The challenge was taken out while the code was checked, so of two requests
 * with the same challenge only one is ever checking a code.
 */
async function refuseCode(
  db: Db,
  account: Account,
  code: 'MFA_CODE_INVALID' | 'MFA_CODE_REUSED',
  challengeHash: string,
  expiresAt: Date,
  context: SignInContext,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await recordAudit(trx, {
      actor: 'anonymous',
      action: 'auth.login-failed',
      objectType: 'account',
      objectId: account.email,
      after: { reason: code === 'MFA_CODE_REUSED' ? 'mfa-code-reused' : 'mfa-code-invalid', address: context.address },
      requestId: context.requestId,
      at: context.now,
    });
    await countFailure(trx, account.email, context);
    await trx
      .insertInto('mfa_challenges')
      .values({ challenge_hash: challengeHash, admin_id: account.id, email: account.email, created_at: context.now, expires_at: expiresAt })
      .onConflict((conflict) => conflict.column('challenge_hash').doNothing())
      .execute();
  });
}
