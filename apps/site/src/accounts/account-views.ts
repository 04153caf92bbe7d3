import type { Role } from '../state/account-events.ts';
import type { AccountState, AppKeyState } from '../state/account-state.ts';

/** What the site shows of its accounts and application keys: never a password, a hash or a key (but once, at creation). */

/** An account as administrators see it: never its password hash. */
export interface AccountView {
  readonly account: string;
  readonly role: Role;
  readonly tenant: string | null;
  readonly disabled: boolean;
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
  readonly passwordChangedAt: string;
}

/** A new or reset account, with its generated password: shown this once. */
export interface AccountWithPassword {
  readonly account: AccountView;
  readonly password: string;
}

/** An application key as administrators see it: never the key. */
export interface AppKeyView {
  readonly id: string;
  readonly tenant: string;
  readonly name: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt: string | null;
}

/** A new application key, with the key itself: shown this once. */
export interface CreatedAppKey extends AppKeyView {
  readonly key: string;
}

export function accountView(account: AccountState): AccountView {
  return {
    account: account.name,
    role: account.role,
    tenant: account.tenant,
    disabled: account.disabled,
    mustChangePassword: account.mustChangePassword,
    createdAt: new Date(account.createdAt).toISOString(),
    passwordChangedAt: new Date(account.passwordChangedAt).toISOString(),
  };
}

export function appKeyView(key: AppKeyState): AppKeyView {
  return {
    id: key.id,
    tenant: key.tenant,
    name: key.name,
    createdAt: new Date(key.createdAt).toISOString(),
    createdBy: key.createdBy,
    revokedAt: key.revokedAt === null ? null : new Date(key.revokedAt).toISOString(),
  };
}
