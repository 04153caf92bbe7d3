import type { Milliseconds, Random } from '@airlock/core';
import { isSessionSecretShaped, newSessionSecret, SESSION_LIFETIME, sha256 } from '@airlock/http';

export interface Session {
  readonly account: string;
  readonly openedAt: number;
  readonly expiresAt: number;
}

/**
 * The open sessions, in the process's memory, by the SHA-256 of their secret (the cookie's
 * value): the secret itself is kept nowhere. A restart of the site signs everyone out, which
 * costs a sign-in and keeps session secrets out of the ledger and its backups.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  /** Opens a session for an account; the secret goes to the browser once. */
  open(account: string, now: number, random: Random, lifetime: Milliseconds = SESSION_LIFETIME): { readonly secret: string; readonly session: Session } {
    this.sweep(now);
    const secret = newSessionSecret(random);
    const session: Session = { account, openedAt: now, expiresAt: now + lifetime };
    this.sessions.set(keyOf(secret), session);
    return { secret, session };
  }

  /** The live session a secret opens, or null (unknown, malformed or expired). */
  find(secret: string, now: number): Session | null {
    if (!isSessionSecretShaped(secret)) return null;
    const key = keyOf(secret);
    const session = this.sessions.get(key);
    if (!session) return null;
    if (session.expiresAt <= now) {
      this.sessions.delete(key);
      return null;
    }
    return session;
  }

  close(secret: string): void {
    if (isSessionSecretShaped(secret)) this.sessions.delete(keyOf(secret));
  }

  /** Ends every session of an account but the one with `keep` (its holder's, after a password change). */
  closeAccount(account: string, keep?: string): void {
    const kept = keep === undefined ? undefined : keyOf(keep);
    for (const [key, session] of this.sessions) if (session.account === account && key !== kept) this.sessions.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(key);
  }
}

const keyOf = (secret: string): string => sha256(secret).toString('hex');
