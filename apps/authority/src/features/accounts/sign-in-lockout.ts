import { AirlockError, type Milliseconds, MINUTE } from '@airlock/core';
import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';

/**
 * What stops a password guesser who has many addresses (the per-address limit does not): per
 * email address, `maxFailures` wrong passwords in a row, each within `failureWindow` of the
 * last, lock the address for `lockFor` — even the right password is then refused with
 * ACCOUNT_LOCKED and Retry-After. Addresses that have no account are counted and locked alike,
 * so a lock says nothing about whether an account exists. The count and the lock are rows of
 * `sign_in_failures`, so every replica sees them; time is the authority's clock.
 */
export interface SignInLockoutPolicy {
  readonly maxFailures: number;
  readonly failureWindow: Milliseconds;
  readonly lockFor: Milliseconds;
}

export const DEFAULT_SIGN_IN_LOCKOUT: SignInLockoutPolicy = { maxFailures: 5, failureWindow: 15 * MINUTE, lockFor: 15 * MINUTE };

/** Refuses with ACCOUNT_LOCKED while the address is locked; nothing else is checked or counted then. */
export async function refuseWhileLocked(db: Db, email: string, now: Date): Promise<void> {
  const row = await db.selectFrom('sign_in_failures').select('locked_until').where('email', '=', email).executeTakeFirst();
  const lockedUntil = row?.locked_until;
  if (lockedUntil && lockedUntil.getTime() > now.getTime()) {
    throw new AirlockError('ACCOUNT_LOCKED', { retryAfterSeconds: Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000)) });
  }
}

/**
 * Counts a wrong password (or an unknown address) inside the transaction that audits it; the
 * failure that reaches the limit locks the address, and the lock is audited. Concurrent failures
 * on several replicas are counted one after the other (the row is written by one upsert).
 */
export async function countFailure(
  trx: Transaction<Database>,
  email: string,
  context: { readonly now: Date; readonly address: string; readonly requestId?: string | undefined },
  policy: SignInLockoutPolicy = DEFAULT_SIGN_IN_LOCKOUT,
): Promise<void> {
  const { now } = context;
  const windowStart = new Date(now.getTime() - policy.failureWindow);
  // Forget addresses that are neither locked nor failing lately: the table stays small.
  await trx
    .deleteFrom('sign_in_failures')
    .where('last_failed_at', '<', windowStart)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .where('email', '<>', email)
    .execute();
  const counted = await trx
    .insertInto('sign_in_failures')
    .values({ email, failures: 1, last_failed_at: now, locked_until: null })
    .onConflict((conflict) =>
      conflict.column('email').doUpdateSet({
        failures: sql<number>`case when sign_in_failures.last_failed_at >= ${windowStart.toISOString()}::timestamptz then sign_in_failures.failures + 1 else 1 end`,
        last_failed_at: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  if (counted.failures < policy.maxFailures) return;
  const lockedUntil = new Date(now.getTime() + policy.lockFor);
  await trx.updateTable('sign_in_failures').set({ failures: 0, locked_until: lockedUntil }).where('email', '=', email).execute();
  await recordAudit(trx, {
    actor: 'anonymous',
    action: 'auth.account-locked',
    objectType: 'account',
    objectId: email,
    after: { failures: counted.failures, lockedUntil: lockedUntil.toISOString(), address: context.address },
    requestId: context.requestId,
    at: now,
  });
}

/** A successful sign-in: the count starts again. */
export async function clearFailures(trx: Transaction<Database>, email: string): Promise<void> {
  await trx.deleteFrom('sign_in_failures').where('email', '=', email).execute();
}
