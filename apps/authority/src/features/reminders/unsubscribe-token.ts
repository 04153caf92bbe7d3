import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { AirlockError } from '@airlock/core';
import { REMINDER_KINDS, type ReminderKind } from './reminder-thresholds.ts';

/**
 * The unsubscribe links of expiry reminders (README, "Expiry reminders"): a token bound to one
 * customer and one kind of reminder, `<payload>.<mac>`, where the payload is the base64url of
 * `{"c": customerId, "k": kind}` and the MAC an HMAC-SHA256 of it under a key derived from the
 * authority's key passphrase, domain-separated so that it signs nothing else. Every replica has
 * that passphrase, so any of them verifies a link another one wrote. Tokens do not expire: a
 * letter kept for a year must still unsubscribe, and the worst a leaked token does is switch
 * off one kind of reminder for one customer, which the portal switches on again. Changing the
 * passphrase invalidates the links of letters already sent.
 */

const DOMAIN = 'airlock-reminder-unsubscribe-v1\n';
const MAX_TOKEN_LENGTH = 1024;

export interface UnsubscribeClaims {
  readonly customerId: string;
  readonly kind: ReminderKind;
}

/**
 * The MAC key of unsubscribe links, from the key passphrase (HKDF-SHA256, its own label).
 *
 * @example
 * ```ts
 * const key = unsubscribeKeyOf(passphrase);
 * ```
 */
export function unsubscribeKeyOf(passphrase: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', passphrase, 'airlock', 'airlock reminders: unsubscribe links', 32));
}

/**
 * A token for the unsubscribe link of one kind of reminder to one customer.
 *
 * @example
 * ```ts
 * const token = signUnsubscribeToken(key, { customerId: 'acme', kind: 'olf-due' });
 * ```
 */
export function signUnsubscribeToken(key: Uint8Array, claims: UnsubscribeClaims): string {
  const payload = Buffer.from(JSON.stringify({ c: claims.customerId, k: claims.kind })).toString('base64url');
  return `${payload}.${macOf(key, payload).toString('base64url')}`;
}

/**
 * The customer and kind a token names; `UNSUBSCRIBE_TOKEN_INVALID` for anything altered, cut
 * short, made under another key, or not a token at all. The MAC is compared in constant time
 * before the payload is read.
 *
 * @example
 * ```ts
 * verifyUnsubscribeToken(key, token); // { customerId: 'acme', kind: 'olf-due' }
 * ```
 */
export function verifyUnsubscribeToken(key: Uint8Array, token: string): UnsubscribeClaims {
  const invalid = () => new AirlockError('UNSUBSCRIBE_TOKEN_INVALID', {});
  const match = token.length <= MAX_TOKEN_LENGTH ? /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
  if (!match) throw invalid();
  const [, payload = '', mac = ''] = match;
  const given = Buffer.from(mac, 'base64url');
  const expected = macOf(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  // One spelling only: the last character's two spare bits would otherwise give three more.
  if (given.toString('base64url') !== mac) throw invalid();
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { c, k } = (typeof claims === 'object' && claims !== null ? claims : {}) as { c?: unknown; k?: unknown };
  if (typeof c !== 'string' || c === '' || !REMINDER_KINDS.includes(k as ReminderKind)) throw invalid();
  return { customerId: c, kind: k as ReminderKind };
}

function macOf(key: Uint8Array, payload: string): Buffer {
  return createHmac('sha256', key).update(DOMAIN).update(payload).digest();
}
