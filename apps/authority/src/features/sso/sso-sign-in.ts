import { AirlockError, type ErrorCode, type Random } from '@airlock/core';
import { addDuration, newDocumentId } from '@airlock/core/internal';
import type { Transaction } from 'kysely';
import { generatePassword, hashPassword, hashSecret, newSessionSecret, SESSION_LIFETIME } from '@airlock/http';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import { findAccountByEmail, findAccountById, isUniqueViolation, normalizeEmail, type Account } from '../accounts/accounts.ts';
import type { SessionPrincipal, SignedIn } from '../accounts/sign-in.ts';
import type { IdentityClaims } from './oidc-client.ts';
import { PORTAL_ROLE, type SsoProviderWithSecret } from './sso-providers.ts';

export interface SsoSignInContext {
  readonly random: Random;
  readonly now: Date;
  readonly requestId?: string | undefined;
  readonly address: string;
}

/**
 * What the identity provider's verified claims allow, checked in this order, each refusal with
 * its own code (docs/errors.md, "Single sign-on"): an e-mail address the IdP vouches for
 * (SSO_EMAIL_NOT_VERIFIED), in an allowed domain (SSO_DOMAIN_NOT_ALLOWED), with a group the
 * provider maps to a role (SSO_GROUP_NOT_ALLOWED; a customer's provider without a mapping lets
 * any group in). The groups are read afresh at every sign-in, so a group revoked at the IdP
 * refuses the next one.
 */
export function admissionOf(
  provider: SsoProviderWithSecret,
  claims: IdentityClaims,
): { ok: true; email: string; role: string } | { ok: false; code: ErrorCode; detail: Record<string, unknown> } {
  if (claims.email === undefined || !claims.emailVerified) return { ok: false, code: 'SSO_EMAIL_NOT_VERIFIED', detail: {} };
  const email = normalizeEmail(claims.email);
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (!provider.allowedDomains.includes(domain)) return { ok: false, code: 'SSO_DOMAIN_NOT_ALLOWED', detail: { domain } };
  if (provider.area === 'portal' && provider.groupRoles.length === 0) return { ok: true, email, role: PORTAL_ROLE };
  const mapped = provider.groupRoles.find((mapping) => claims.groups.includes(mapping.group));
  if (!mapped) return { ok: false, code: 'SSO_GROUP_NOT_ALLOWED', detail: { groupClaim: provider.groupClaim } };
  return { ok: true, email, role: mapped.role };
}

/**
 * Signs a person in through their identity provider and opens the same session a password
 * sign-in opens (same cookie, same lifetime, same checks on every request). The account is
 * the one this IdP subject signed in as before; else the one with the e-mail address, which is
 * then linked to the subject; else — where the provider provisions just in time — a new one:
 * an administrator for the console's provider, a portal user of the provider's customer for
 * a customer's. A disabled administrator is refused (ACCOUNT_DISABLED), as with a password.
 * Every refusal is written to the audit log as `auth.sso-login-failed`, every sign-in as
 * `auth.sso-login`.
 */
export async function signInWithSso(db: Db, provider: SsoProviderWithSecret, claims: IdentityClaims, context: SsoSignInContext): Promise<SignedIn> {
  const admission = admissionOf(provider, claims);
  if (!admission.ok) return refuse(db, provider, claims, admission.code, admission.detail, context);
  const found = await accountFor(db, provider, claims.subject, admission.email);
  if (found.kind === 'refused') return refuse(db, provider, claims, found.code, {}, context);
  let account = found.account;
  if (!account) {
    if (provider.provisioning !== 'just-in-time') return refuse(db, provider, claims, 'SSO_ACCOUNT_NOT_FOUND', {}, context);
    // Hashed outside the transaction: argon2 is slow. Nobody is ever told this password.
    const passwordHash = await hashPassword(generatePassword(context.random), context.random);
    try {
      account = await provision(db, provider, admission.email, passwordHash, context);
    } catch (error) {
      // Another sign-in of the same address provisioned it first: use that account.
      if (!isUniqueViolation(error)) throw error;
      const again = await accountFor(db, provider, claims.subject, admission.email);
      if (again.kind === 'refused' || !again.account) throw error;
      account = again.account;
    }
  }
  if (account.kind === 'admin' && account.disabled) return refuse(db, provider, claims, 'ACCOUNT_DISABLED', {}, context);
  return openSession(db, provider, account, claims.subject, admission.role, context);
}

type Found = { kind: 'found'; account: Account | undefined } | { kind: 'refused'; code: ErrorCode };

async function accountFor(db: Db, provider: SsoProviderWithSecret, subject: string, email: string): Promise<Found> {
  const link = await db
    .selectFrom('sso_identities')
    .select(['principal_kind', 'principal_id'])
    .where('provider_id', '=', provider.id)
    .where('subject', '=', subject)
    .executeTakeFirst();
  const account = (link && (await findAccountById(db, link.principal_kind, link.principal_id))) ?? (await findAccountByEmail(db, email));
  if (!account) return { kind: 'found', account: undefined };
  const fits = provider.area === 'console' ? account.kind === 'admin' : account.kind === 'customer-user' && account.customerId === provider.customerId;
  return fits ? { kind: 'found', account } : { kind: 'refused', code: 'SSO_ACCOUNT_MISMATCH' };
}

async function provision(db: Db, provider: SsoProviderWithSecret, email: string, passwordHash: string, context: SsoSignInContext): Promise<Account> {
  const id = newDocumentId(context.random);
  return db.transaction().execute(async (trx) => {
    const by = { actor: `sso:${provider.id}`, requestId: context.requestId, at: context.now };
    const after = { email, mustChangePassword: false, provisionedBy: provider.id };
    if (provider.area === 'console') {
      await trx.insertInto('admins').values({ id, email, password_hash: passwordHash, must_change_password: false, created_at: context.now }).execute();
      await recordAudit(trx, { ...by, action: 'admin.create', objectType: 'admin', objectId: id, after });
      return { kind: 'admin', id, email, passwordHash, mustChangePassword: false, disabled: false };
    }
    const customerId = provider.customerId!;
    await trx
      .insertInto('customer_users')
      .values({ id, customer_id: customerId, email, password_hash: passwordHash, must_change_password: false, created_at: context.now })
      .execute();
    await recordAudit(trx, { ...by, action: 'customer-user.create', objectType: 'customer-user', objectId: id, after: { ...after, customerId } });
    return { kind: 'customer-user', id, email, passwordHash, mustChangePassword: false, customerId };
  });
}

async function openSession(
  db: Db,
  provider: SsoProviderWithSecret,
  account: Account,
  subject: string,
  role: string,
  context: SsoSignInContext,
): Promise<SignedIn> {
  const principal: SessionPrincipal =
    account.kind === 'admin' ? { kind: 'admin', id: account.id } : { kind: 'customer-user', id: account.id, customerId: account.customerId };
  const secret = newSessionSecret(context.random);
  const expiresAt = addDuration(context.now, SESSION_LIFETIME);
  await db.transaction().execute(async (trx) => {
    await link(trx, provider.id, subject, account, context.now);
    await trx.deleteFrom('sessions').where('expires_at', '<=', context.now).execute();
    await trx
      .insertInto('sessions')
      .values({ token_hash: hashSecret(secret), principal_kind: account.kind, principal_id: account.id, created_at: context.now, expires_at: expiresAt })
      .execute();
    await recordAudit(trx, {
      actor: `${account.kind}:${account.id}`,
      action: 'auth.sso-login',
      objectType: 'account',
      objectId: account.email,
      after: { provider: provider.id, issuer: provider.issuer, subject, role, address: context.address, expiresAt: expiresAt.toISOString() },
      requestId: context.requestId,
      at: context.now,
    });
  });
  return { principal, email: account.email, secret, expiresAt, mustChangePassword: account.mustChangePassword };
}

/** Remembers (or refreshes) which account this subject signs in as. */
async function link(trx: Transaction<Database>, providerId: string, subject: string, account: Account, now: Date): Promise<void> {
  await trx
    .insertInto('sso_identities')
    .values({ provider_id: providerId, subject, principal_kind: account.kind, principal_id: account.id, created_at: now, last_sign_in_at: now })
    .onConflict((conflict) =>
      conflict.columns(['provider_id', 'subject']).doUpdateSet({ principal_kind: account.kind, principal_id: account.id, last_sign_in_at: now }),
    )
    .execute();
}

async function refuse(
  db: Db,
  provider: SsoProviderWithSecret,
  claims: IdentityClaims,
  code: ErrorCode,
  detail: Record<string, unknown>,
  context: SsoSignInContext,
): Promise<never> {
  await db.transaction().execute(async (trx) => {
    await recordAudit(trx, {
      actor: 'anonymous',
      action: 'auth.sso-login-failed',
      objectType: 'account',
      objectId: claims.email === undefined ? `sso:${provider.id}/${claims.subject}` : normalizeEmail(claims.email),
      after: { provider: provider.id, subject: claims.subject, reason: code, groups: claims.groups, address: context.address },
      requestId: context.requestId,
      at: context.now,
    });
  });
  throw new AirlockError(code, detail);
}
