import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventCatalogue, isPublishedEvent, subscribes, unknownPattern } from './event-catalogue.ts';
import { retryDelay } from './webhook-backoff.ts';
import { signatureHeader, signatureOf, verifySignature } from './webhook-signature.ts';
import { checkWebhookUrl } from './webhook-url.ts';
import { lfrTimeliness } from '../offline-licenses/upload-license-file-request.ts';

const fixed = (byte: number) => ({ bytes: (n: number) => new Uint8Array(n).fill(byte) });

describe('webhook signatures', () => {
  const at = new Date('2026-12-01T00:00:00Z');
  const body = '{"id":"evt_1","type":"customer.create"}';

  it('signs "<t>.<body>" with HMAC-SHA256 under the secret, as the README tells receivers to check', () => {
    const expected = createHmac('sha256', 'whsec_test').update(`1796083200.${body}`).digest('hex');
    expect(signatureHeader(['whsec_test'], at, body)).toBe(`t=1796083200,v1=${expected}`);
    expect(signatureOf('whsec_test', 1796083200, body)).toBe(expected);
  });

  it('sends one v1 per secret, the current one first, and either verifies', () => {
    const header = signatureHeader(['whsec_new', 'whsec_old'], at, body);
    expect(header.split(',')).toHaveLength(3);
    expect(verifySignature('whsec_new', header, body, at)).toBe(true);
    expect(verifySignature('whsec_old', header, body, at)).toBe(true);
    expect(verifySignature('whsec_other', header, body, at)).toBe(false);
  });

  it('refuses an altered body, a replay beyond the tolerance and a malformed header', () => {
    const header = signatureHeader(['whsec_test'], at, body);
    expect(verifySignature('whsec_test', header, `${body} `, at)).toBe(false);
    expect(verifySignature('whsec_test', header, body, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifySignature('whsec_test', header, body, new Date(at.getTime() + 299_000))).toBe(true);
    expect(verifySignature('whsec_test', 'v1=abc', body, at)).toBe(false);
    expect(verifySignature('whsec_test', 't=1796083200,v1=zz', body, at)).toBe(false);
  });
});

describe('retry backoff', () => {
  const schedule = { baseMs: 1000, maxMs: 60_000 };

  it('doubles after each failure, within a random half of the wait', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelay(schedule, attempts, fixed(0)))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((attempts) => retryDelay(schedule, attempts, fixed(255)))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than the maximum, however many failures', () => {
    expect(retryDelay(schedule, 7, fixed(255))).toBe(60_000);
    expect(retryDelay(schedule, 500, fixed(255))).toBe(60_000);
    expect(retryDelay(schedule, 500, fixed(0))).toBe(30_000);
  });
});

describe('subscriptions', () => {
  it('matches exact types, prefixes with .* and every catalogue type with *', () => {
    expect(subscribes(['customer.create'], 'customer.create')).toBe(true);
    expect(subscribes(['customer.create'], 'customer.update')).toBe(false);
    expect(subscribes(['device.*'], 'device.activate')).toBe(true);
    expect(subscribes(['device.*'], 'device-license.create')).toBe(false);
    expect(subscribes(['order.*'], 'order.letter.sent')).toBe(true);
    expect(subscribes(['order.letter.*'], 'order.create')).toBe(false);
    expect(subscribes(['*'], 'olf.issue')).toBe(true);
  });

  it('never publishes what the catalogue leaves out, even to *', () => {
    for (const type of ['auth.login', 'auth.login-failed', 'api-token.create', 'admin.password-change', 'authority-key.rotate', 'webhook.create']) {
      expect(isPublishedEvent(type)).toBe(false);
      expect(subscribes(['*', 'auth.*', type], type)).toBe(false);
    }
  });

  it('lists the expiry notices and the letters among the events, each once', () => {
    const types = eventCatalogue.map((event) => event.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(
      expect.arrayContaining([
        'customer.account-expiring',
        'device-license.expiring',
        'site.olf-due',
        'order.letter.sent',
        'order.letter.failed',
        'webhook.disabled',
      ]),
    );
  });

  it('names the first pattern that matches nothing in the catalogue', () => {
    expect(unknownPattern(['*', 'device.*', 'olf.issue'])).toBeUndefined();
    expect(unknownPattern(['device.*', 'auth.*', 'nothing.here'])).toBe('auth.*');
    expect(unknownPattern(['customer.creat'])).toBe('customer.creat');
  });
});

describe('webhook URLs', () => {
  it('takes https anywhere and http only to this machine', () => {
    expect(checkWebhookUrl('https://crm.example/hooks/airlock', false)).toBe('https://crm.example/hooks/airlock');
    expect(checkWebhookUrl('http://127.0.0.1:8080/in', false)).toBe('http://127.0.0.1:8080/in');
    expect(checkWebhookUrl('http://localhost/in', false)).toBe('http://localhost/in');
    expect(checkWebhookUrl('http://[::1]:9000/in', false)).toBe('http://[::1]:9000/in');
  });

  it('refuses http elsewhere unless allowed, other schemes and credentials', () => {
    const code = (url: string, allowHttp = false) => {
      try {
        checkWebhookUrl(url, allowHttp);
        return 'accepted';
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    expect(code('http://crm.example/in')).toBe('WEBHOOK_URL_NOT_ALLOWED');
    expect(code('http://crm.example/in', true)).toBe('accepted');
    expect(code('http://127.0.0.1.nip.io/in')).toBe('WEBHOOK_URL_NOT_ALLOWED');
    expect(code('ftp://crm.example/in', true)).toBe('WEBHOOK_URL_NOT_ALLOWED');
    expect(code('https://user:pw@crm.example/in')).toBe('WEBHOOK_URL_NOT_ALLOWED');
    expect(code('not a url')).toBe('WEBHOOK_URL_NOT_ALLOWED');
  });
});

describe('what lfr.upload tells about the site', () => {
  const madeOn = (day: string) => Date.parse(`${day}T12:00:00Z`) / 1000;

  it('is late when the installed OLF had ended before the day the request was made', () => {
    expect(lfrTimeliness({ iat: madeOn('2026-12-02'), installed: { end: '2026-12-01' } })).toEqual({ late: true, installedEnd: '2026-12-01', rollback: false });
    expect(lfrTimeliness({ iat: madeOn('2026-12-01'), installed: { end: '2026-12-01' } })).toEqual({
      late: false,
      installedEnd: '2026-12-01',
      rollback: false,
    });
    expect(lfrTimeliness({ iat: madeOn('2026-12-01'), installed: null })).toEqual({ late: false, installedEnd: null, rollback: false });
  });

  it('reports a rollback when the site declares its ledger restored', () => {
    expect(lfrTimeliness({ iat: madeOn('2026-12-01'), installed: null, ledgerRestore: { from: 4, to: 9 } })).toMatchObject({ rollback: true });
  });
});
