import type { HistoryEntry } from './history.ts';
import type { AccountEvent, Role } from './account-events.ts';

/**
 * The site's accounts and application keys as its ledger's events add them up: part of the
 * site's state, rebuilt at every start and saved in checkpoints like the rest. Sessions are not
 * here: they live in the process (a restart signs everyone out).
 */
export interface AccountsState {
  readonly accounts: Map<string, AccountState>;
  /** By key id: the enforcement hot path finds a key with one Map lookup. */
  readonly appKeys: Map<string, AppKeyState>;
  /** The latest security events (accounts, sign-ins, keys), oldest first: the site's audit of access. */
  readonly history: HistoryEntry[];
  /** The policy: every account must enrol in two-factor sign-in (`mfa-policy-set`). */
  mfaRequired: boolean;
}

/** An account's confirmed two-factor sign-in. */
export interface AccountMfaState {
  /** The TOTP secret, sealed (see `MfaEnrolled`). */
  readonly sealedSecret: string;
  readonly enrolledAt: number;
  /** The step of the last accepted code: it and older ones are refused. */
  lastUsedStep: number;
  /** SHA-256 of each recovery code, null once used. */
  readonly recoveryCodes: (string | null)[];
}

export interface AccountState {
  readonly name: string;
  readonly role: Role;
  readonly tenant: string | null;
  passwordHash: string;
  mustChangePassword: boolean;
  disabled: boolean;
  readonly createdAt: number;
  /** When the password last changed (ms): sessions opened before it are over. */
  passwordChangedAt: number;
  /** Two-factor sign-in, or null when the password alone signs in. */
  mfa: AccountMfaState | null;
}

export interface AppKeyState {
  readonly id: string;
  readonly tenant: string;
  readonly name: string;
  /** SHA-256 of the key, hex (as the ledger holds it). */
  readonly keyHash: string;
  /** The same 32 bytes, ready for `timingSafeEqual` (derived, never stored). */
  readonly digest: Buffer;
  readonly createdAt: number;
  readonly createdBy: string;
  revokedAt: number | null;
}

/** How many security events the audit keeps in memory (older ones stay in the ledger). */
export const ACCOUNT_HISTORY_LIMIT = 1_000;

export function emptyAccountsState(): AccountsState {
  return { accounts: new Map(), appKeys: new Map(), history: [], mfaRequired: false };
}

/**
 * Applies one security event, in place (see `applyEvent`: it decides nothing, and an event the
 * state cannot hold means the ledger and this code disagree, which throws).
 */
export function applyAccountEvent(state: AccountsState, record: { readonly sequence: number; readonly at: number; readonly event: AccountEvent }): void {
  const { event, at, sequence } = record;
  switch (event.t) {
    case 'account-created':
      if (state.accounts.has(event.account)) throw new Error(`ledger record ${sequence}: account ${event.account} is created twice`);
      state.accounts.set(event.account, {
        name: event.account,
        role: event.role,
        tenant: event.tenant,
        passwordHash: event.passwordHash,
        mustChangePassword: event.mustChangePassword,
        disabled: false,
        createdAt: at,
        passwordChangedAt: at,
        mfa: null,
      });
      break;
    case 'password-changed': {
      const account = accountOf(state, event.account, sequence);
      account.passwordHash = event.passwordHash;
      account.mustChangePassword = event.mustChangePassword;
      account.passwordChangedAt = at;
      break;
    }
    case 'account-disabled':
      accountOf(state, event.account, sequence).disabled = true;
      break;
    case 'sign-in-attempted':
      break;
    case 'mfa-enrolled':
      accountOf(state, event.account, sequence).mfa = {
        sealedSecret: event.sealedSecret,
        enrolledAt: at,
        lastUsedStep: event.step,
        recoveryCodes: [...event.recoveryCodeHashes],
      };
      break;
    case 'mfa-code-used': {
      const mfa = accountOf(state, event.account, sequence).mfa;
      if (!mfa) throw new Error(`ledger record ${sequence}: account ${event.account} has no two-factor sign-in`);
      if (event.step !== null) mfa.lastUsedStep = Math.max(mfa.lastUsedStep, event.step);
      if (event.recoveryCode !== null) mfa.recoveryCodes[event.recoveryCode] = null;
      break;
    }
    case 'mfa-removed':
      accountOf(state, event.account, sequence).mfa = null;
      break;
    case 'mfa-policy-set':
      state.mfaRequired = event.required;
      break;
    case 'app-key-created':
      if (state.appKeys.has(event.keyId)) throw new Error(`ledger record ${sequence}: application key ${event.keyId} is created twice`);
      state.appKeys.set(event.keyId, {
        id: event.keyId,
        tenant: event.tenant,
        name: event.name,
        keyHash: event.keyHash,
        digest: Buffer.from(event.keyHash, 'hex'),
        createdAt: at,
        createdBy: event.by,
        revokedAt: null,
      });
      break;
    case 'app-key-revoked': {
      const key = state.appKeys.get(event.keyId);
      if (!key) throw new Error(`ledger record ${sequence}: no application key ${event.keyId}`);
      key.revokedAt ??= at;
      break;
    }
  }
  state.history.push(record);
  if (state.history.length > ACCOUNT_HISTORY_LIMIT) state.history.splice(0, state.history.length - ACCOUNT_HISTORY_LIMIT);
}

function accountOf(state: AccountsState, name: string, sequence: number): AccountState {
  const account = state.accounts.get(name);
  if (!account) throw new Error(`ledger record ${sequence}: no account ${name}`);
  return account;
}

/** The accounts state as a checkpoint holds it. */
export interface AccountsJson {
  readonly accounts: readonly AccountState[];
  readonly appKeys: readonly Omit<AppKeyState, 'digest'>[];
  readonly history: readonly HistoryEntry[];
  /** Absent in checkpoints made before two-factor sign-in: not required. */
  readonly mfaRequired?: boolean;
}

export function accountsToJson(state: AccountsState): AccountsJson {
  return {
    accounts: [...state.accounts.values()].map((account) => ({ ...account, mfa: copyMfa(account.mfa) })),
    appKeys: [...state.appKeys.values()].map(({ digest: _digest, ...key }) => key),
    history: [...state.history],
    mfaRequired: state.mfaRequired,
  };
}

/** The accounts a checkpoint holds; a checkpoint from before accounts existed holds none. */
export function accountsFromJson(json: AccountsJson | undefined): AccountsState {
  if (json === undefined) return emptyAccountsState();
  return {
    // Accounts of a checkpoint made before two-factor sign-in have no `mfa`: none.
    accounts: new Map(json.accounts.map((account) => [account.name, { ...account, mfa: copyMfa(account.mfa ?? null) }])),
    appKeys: new Map(json.appKeys.map((key) => [key.id, { ...key, digest: Buffer.from(key.keyHash, 'hex') }])),
    history: [...json.history],
    mfaRequired: json.mfaRequired ?? false,
  };
}

function copyMfa(mfa: AccountMfaState | null): AccountMfaState | null {
  return mfa === null ? null : { ...mfa, recoveryCodes: [...mfa.recoveryCodes] };
}
