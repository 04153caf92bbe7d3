import { AirlockError, MINUTE } from '@airlock/core';
import {
  checkedNewPasswordHash,
  countSignInFailure,
  createRateLimiter,
  DEFAULT_SIGN_IN_LOCKOUT,
  generatePassword,
  lockedForSeconds,
  matchesDigest,
  memoryFailureStore,
  type PasswordHasher,
  type RateLimiter,
  sha256,
  type SignInFailureStore,
  type SignInLockoutPolicy,
} from '@airlock/http';
import type { SiteContext } from './site-context.ts';
import type { Actor } from '../state/site-events.ts';
import type { AccountEvent, Role, SignInOutcome } from '../state/account-events.ts';
import type { AccountState, AccountsState } from '../state/account-state.ts';
import { accountView, appKeyView, type AccountView, type AccountWithPassword, type AppKeyView, type CreatedAppKey } from '../accounts/account-views.ts';
import { readAudit, type AuditEntry, type AuditQuery } from '../accounts/audit.ts';
import { appKeyIdOf, newAppKey } from '../accounts/credentials.ts';
import { MfaChallengeStore } from '../accounts/mfa-challenges.ts';
import { SessionStore } from '../accounts/sessions.ts';

export interface SignedIn {
  readonly account: AccountView;
  /** The session cookie's value: given to the browser once, kept only as its SHA-256. */
  readonly secret: string;
  readonly expiresAt: string;
}

/** The right password of an account with two-factor sign-in: no session yet, a challenge to present with a code (`SiteMfa`). */
export interface SecondStepRequired {
  readonly mfaRequired: true;
  readonly challenge: string;
  readonly expiresAt: string;
}

/** Who is calling, as far as the site's accounts and keys tell (the operator token is the HTTP edge's). */
export type AccountCaller =
  | {
      readonly kind: 'account';
      readonly account: string;
      readonly role: Role;
      readonly tenant: string | null;
      readonly mustChangePassword: boolean;
      /** Present (true) while the policy requires two-factor sign-in and the account has none: it must enrol first. */
      readonly mfaEnrolmentRequired?: true;
    }
  | { readonly kind: 'application'; readonly keyId: string; readonly tenant: string };

/**
 * What stands between a password guesser and the site's accounts, in the process's memory: at
 * most `attemptsPerMinute` sign-in attempts a minute per client address, and the sign-in lockout
 * per account name (@airlock/http's rule: `maxFailures` failures in a row lock the name for
 * `lockFor`). Both are timed by the site's clock; a restart of the site forgets them, and
 * restarting it takes the machine's operator, who holds the site anyway.
 */
export interface SignInPolicy extends SignInLockoutPolicy {
  readonly attemptsPerMinute: number;
}

const DEFAULT_SIGN_IN_POLICY: SignInPolicy = { attemptsPerMinute: 10, ...DEFAULT_SIGN_IN_LOCKOUT };

export interface SiteAccountsOptions {
  readonly passwords: PasswordHasher;
  readonly signInPolicy?: SignInPolicy;
}

/** What a sign-in is told besides the credentials: the client's address, and where to report an attempt the ledger could not record. */
export interface SignInContext {
  readonly address: string;
  readonly warn?: (message: string) => void;
}

/** Account names: what a person types, kept in lower case. */
const ACCOUNT_NAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/**
 * The site's accounts, sessions and application keys: who may act on the site. Accounts and
 * keys are ledger events (`account-events.ts`), so they survive restarts, travel in backups as
 * hashes only, and every change — every sign-in attempt too — is in the site's audit. Sessions
 * are in memory (`SessionStore`).
 *
 * @example
 * ```ts
 * const { password } = await site.accounts.createAccount({ account: 'ana', role: 'auditor', tenant: null }, 'operator');
 * const signedIn = await site.accounts.signIn({ account: 'ana', password }, { address: '10.0.0.7' });
 * ```
 */
export class SiteAccounts {
  readonly sessions = new SessionStore();
  /** Sign-ins of accounts with two-factor sign-in, waiting for their code (`SiteMfa`). */
  readonly challenges = new MfaChallengeStore();
  /** Sign-in attempts (and password changes, and second steps) per client address and minute. */
  readonly attempts: RateLimiter;
  private readonly failures: SignInFailureStore = memoryFailureStore();
  private readonly policy: SignInPolicy;
  private readonly passwords: PasswordHasher;

  constructor(
    private readonly context: SiteContext,
    options: SiteAccountsOptions,
  ) {
    this.passwords = options.passwords;
    this.policy = options.signInPolicy ?? DEFAULT_SIGN_IN_POLICY;
    this.attempts = createRateLimiter({ limit: this.policy.attemptsPerMinute, windowMs: MINUTE, clock: context.clock });
  }

  private get state(): AccountsState {
    return this.context.journal.live.accounts;
  }

  list(): AccountView[] {
    return [...this.state.accounts.values()].map(accountView);
  }

  /** Creates an account with a generated password that must be changed at its first sign-in. */
  async createAccount(input: { readonly account: string; readonly role: Role; readonly tenant: string | null }, by: Actor): Promise<AccountWithPassword> {
    const name = checkAccountName(input.account);
    if ((input.role === 'tenant-admin') !== (input.tenant !== null)) {
      throw new AirlockError('REQUEST_INVALID', { field: 'tenant', reason: 'a tenant administrator names its tenant, and only a tenant administrator does' });
    }
    if (input.tenant !== null) this.context.tenant(input.tenant);
    if (this.state.accounts.has(name)) throw new AirlockError('CONFLICT', { reason: `the account ${name} exists`, account: name });
    const password = generatePassword(this.context.random);
    const passwordHash = await this.passwords.hash(password, this.context.random);
    // Checked again after the hashing's await: another request may have created it meanwhile.
    if (this.state.accounts.has(name)) throw new AirlockError('CONFLICT', { reason: `the account ${name} exists`, account: name });
    await this.record({ t: 'account-created', account: name, role: input.role, tenant: input.tenant, passwordHash, mustChangePassword: true, by });
    return { account: accountView(this.account(name)), password };
  }

  /** Disables an account: its sessions end at once and it can no longer sign in. */
  async disableAccount(name: string, by: Actor): Promise<AccountView> {
    const account = this.account(name);
    if (!account.disabled) await this.record({ t: 'account-disabled', account: account.name, by });
    this.sessions.closeAccount(account.name);
    this.challenges.closeAccount(account.name);
    return accountView(account);
  }

  /** Gives an account a new generated password, to be changed at the next sign-in; its sessions end and any lock is lifted. */
  async resetPassword(name: string, by: Actor): Promise<AccountWithPassword> {
    const account = this.account(name);
    const password = generatePassword(this.context.random);
    const passwordHash = await this.passwords.hash(password, this.context.random);
    await this.record({ t: 'password-changed', account: account.name, passwordHash, mustChangePassword: true, by });
    this.sessions.closeAccount(account.name);
    await this.failures.clear(account.name);
    return { account: accountView(account), password };
  }

  /**
   * Signs in and opens a session. Checked in this order: the name's lock (a locked name is
   * refused without trying the password: ACCOUNT_LOCKED); the password, against the account's
   * hash or, for an unknown name, against a dummy with the same cost (INVALID_CREDENTIALS for
   * both, so the answer tells no one which names exist); the account being enabled
   * (ACCOUNT_DISABLED, said only to whoever knows its password). Every attempt is recorded.
   */
  async signIn(input: { readonly account: string; readonly password: string }, context: SignInContext): Promise<SignedIn | SecondStepRequired> {
    const name = input.account.trim().toLowerCase().slice(0, 200);
    const lockedFor = await this.lockedFor(name);
    if (lockedFor !== null) {
      await this.recordAttempt(name, 'locked', context);
      throw new AirlockError('ACCOUNT_LOCKED', { retryAfterSeconds: lockedFor });
    }
    const account = this.state.accounts.get(name);
    const matches = account ? await this.passwords.verify(account.passwordHash, input.password) : await this.passwords.verifyNothing(input.password);
    if (!account || !matches) {
      await this.countFailure(name);
      await this.recordAttempt(name, account ? 'wrong-password' : 'unknown-account', context);
      throw new AirlockError('INVALID_CREDENTIALS', {});
    }
    if (account.disabled) {
      await this.recordAttempt(name, 'disabled', context);
      throw new AirlockError('ACCOUNT_DISABLED', { account: name });
    }
    // Two-factor sign-in: no session and no clearing of the failure count until the code (site-mfa.ts).
    if (account.mfa !== null) {
      await this.recordAttempt(name, 'mfa-required', context);
      const { challenge, expiresAt } = this.challenges.open(name, this.context.clock.now().getTime(), this.context.random);
      return { mfaRequired: true, challenge, expiresAt: new Date(expiresAt).toISOString() };
    }
    return this.openSession(account, context);
  }

  /** Opens a session for an account whose credentials were all checked; the failure count starts again. */
  async openSession(account: AccountState, context: SignInContext): Promise<SignedIn> {
    const name = account.name;
    await this.failures.clear(name);
    await this.recordAttempt(name, 'signed-in', context);
    const { secret, session } = this.sessions.open(name, this.context.clock.now().getTime(), this.context.random);
    return { account: accountView(account), secret, expiresAt: new Date(session.expiresAt).toISOString() };
  }

  signOut(secret: string): void {
    this.sessions.close(secret);
  }

  /**
   * Changes the signed-in person's password after checking the current one (a wrong one counts
   * towards the lock), clears the must-change mark, and ends their other sessions: a stolen
   * session dies with the old password.
   */
  async changePassword(secret: string, input: { readonly currentPassword: string; readonly newPassword: string }, by: Actor): Promise<AccountView> {
    const session = this.sessions.find(secret, this.context.clock.now().getTime());
    if (!session) throw new AirlockError('UNAUTHENTICATED', {});
    const account = this.account(session.account);
    const lockedFor = await this.lockedFor(account.name);
    if (lockedFor !== null) throw new AirlockError('ACCOUNT_LOCKED', { retryAfterSeconds: lockedFor });
    const passwordHash = await checkedNewPasswordHash(this.passwords, account, input, this.context.random, () => this.countFailure(account.name));
    await this.record({ t: 'password-changed', account: account.name, passwordHash, mustChangePassword: false, by });
    this.sessions.closeAccount(account.name, secret);
    return accountView(account);
  }

  /** Who a session secret belongs to, or null: unknown, expired, or its account disabled. */
  sessionCaller(secret: string): AccountCaller | null {
    const session = this.sessions.find(secret, this.context.clock.now().getTime());
    if (!session) return null;
    const account = this.state.accounts.get(session.account);
    if (!account || account.disabled) return null;
    const mustEnrol = this.state.mfaRequired && account.mfa === null;
    return {
      kind: 'account',
      account: account.name,
      role: account.role,
      tenant: account.tenant,
      mustChangePassword: account.mustChangePassword,
      ...(mustEnrol ? { mfaEnrolmentRequired: true as const } : {}),
    };
  }

  /**
   * The application an application key belongs to, or null: unknown, malformed or revoked. The
   * enforcement hot path: one Map lookup by the key's id, one SHA-256, one constant-time compare.
   */
  appKeyCaller(key: string): AccountCaller | null {
    const id = appKeyIdOf(key);
    if (id === null) return null;
    const stored = this.state.appKeys.get(id);
    if (!stored || stored.revokedAt !== null || !matchesDigest(key, stored.digest)) return null;
    return { kind: 'application', keyId: id, tenant: stored.tenant };
  }

  /** Creates an application key for one tenant's enforcement API; the key is in the answer only. */
  async createAppKey(tenant: string, name: string, by: Actor): Promise<CreatedAppKey> {
    this.context.tenant(tenant);
    const { id, key } = newAppKey(this.context.random);
    if (this.state.appKeys.has(id)) throw new Error('an application key id was drawn twice');
    await this.record({ t: 'app-key-created', keyId: id, tenant, name, keyHash: sha256(key).toString('hex'), by });
    return { ...appKeyView(this.state.appKeys.get(id)!), key };
  }

  appKeys(tenant: string): AppKeyView[] {
    this.context.tenant(tenant);
    return [...this.state.appKeys.values()].filter((key) => key.tenant === tenant).map(appKeyView);
  }

  /** Revokes a key, with effect on the next request. A key of another tenant is NOT_FOUND here. */
  async revokeAppKey(tenant: string, keyId: string, by: Actor): Promise<AppKeyView> {
    this.context.tenant(tenant);
    const key = this.state.appKeys.get(keyId);
    if (!key || key.tenant !== tenant) throw new AirlockError('NOT_FOUND', { keyId });
    if (key.revokedAt === null) await this.record({ t: 'app-key-revoked', keyId, tenant, by });
    return appKeyView(key);
  }

  /** The site's audit (every tenant), or one tenant's (see `readAudit`). */
  audit(query: AuditQuery): AuditEntry[] {
    if (query.tenant !== undefined) this.context.tenant(query.tenant);
    return readAudit(this.context.journal.live, query);
  }

  /** Whether the password is the account's (argon2id; nothing is counted or recorded here). */
  async checkPassword(account: AccountState, password: string): Promise<boolean> {
    return this.passwords.verify(account.passwordHash, password);
  }

  /** Null when the name may try a password (or code) now, else the seconds until its lock ends. */
  lockedFor(name: string): Promise<number | null> {
    return lockedForSeconds(this.failures, name, this.context.clock.now());
  }

  /** A wrong password or code (or an unknown name): counts towards the name's lock. */
  async countFailure(name: string): Promise<void> {
    await countSignInFailure(this.failures, name, this.context.clock.now(), this.policy);
  }

  /** The account of this name, or NOT_FOUND. */
  account(name: string): AccountState {
    const account = this.state.accounts.get(name);
    if (!account) throw new AirlockError('NOT_FOUND', { account: name });
    return account;
  }

  /** A change of the site's accounts: the same checks as any change (ledger sound, clock, writable). */
  async record(event: AccountEvent): Promise<void> {
    this.context.beginSiteChange();
    await this.context.journal.record([event]);
  }

  /**
   * Records a sign-in attempt. When the ledger cannot be written (it failed verification, or a
   * write failed) the site still lets people sign in to see its status, and the attempt goes to
   * the process's log instead.
   */
  async recordAttempt(account: string, outcome: SignInOutcome, context: SignInContext): Promise<void> {
    const event: AccountEvent = { t: 'sign-in-attempted', account, outcome, address: context.address };
    if (!this.context.journal.writable().ok) {
      context.warn?.(`sign-in attempt not recorded in the ledger, which cannot be written: ${JSON.stringify(event)}`);
      return;
    }
    await this.context.journal.record([event]);
  }
}

/** Checks an account name: 1 to 64 lower-case letters, digits or . _ @ -, starting with a letter or digit. */
function checkAccountName(name: string): string {
  if (!ACCOUNT_NAME.test(name))
    throw new AirlockError('REQUEST_INVALID', { field: 'account', reason: 'an account name is 1 to 64 lower-case letters, digits or . _ @ -' });
  return name;
}
