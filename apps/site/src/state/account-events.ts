import type { Actor } from './actor.ts';

/**
 * The ledger events of the site's own security: its accounts, the sign-in attempts made on them
 * and the application keys of its tenants. They live in the ledger like every license event, so
 * the ledger is the site's audit of who may act on it as well as of what was done; a copy of the
 * data directory holds password hashes and key hashes only, never a password or a key.
 */
export type AccountEvent =
  AccountCreated | PasswordChanged | AccountDisabled | SignInAttempted | AppKeyCreated | AppKeyRevoked | MfaEnrolled | MfaCodeUsed | MfaRemoved | MfaPolicySet;

/**
 * What an account may do:
 * - `site-admin`: everything, on every tenant, accounts included;
 * - `tenant-admin`: one tenant's license, users, seats and application keys (its routes under
 *   `/v1/tenants/{tenant}/`), nothing of any other tenant;
 * - `auditor`: reads status, usage and the audit of every tenant; changes nothing.
 */
export type Role = 'site-admin' | 'tenant-admin' | 'auditor';
export const roles: readonly Role[] = ['site-admin', 'tenant-admin', 'auditor'];

export interface AccountCreated {
  readonly t: 'account-created';
  readonly account: string;
  readonly role: Role;
  /** The tenant of a tenant administrator; null for the other roles. */
  readonly tenant: string | null;
  /** argon2id, PHC string. */
  readonly passwordHash: string;
  /** A generated password must be changed at the first sign-in. */
  readonly mustChangePassword: boolean;
  readonly by: Actor;
}

/** The account's password changed: by its holder (`mustChangePassword` false) or reset by an administrator (true). */
export interface PasswordChanged {
  readonly t: 'password-changed';
  readonly account: string;
  readonly passwordHash: string;
  readonly mustChangePassword: boolean;
  readonly by: Actor;
}

export interface AccountDisabled {
  readonly t: 'account-disabled';
  readonly account: string;
  readonly by: Actor;
}

/**
 * How a sign-in attempt ended. With two-factor sign-in, the right password is `mfa-required`
 * (a challenge, no session), and the second step ends `signed-in`, `wrong-code`,
 * `reused-code` or `locked`.
 */
export type SignInOutcome = 'signed-in' | 'wrong-password' | 'unknown-account' | 'locked' | 'disabled' | 'mfa-required' | 'wrong-code' | 'reused-code';

/** One sign-in attempt, whatever its outcome: the name as typed (trimmed, lower case) and the client's address. */
export interface SignInAttempted {
  readonly t: 'sign-in-attempted';
  readonly account: string;
  readonly outcome: SignInOutcome;
  readonly address: string;
}

export interface AppKeyCreated {
  readonly t: 'app-key-created';
  readonly keyId: string;
  readonly tenant: string;
  readonly name: string;
  /** SHA-256 of the whole key, hex: the key itself was shown once and is kept nowhere. */
  readonly keyHash: string;
  readonly by: Actor;
}

export interface AppKeyRevoked {
  readonly t: 'app-key-revoked';
  readonly keyId: string;
  readonly tenant: string;
  readonly by: Actor;
}

/**
 * The account confirmed its two-factor enrolment with a first code (README, "Two-factor
 * sign-in"): its TOTP secret sealed under a key derived from the ledger key (so the audit, which
 * leaves it out anyway, could not show it), the SHA-256 of its ten recovery codes, and the step
 * of the confirming code, which is spent.
 */
export interface MfaEnrolled {
  readonly t: 'mfa-enrolled';
  readonly account: string;
  readonly sealedSecret: string;
  readonly recoveryCodeHashes: readonly string[];
  readonly step: number;
  readonly by: Actor;
}

/**
 * A second-step code opened a sign-in (or proved the app to turn two-factor sign-in off): the
 * TOTP step it belonged to, or the index of the recovery code, which is spent for good.
 */
export interface MfaCodeUsed {
  readonly t: 'mfa-code-used';
  readonly account: string;
  readonly step: number | null;
  readonly recoveryCode: number | null;
}

/** The account's two-factor sign-in was turned off: by its holder (password and code) or reset by a site administrator. */
export interface MfaRemoved {
  readonly t: 'mfa-removed';
  readonly account: string;
  readonly by: Actor;
}

/** The site's policy: whether every account must enrol in two-factor sign-in before doing anything else. */
export interface MfaPolicySet {
  readonly t: 'mfa-policy-set';
  readonly required: boolean;
  readonly by: Actor;
}

const accountEventKinds: ReadonlySet<string> = new Set<AccountEvent['t']>([
  'account-created',
  'password-changed',
  'account-disabled',
  'sign-in-attempted',
  'app-key-created',
  'app-key-revoked',
  'mfa-enrolled',
  'mfa-code-used',
  'mfa-removed',
  'mfa-policy-set',
]);

/** Whether a ledger event is one of the site's security events (rather than a license event). */
export function isAccountEvent(event: { readonly t: string }): event is AccountEvent {
  return accountEventKinds.has(event.t);
}
