import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Random } from '@airlock/core';
import { base32Encode } from './base32.ts';

/**
 * Time-based one-time passwords as authenticator apps compute them: RFC 6238 over RFC 4226
 * HOTP, with the parameters every app defaults to — HMAC-SHA-1, 6 digits, a 30-second step.
 * A code is accepted in its own step and the one before and after (clocks drift, people type
 * slowly), and never twice: the step of the last accepted code is kept with the account, and
 * a code of that step or an earlier one is refused as a replay (RFC 6238 §5.2).
 */
export const TOTP_DIGITS = 6;
export const TOTP_STEP_SECONDS = 30;
/** Steps accepted either side of the current one. */
export const TOTP_WINDOW = 1;
/** 160 bits: the length of an HMAC-SHA-1 key, as RFC 4226 §4 recommends. */
export const TOTP_SECRET_BYTES = 20;

/** A new random TOTP secret. */
export function newTotpSecret(random: Random): Uint8Array {
  return random.bytes(TOTP_SECRET_BYTES);
}

/**
 * The HOTP value of a counter (RFC 4226 §5.3): HMAC over the 8-byte big-endian counter,
 * dynamic truncation, the low `digits` decimal digits. `algorithm` is there for the RFC 6238
 * test vectors; Airlock itself uses SHA-1 only.
 *
 * @example
 * ```ts
 * hotp(Buffer.from('12345678901234567890'), 0); // '755224'
 * ```
 */
export function hotp(secret: Uint8Array, counter: number, digits = TOTP_DIGITS, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, secret).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return (binary % 10 ** digits).toString().padStart(digits, '0');
}

/** The 30-second step a moment falls in (RFC 6238's T, with T0 = 0). */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_STEP_SECONDS);
}

/**
 * The code an authenticator shows at a moment.
 *
 * @example
 * ```ts
 * totpCode(secret, clock.now()); // '287082'
 * ```
 */
export function totpCode(secret: Uint8Array, at: Date): string {
  return hotp(secret, totpStep(at));
}

/** How a presented code was judged; a refusal changes nothing. */
export type TotpCheck = { readonly ok: true; readonly step: number } | { readonly ok: false; readonly code: 'MFA_CODE_INVALID' | 'MFA_CODE_REUSED' };

/** Whether text is shaped like a TOTP code at all (6 digits, spaces allowed as apps show them). */
export function isTotpCodeShaped(text: string): boolean {
  return /^\d{6}$/.test(text.replace(/\s/g, ''));
}

/**
 * Checks a code against the steps around `now`. `lastUsedStep` is the step of the last code
 * accepted for this secret (null if none): a match at that step or before is MFA_CODE_REUSED,
 * so a code seen over someone's shoulder cannot open a second session. The caller stores the
 * returned step as the new `lastUsedStep` in the same write that accepts the sign-in.
 *
 * @example
 * ```ts
 * const check = verifyTotp(secret, '287082', clock.now(), row.lastUsedStep);
 * if (!check.ok) throw new AirlockError(check.code, {});
 * ```
 */
export function verifyTotp(secret: Uint8Array, presented: string, now: Date, lastUsedStep: number | null): TotpCheck {
  const code = presented.replace(/\s/g, '');
  if (!isTotpCodeShaped(code)) return { ok: false, code: 'MFA_CODE_INVALID' };
  const current = totpStep(now);
  let matched: number | null = null;
  // Every step of the window is computed and compared, match or not: the time taken says nothing.
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    if (sameCode(hotp(secret, step), code) && matched === null) matched = step;
  }
  if (matched === null) return { ok: false, code: 'MFA_CODE_INVALID' };
  if (lastUsedStep !== null && matched <= lastUsedStep) return { ok: false, code: 'MFA_CODE_REUSED' };
  return { ok: true, step: matched };
}

function sameCode(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The `otpauth://totp/` URI an authenticator app reads from the enrolment QR code (the Key
 * Uri Format authenticator apps share): the issuer names the server, the account the person.
 *
 * @example
 * ```ts
 * otpauthUri({ issuer: 'Airlock authority', account: 'ada@example.com', secret });
 * // 'otpauth://totp/Airlock%20authority:ada%40example.com?secret=…&issuer=Airlock%20authority&algorithm=SHA1&digits=6&period=30'
 * ```
 */
export function otpauthUri(input: { readonly issuer: string; readonly account: string; readonly secret: Uint8Array }): string {
  const label = `${encodeURIComponent(input.issuer)}:${encodeURIComponent(input.account)}`;
  const query = [
    `secret=${base32Encode(input.secret)}`,
    `issuer=${encodeURIComponent(input.issuer)}`,
    'algorithm=SHA1',
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_STEP_SECONDS}`,
  ].join('&');
  return `otpauth://totp/${label}?${query}`;
}
