import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signUnsubscribeToken, unsubscribeKeyOf, verifyUnsubscribeToken } from './unsubscribe-token.ts';

const key = unsubscribeKeyOf('the reminders test passphrase');
const refusal = (token: string, under = key) => {
  try {
    return verifyUnsubscribeToken(under, token);
  } catch (error) {
    return { code: (error as { code?: string }).code };
  }
};

describe('unsubscribe tokens', () => {
  it('name the customer and the kind they were signed for', () => {
    const token = signUnsubscribeToken(key, { customerId: 'acme', kind: 'olf-due' });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken(key, token)).toEqual({ customerId: 'acme', kind: 'olf-due' });
    expect(verifyUnsubscribeToken(key, signUnsubscribeToken(key, { customerId: 'globex', kind: 'account' }))).toEqual({
      customerId: 'globex',
      kind: 'account',
    });
  });

  it('derive the same key from the same passphrase on every replica, another from another', () => {
    expect(Buffer.from(unsubscribeKeyOf('the reminders test passphrase')).equals(Buffer.from(key))).toBe(true);
    const token = signUnsubscribeToken(key, { customerId: 'acme', kind: 'account' });
    expect(refusal(token, unsubscribeKeyOf('another passphrase entirely'))).toEqual({ code: 'UNSUBSCRIBE_TOKEN_INVALID' });
  });

  it('refuse a token altered anywhere: another customer or kind in the payload, a changed MAC, cut short, or no token at all', () => {
    const token = signUnsubscribeToken(key, { customerId: 'acme', kind: 'device-license' });
    const [payload, mac] = token.split('.') as [string, string];
    const otherPayload = Buffer.from(JSON.stringify({ c: 'globex', k: 'device-license' })).toString('base64url');
    const otherKind = Buffer.from(JSON.stringify({ c: 'acme', k: 'account' })).toString('base64url');
    const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    for (const tampered of [
      `${otherPayload}.${mac}`,
      `${otherKind}.${mac}`,
      `${flip(payload, 3)}.${mac}`,
      `${payload}.${flip(mac, 10)}`,
      `${payload}.${mac.slice(0, -1)}`,
      payload,
      `${payload}.`,
      '',
      'not a token',
      `${payload}.${mac}.${mac}`,
    ]) {
      expect(refusal(tampered), tampered).toEqual({ code: 'UNSUBSCRIBE_TOKEN_INVALID' });
    }
  });

  it('refuse a correctly signed payload that names no kind of reminder', () => {
    const payload = Buffer.from(JSON.stringify({ c: 'acme', k: 'everything' })).toString('base64url');
    // Signed as the authority signs, to show the claims are checked after the MAC.
    const mac = createHmac('sha256', key).update('airlock-reminder-unsubscribe-v1\n').update(payload).digest('base64url');
    expect(refusal(`${payload}.${mac}`)).toEqual({ code: 'UNSUBSCRIBE_TOKEN_INVALID' });
    const good = Buffer.from(JSON.stringify({ c: 'acme', k: 'olf-due' })).toString('base64url');
    const goodMac = createHmac('sha256', key).update('airlock-reminder-unsubscribe-v1\n').update(good).digest('base64url');
    expect(verifyUnsubscribeToken(key, `${good}.${goodMac}`)).toEqual({ customerId: 'acme', kind: 'olf-due' });
  });
});
