import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures, in the scheme Stripe's users know (README, "Webhooks"): the header
 * `Airlock-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The key
 * is the secret as text (`whsec_…`, UTF-8). While a rotated-out secret is still valid, a second
 * `v1=` made with it follows, so a receiver that still holds the old secret keeps verifying.
 */
export const SIGNATURE_HEADER = 'Airlock-Signature';

/** The hex HMAC-SHA256 of `<t>.<body>` under the secret. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/**
 * The signature header's value: one `v1` per secret, the current one first.
 *
 * @example
 * ```ts
 * signatureHeader([secret], new Date('2026-12-01T00:00:00Z'), body); // 't=1796083200,v1=5f0c…'
 * ```
 */
export function signatureHeader(secrets: readonly string[], at: Date, body: string): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${signatureOf(secret, timestamp, body)}`)].join(',');
}

/**
 * What a receiver does, as the README shows it: the header is well formed, its time is within
 * `toleranceSeconds` of `now`, and one of its `v1` signatures is the body's under `secret`
 * (compared in constant time). Airlock's own tests verify deliveries with it.
 */
export function verifySignature(secret: string, header: string, body: string, now: Date, toleranceSeconds = 300): boolean {
  const parts = header.split(',').map((part) => part.split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  return parts
    .filter(([key, value]) => key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value))
    .some(([, value]) => timingSafeEqual(Buffer.from(value ?? '', 'hex'), expected));
}
