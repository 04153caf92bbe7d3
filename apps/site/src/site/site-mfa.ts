import { hkdfSync } from 'node:crypto';
import { AirlockError } from '@airlock/core';
import { openSealedSecret, sealSecret, type SealingKey } from '@airlock/core/internal';
import {
  base32Encode,
  hashRecoveryCode,
  isRecoveryCodeShaped,
  matchRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  otpauthQrSvg,
  otpauthUri,
  verifyTotp,
} from '@airlock/http';
import type { SiteContext } from './site-context.ts';
import type { SignedIn, SignInContext, SiteAccounts } from './site-accounts.ts';
import type { Actor } from '../state/site-events.ts';
import type { AccountMfaState, AccountState } from '../state/account-state.ts';

/** The name authenticator apps show beside the account. */
const SITE_TOTP_ISSUER = 'Airlock site';

/** An enrolment not yet confirmed is forgotten after this long (and at a restart: it lives in memory only). */
const PENDING_ENROLMENT_LIFETIME = 15 * 60_000;

export interface SiteMfaStatus {
  readonly enrolled: boolean;
  readonly enrolledAt: string | null;
  readonly recoveryCodesLeft: number;
  /** The policy: every account must enrol. */
  readonly required: boolean;
}

export interface SiteEnrolmentStarted {
  readonly secret: string;
  readonly otpauthUri: string;
  readonly qrSvg: string;
}

type CodeCheck = { ok: true; step: number | null; recoveryCode: number | null } | { ok: false; code: 'MFA_CODE_INVALID' | 'MFA_CODE_REUSED' };

/**
 * Two-factor sign-in of the site's accounts (README, "Two-factor sign-in"), on the TOTP and
 * recovery-code code the authority uses too (@airlock/http's `mfa/`). What must outlive a
 * restart is a ledger event (`account-events.ts`): the confirmed enrolment with its sealed
 * secret and hashed recovery codes, each code that opened a sign-in (so no code works twice,
 * across restarts too), the removal, the policy. An enrolment waiting for its first code and
 * a sign-in waiting for its second step live in memory only.
 *
 * @example
 * ```ts
 * const started = await site.mfa.startEnrolment('ana');
 * const { recoveryCodes } = await site.mfa.confirmEnrolment('ana', codeFromTheApp, 'account:ana');
 * ```
 */
export class SiteMfa {
  private readonly pending = new Map<string, { secret: Uint8Array; startedAt: number }>();
  private readonly sealing: SealingKey;

  constructor(
    private readonly context: SiteContext,
    private readonly accounts: SiteAccounts,
  ) {
    this.sealing = totpSealingKey(context.identity.ledgerKey);
  }

  status(name: string): SiteMfaStatus {
    const mfa = this.accounts.account(name).mfa;
    return {
      enrolled: mfa !== null,
      enrolledAt: mfa === null ? null : new Date(mfa.enrolledAt).toISOString(),
      recoveryCodesLeft: mfa === null ? 0 : mfa.recoveryCodes.filter((code) => code !== null).length,
      required: this.required(),
    };
  }

  /** The policy: whether every account must enrol. */
  required(): boolean {
    return this.context.journal.live.accounts.mfaRequired;
  }

  /** The accounts that have two-factor sign-in, for site administrators. */
  enrolledAccounts(): { account: string; enrolledAt: string }[] {
    return [...this.context.journal.live.accounts.accounts.values()].flatMap((account) =>
      account.mfa === null ? [] : [{ account: account.name, enrolledAt: new Date(account.mfa.enrolledAt).toISOString() }],
    );
  }

  /** A new secret for the account, kept in memory until a code confirms it; MFA_ALREADY_ENROLLED once confirmed. */
  async startEnrolment(name: string): Promise<SiteEnrolmentStarted> {
    const account = this.accounts.account(name);
    if (account.mfa !== null) throw new AirlockError('MFA_ALREADY_ENROLLED', {});
    const secret = newTotpSecret(this.context.random);
    this.pending.set(name, { secret, startedAt: this.now() });
    const uri = otpauthUri({ issuer: SITE_TOTP_ISSUER, account: name, secret });
    return { secret: base32Encode(secret), otpauthUri: uri, qrSvg: await otpauthQrSvg(uri) };
  }

  /** Confirms the enrolment with a first code: recorded in the ledger; answers ten recovery codes, shown this once. */
  async confirmEnrolment(name: string, code: string, by: Actor): Promise<{ recoveryCodes: string[] }> {
    const account = this.accounts.account(name);
    if (account.mfa !== null) throw new AirlockError('MFA_ALREADY_ENROLLED', {});
    const pending = this.pending.get(name);
    if (!pending || this.now() - pending.startedAt > PENDING_ENROLMENT_LIFETIME) {
      throw new AirlockError('MFA_NOT_ENROLLED', { reason: 'start an enrolment first: POST /v1/auth/mfa/enrolment' });
    }
    const check = verifyTotp(pending.secret, code, this.context.clock.now(), null);
    if (!check.ok) throw new AirlockError(check.code, {});
    const recoveryCodes = newRecoveryCodes(this.context.random);
    const sealedSecret = sealSecret(this.sealing, pending.secret, this.labelOf(name), this.context.random);
    await this.accounts.record({
      t: 'mfa-enrolled',
      account: name,
      sealedSecret,
      recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode),
      step: check.step,
      by,
    });
    this.pending.delete(name);
    return { recoveryCodes };
  }

  /**
   * The second sign-in step: the challenge and a code open the session. An unknown or expired
   * challenge is MFA_CHALLENGE_EXPIRED; a locked name ACCOUNT_LOCKED; a wrong or reused code
   * counts towards the name's lock like a wrong password, and the challenge stays usable.
   */
  async completeSignIn(input: { readonly challenge: string; readonly code: string }, context: SignInContext): Promise<SignedIn> {
    const taken = this.accounts.challenges.take(input.challenge, this.now());
    if (!taken) throw new AirlockError('MFA_CHALLENGE_EXPIRED', {});
    const name = taken.account;
    const lockedFor = await this.accounts.lockedFor(name);
    if (lockedFor !== null) {
      this.accounts.challenges.giveBack(input.challenge, taken);
      await this.accounts.recordAttempt(name, 'locked', context);
      throw new AirlockError('ACCOUNT_LOCKED', { retryAfterSeconds: lockedFor });
    }
    const account = this.accounts.account(name);
    if (account.disabled || account.mfa === null) throw new AirlockError('MFA_CHALLENGE_EXPIRED', {});
    const check = this.check(account, account.mfa, input.code);
    if (!check.ok) {
      await this.accounts.countFailure(name);
      this.accounts.challenges.giveBack(input.challenge, taken);
      await this.accounts.recordAttempt(name, check.code === 'MFA_CODE_REUSED' ? 'reused-code' : 'wrong-code', context);
      throw new AirlockError(check.code, {});
    }
    await this.accounts.record({ t: 'mfa-code-used', account: name, step: check.step, recoveryCode: check.recoveryCode });
    return this.accounts.openSession(account, context);
  }

  /** The account's holder turns it off: their password and a current code (or a recovery code). */
  async disable(name: string, input: { readonly password: string; readonly code: string }, by: Actor): Promise<void> {
    const account = this.accounts.account(name);
    if (!(await this.accounts.checkPassword(account, input.password))) throw new AirlockError('INVALID_CREDENTIALS', {});
    if (account.mfa === null) throw new AirlockError('MFA_NOT_ENROLLED', {});
    const check = this.check(account, account.mfa, input.code);
    if (!check.ok) throw new AirlockError(check.code, {});
    await this.accounts.record({ t: 'mfa-code-used', account: name, step: check.step, recoveryCode: check.recoveryCode });
    await this.accounts.record({ t: 'mfa-removed', account: name, by });
    this.accounts.challenges.closeAccount(name);
  }

  /** A site administrator removes another account's second factor (a lost phone); never their own. */
  async reset(name: string, by: Actor): Promise<void> {
    if (by === `account:${name}`) throw new AirlockError('FORBIDDEN', { reason: 'turn your own two-factor sign-in off with POST /v1/auth/mfa/disable' });
    const account = this.accounts.account(name);
    if (account.mfa === null) throw new AirlockError('MFA_NOT_ENROLLED', {});
    await this.accounts.record({ t: 'mfa-removed', account: name, by });
    this.accounts.challenges.closeAccount(name);
  }

  /** Requires two-factor sign-in of every account, or stops requiring it. */
  async setPolicy(required: boolean, by: Actor): Promise<{ required: boolean }> {
    if (this.context.journal.live.accounts.mfaRequired !== required) await this.accounts.record({ t: 'mfa-policy-set', required, by });
    return { required };
  }

  private check(account: AccountState, mfa: AccountMfaState, code: string): CodeCheck {
    if (isRecoveryCodeShaped(code)) {
      const index = matchRecoveryCode(mfa.recoveryCodes, code);
      return index === null ? { ok: false, code: 'MFA_CODE_INVALID' } : { ok: true, step: null, recoveryCode: index };
    }
    const secret = openSealedSecret(this.sealing, mfa.sealedSecret, this.labelOf(account.name));
    if (secret === null) throw new Error(`the TOTP secret of account ${account.name} does not open with the ledger key`);
    const check = verifyTotp(secret, code, this.context.clock.now(), mfa.lastUsedStep);
    return check.ok ? { ok: true, step: check.step, recoveryCode: null } : check;
  }

  private labelOf(name: string): string {
    return `${this.context.identity.guid}/totp/${name}`;
  }

  private now(): number {
    return this.context.clock.now().getTime();
  }
}

/**
 * The key TOTP secrets are sealed under: derived (HKDF-SHA-256) from the ledger key, which the
 * passphrase unseals at start, so the secrets are as safe at rest as the ledger, and the sealed
 * text in a ledger event is useless to anyone who reads the event without that key.
 */
function totpSealingKey(ledgerKey: Uint8Array): SealingKey {
  const salt = new Uint8Array(16);
  const key = new Uint8Array(hkdfSync('sha256', ledgerKey, salt, 'airlock site totp secrets', 32));
  return { salt, key };
}
