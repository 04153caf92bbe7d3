import { minutes, type Milliseconds, type Random } from '@airlock/core';
import { isSessionSecretShaped, newSessionSecret, sha256 } from '@airlock/http';

/** How long the second step may wait after the password: long enough to open an app and type. */
const MFA_CHALLENGE_LIFETIME: Milliseconds = minutes(5);

export interface MfaChallenge {
  readonly account: string;
  readonly expiresAt: number;
}

/**
 * Sign-ins waiting for their second step, in the process's memory like sessions, by the SHA-256
 * of the challenge handed out after the right password. A challenge is taken out while its
 * code is checked (so two requests never check one challenge at once) and given back after a
 * wrong code; an accepted code ends it.
 */
export class MfaChallengeStore {
  private readonly challenges = new Map<string, MfaChallenge>();

  open(account: string, now: number, random: Random): { readonly challenge: string; readonly expiresAt: number } {
    for (const [key, stale] of this.challenges) if (stale.expiresAt <= now) this.challenges.delete(key);
    const challenge = newSessionSecret(random);
    const expiresAt = now + MFA_CHALLENGE_LIFETIME;
    this.challenges.set(keyOf(challenge), { account, expiresAt });
    return { challenge, expiresAt };
  }

  /** Takes a live challenge out, or returns null (unknown, malformed or expired). */
  take(challenge: string, now: number): MfaChallenge | null {
    if (!isSessionSecretShaped(challenge)) return null;
    const key = keyOf(challenge);
    const found = this.challenges.get(key);
    this.challenges.delete(key);
    return found && found.expiresAt > now ? found : null;
  }

  /** Puts a challenge back after a wrong code: it stays usable until it expires. */
  giveBack(challenge: string, taken: MfaChallenge): void {
    this.challenges.set(keyOf(challenge), taken);
  }

  /** Ends every pending sign-in of an account (its second factor was removed or the account disabled). */
  closeAccount(account: string): void {
    for (const [key, pending] of this.challenges) if (pending.account === account) this.challenges.delete(key);
  }
}

const keyOf = (challenge: string): string => sha256(challenge).toString('hex');
