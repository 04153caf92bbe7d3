import { sql, type Kysely, type Transaction } from 'kysely';
import {
  countSignInFailure,
  DEFAULT_SIGN_IN_LOCKOUT,
  refuseWhileLocked as refuseWhileNameLocked,
  type SignInFailureStore,
  type SignInLockoutPolicy,
} from '@airlock/http';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';

/**
 * The authority's storage for the sign-in lockout (the rule is @airlock/http's, see
 * `countSignInFailure`): per e-mail address, the count and the lock are rows of
 * `sign_in_failures`, so every replica sees them; the lock itself is audited.
 */
function databaseFailureStore(db: Kysely<Database>): SignInFailureStore {
  return {
    async lockedUntil(email) {
      const row = await db.selectFrom('sign_in_failures').select('locked_until').where('email', '=', email).executeTakeFirst();
      return row?.locked_until ?? null;
    },
    async countFailure(email, now, windowStart) {
      // Forget addresses that are neither locked nor failing lately: the table stays small.
      await db
        .deleteFrom('sign_in_failures')
        .where('last_failed_at', '<', windowStart)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
        .where('email', '<>', email)
        .execute();
      // One upsert: concurrent failures on several replicas are counted one after the other.
      const counted = await db
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
      return counted.failures;
    },
    async lock(email, until) {
      await db.updateTable('sign_in_failures').set({ failures: 0, locked_until: until }).where('email', '=', email).execute();
    },
    async clear(email) {
      await db.deleteFrom('sign_in_failures').where('email', '=', email).execute();
    },
  };
}

/** Refuses with ACCOUNT_LOCKED while the address is locked; nothing else is checked or counted then. */
export async function refuseWhileLocked(db: Db, email: string, now: Date): Promise<void> {
  await refuseWhileNameLocked(databaseFailureStore(db), email, now);
}

/**
 * Counts a wrong password or code (or an unknown address) inside the transaction that audits
 * it; the failure that reaches the limit locks the address, and the lock is audited.
 */
export async function countFailure(
  trx: Transaction<Database>,
  email: string,
  context: { readonly now: Date; readonly address: string; readonly requestId?: string | undefined },
  policy: SignInLockoutPolicy = DEFAULT_SIGN_IN_LOCKOUT,
): Promise<void> {
  const locked = await countSignInFailure(databaseFailureStore(trx), email, context.now, policy);
  if (!locked) return;
  await recordAudit(trx, {
    actor: 'anonymous',
    action: 'auth.account-locked',
    objectType: 'account',
    objectId: email,
    after: { failures: locked.failures, lockedUntil: locked.lockedUntil.toISOString(), address: context.address },
    requestId: context.requestId,
    at: context.now,
  });
}

/** A successful sign-in, or a password reset: the count starts again. */
export async function clearFailures(trx: Transaction<Database>, email: string): Promise<void> {
  await databaseFailureStore(trx).clear(email);
}
