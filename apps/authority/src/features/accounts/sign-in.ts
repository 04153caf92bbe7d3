import { AirlockError, type Random } from '@airlock/core';
import { addDuration } from '@airlock/core/internal';
import {
  checkedNewPasswordHash,
  defaultPasswordHasher,
  hashSecret,
  newSessionSecret,
  sameHash,
  SESSION_LIFETIME,
  verifyAgainstDummy,
  verifyPassword,
} from '@airlock/http';
import type { Db } from '../../db/database.ts';
import { recordAudit, type Actor } from '../../http/audit.ts';
import { findAccountByEmail, findAccountById, normalizeEmail, type Account } from './accounts.ts';
import { clearFailures, countFailure, refuseWhileLocked } from './sign-in-failures.ts';

/** Who a session belongs to: a vendor admin or a customer's portal user. */
export type SessionPrincipal =
  { readonly kind: 'admin'; readonly id: string } | { readonly kind: 'customer-user'; readonly id: string; readonly customerId: string };

export interface SignedIn {
  readonly principal: SessionPrincipal;
  readonly email: string;
  /** The cookie's value: shown to the browser once, stored only as its SHA-256. */
  readonly secret: string;
  readonly expiresAt: Date;
  readonly mustChangePassword: boolean;
}

/**
 * The right password was given, but the account signs in in two steps (features/mfa): no
 * session yet, a challenge to present with the code instead.
 */
export interface SecondStepRequired {
  readonly mfaRequired: true;
  readonly challenge: string;
  readonly expiresAt: Date;
}

/** Decides, once the password is right, whether the sign-in needs a second step. */
export type SecondStep = (account: Account, context: SignInContext) => Promise<SecondStepRequired | undefined>;

export interface SignInContext {
  readonly random: Random;
  readonly now: Date;
  readonly requestId?: string | undefined;
  /** The client's address, kept in the audit log with each attempt. */
  readonly address: string;
  /** Whether this account may sign in with a password; single sign-on can forbid it (features/sso). */
  readonly passwordAllowed?: ((account: Account) => Promise<boolean>) | undefined;
}

/**
 * Signs an admin or a customer user in and opens a session. A wrong address and a wrong password
 * are answered alike, after the same argon2 work, and both are written to the audit log. Five of
 * them in a row lock the address for a while (sign-in-failures.ts, and @airlock/http): ACCOUNT_LOCKED, whatever
 * the password, and whether or not the address has an account.
 */
export async function signIn(
  db: Db,
  input: { email: string; password: string },
  context: SignInContext,
  secondStep?: SecondStep,
): Promise<SignedIn | SecondStepRequired> {
  const email = normalizeEmail(input.email);
  await refuseWhileLocked(db, email, context.now);
  const account = await findAccountByEmail(db, email);
  const matches = account ? await verifyPassword(account.passwordHash, input.password) : await verifyAgainstDummy(input.password);
  if (!account || !matches) {
    await db.transaction().execute(async (trx) => {
      await recordAudit(trx, {
        actor: 'anonymous',
        action: 'auth.login-failed',
        objectType: 'account',
        objectId: email,
        after: { reason: account ? 'wrong-password' : 'unknown-email', address: context.address },
        requestId: context.requestId,
        at: context.now,
      });
      await countFailure(trx, email, context);
    });
    throw new AirlockError('INVALID_CREDENTIALS', {});
  }
  if (account.kind === 'admin' && account.disabled) await refuseDisabled(db, account, context);
  if (context.passwordAllowed && !(await context.passwordAllowed(account))) await refuseDisabled(db, account, context, 'PASSWORD_SIGN_IN_DISABLED');
  const pending = secondStep ? await secondStep(account, context) : undefined;
  if (pending) return pending;
  return openSession(db, account, context);
}

/**
 * Opens a session for an account whose credentials were all checked (the password, and the
 * second step where there is one): the failure count starts again, and the sign-in is audited
 * with how it was made.
 */
export async function openSession(db: Db, account: Account, context: SignInContext & { readonly secondStep?: string }): Promise<SignedIn> {
  const email = account.email;
  const principal = principalOf(account);
  const secret = newSessionSecret(context.random);
  const expiresAt = addDuration(context.now, SESSION_LIFETIME);
  await db.transaction().execute(async (trx) => {
    await clearFailures(trx, email);
    await trx.deleteFrom('sessions').where('expires_at', '<=', context.now).execute();
    await trx
      .insertInto('sessions')
      .values({ token_hash: hashSecret(secret), principal_kind: account.kind, principal_id: account.id, created_at: context.now, expires_at: expiresAt })
      .execute();
    await recordAudit(trx, {
      actor: `${account.kind}:${account.id}`,
      action: 'auth.login',
      objectType: 'account',
      objectId: email,
      after: { address: context.address, expiresAt: expiresAt.toISOString(), ...(context.secondStep ? { secondStep: context.secondStep } : {}) },
      requestId: context.requestId,
      at: context.now,
    });
  });
  return { principal, email, secret, expiresAt, mustChangePassword: account.mustChangePassword };
}

/**
 * A disabled administrator gave the right password: refused with ACCOUNT_DISABLED, which only
 * the right password earns, so the code tells a guesser nothing. Not a failure to count
 * towards a lock, but written to the audit log like one. Likewise PASSWORD_SIGN_IN_DISABLED for
 * an account whose identity provider is the only way in (README, "Single sign-on").
 */
async function refuseDisabled(
  db: Db,
  account: Account,
  context: SignInContext,
  code: 'ACCOUNT_DISABLED' | 'PASSWORD_SIGN_IN_DISABLED' = 'ACCOUNT_DISABLED',
): Promise<never> {
  await db.transaction().execute(async (trx) => {
    await recordAudit(trx, {
      actor: 'anonymous',
      action: 'auth.login-failed',
      objectType: 'account',
      objectId: account.email,
      after: { reason: code === 'ACCOUNT_DISABLED' ? 'disabled' : 'password-sign-in-disabled', address: context.address },
      requestId: context.requestId,
      at: context.now,
    });
  });
  throw new AirlockError(code, {});
}

function principalOf(account: Account): SessionPrincipal {
  return account.kind === 'admin' ? { kind: 'admin', id: account.id } : { kind: 'customer-user', id: account.id, customerId: account.customerId };
}

/** Ends the session with this secret, if there is one. */
export async function signOut(db: Db, secret: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashSecret(secret)).execute();
}

/**
 * The live session a cookie's secret opens, with what the authenticator must know of its
 * account; none for a disabled administrator. Never cached: a disable or a password reset ends
 * sessions at the next request on every replica.
 */
export async function findSession(db: Db, secret: string, now: Date): Promise<{ principal: SessionPrincipal; mustChangePassword: boolean } | undefined> {
  const presented = hashSecret(secret);
  const row = await db
    .selectFrom('sessions as s')
    // A disabled administrator's sessions were deleted with the disable; the condition also
    // covers one a sign-in racing the disable opened. Read on every request, on every replica.
    .leftJoin('admins as a', (join) => join.onRef('a.id', '=', 's.principal_id').on('s.principal_kind', '=', 'admin').on('a.disabled_at', 'is', null))
    .leftJoin('customer_users as u', (join) => join.onRef('u.id', '=', 's.principal_id').on('s.principal_kind', '=', 'customer-user'))
    .select([
      's.token_hash',
      'a.id as admin_id',
      'a.must_change_password',
      'u.id as user_id',
      'u.customer_id',
      'u.must_change_password as user_must_change_password',
    ])
    .where('s.token_hash', '=', presented)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
  if (!row || !sameHash(row.token_hash, presented)) return undefined;
  if (row.admin_id !== null) return { principal: { kind: 'admin', id: row.admin_id }, mustChangePassword: row.must_change_password === true };
  if (row.user_id !== null && row.customer_id !== null) {
    return { principal: { kind: 'customer-user', id: row.user_id, customerId: row.customer_id }, mustChangePassword: row.user_must_change_password === true };
  }
  return undefined;
}

/**
 * Changes a signed-in person's password after checking the current one, clears the account's
 * must-change mark, and ends their other sessions (a stolen session dies with the old password).
 */
export async function changePassword(
  db: Db,
  principal: SessionPrincipal,
  input: { currentPassword: string; newPassword: string; currentSessionSecret?: string | undefined },
  by: Actor & { random: Random },
): Promise<void> {
  const account = await findAccountById(db, principal.kind, principal.id);
  if (!account) throw new AirlockError('UNAUTHENTICATED', {});
  const passwordHash = await checkedNewPasswordHash(defaultPasswordHasher, account, input, by.random);
  const keep = input.currentSessionSecret === undefined ? '' : hashSecret(input.currentSessionSecret);
  await db.transaction().execute(async (trx) => {
    if (account.kind === 'admin') {
      await trx.updateTable('admins').set({ password_hash: passwordHash, must_change_password: false }).where('id', '=', account.id).execute();
    } else {
      await trx.updateTable('customer_users').set({ password_hash: passwordHash, must_change_password: false }).where('id', '=', account.id).execute();
    }
    await trx
      .deleteFrom('sessions')
      .where('principal_kind', '=', account.kind)
      .where('principal_id', '=', account.id)
      .where('token_hash', '<>', keep)
      .execute();
    await recordAudit(trx, {
      ...by,
      action: `${account.kind}.password-change`,
      objectType: account.kind,
      objectId: account.id,
      before: { mustChangePassword: account.mustChangePassword },
      after: { mustChangePassword: false },
      at: by.now,
    });
  });
}
