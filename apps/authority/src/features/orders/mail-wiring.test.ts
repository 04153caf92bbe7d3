import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../config.ts';
import { startAuthority, type RunningAuthority } from '../../main.ts';
import type { OrderView } from './order-reads.ts';
import { startTestSmtpServer, type TestSmtpServer } from './testing/test-smtp-server.ts';

/**
 * The authority as `npm start` runs it, configured from the environment: first without SMTP
 * (letters wait in the outbox), then started again with `AIRLOCK_SMTP_URL` (they leave at start,
 * and new ones right after their order).
 */
describe('license letters in a running authority', () => {
  let smtp: TestSmtpServer;
  let dataDir: string;
  const said: string[] = [];
  let password = '';
  let session = '';

  const environment = (withSmtp: boolean) => ({
    AIRLOCK_DATA_DIR: dataDir,
    AIRLOCK_PORT: '0',
    AIRLOCK_LOG_LEVEL: 'silent',
    AIRLOCK_KEY_PASSPHRASE: 'the mail wiring passphrase',
    ...(withSmtp
      ? { AIRLOCK_SMTP_URL: smtp.url, AIRLOCK_MAIL_FROM: 'Licenses <licenses@vendor.test>', AIRLOCK_PUBLIC_URL: 'https://licenses.vendor.test' }
      : {}),
  });

  async function call<T>(running: RunningAuthority, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers: { cookie: `airlock_session=${session}`, 'x-airlock-csrf': '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  async function signIn(running: RunningAuthority): Promise<void> {
    const response = await fetch(`${running.url}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@localhost', password }),
    });
    if (!response.ok) throw new Error(`sign-in: ${response.status} ${await response.text()}`);
    session = /airlock_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? '';
  }

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    dataDir = await mkdtemp(join(tmpdir(), 'airlock-mail-wiring-'));
  });
  afterAll(async () => {
    await smtp.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps the letter queued without SMTP, and sends it when the authority starts with SMTP', async () => {
    const first = await startAuthority(readConfig(environment(false)), (line) => said.push(line));
    let order: OrderView;
    try {
      password = /one-time password: (\S+) \(/.exec(said.join('\n'))?.[1] ?? '';
      await signIn(first);
      await call(first, 'POST', '/v1/auth/password', { currentPassword: password, newPassword: 'a new admin password' });
      password = 'a new admin password';
      await signIn(first);
      await call(first, 'POST', '/v1/products', { id: 'automation', name: 'Automation' });
      await call(first, 'POST', '/v1/products/automation/license-types', { id: 'bot-runner', name: 'Bot Runner', category: 'seat' });
      await call(first, 'POST', '/v1/policies', { id: 'standard', name: 'Standard' });
      await call(first, 'POST', '/v1/customers', {
        id: 'acme',
        name: 'Acme',
        contactEmail: 'licenses@acme.test',
        accountEndsOn: '2099-12-31',
        policyId: 'standard',
      });
      order = await call<OrderView>(first, 'POST', '/v1/customers/acme/orders', {
        items: [{ product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' }],
      });
      expect(order.letters.map((letter) => [letter.status, letter.attempts, letter.waiting])).toEqual([
        ['queued', 0, 'SMTP is not configured (AIRLOCK_SMTP_URL): the letter waits in the outbox'],
      ]);
    } finally {
      await first.close();
    }
    expect(smtp.received).toHaveLength(0);

    const second = await startAuthority(readConfig(environment(true)), (line) => said.push(line));
    try {
      await signIn(second);
      const queued = await smtp.message(0);
      expect({ to: queued.envelope.to, subject: queued.parsed.subject }).toEqual({ to: ['licenses@acme.test'], subject: `Your license letter: ${order.lrn}` });
      // Its letter was written while SMTP was off: the links are the ones configured then (none).
      expect(queued.parsed.text).toContain('Sign in to the customer portal, open Orders');

      const next = await call<OrderView>(second, 'POST', '/v1/customers/acme/orders', {
        items: [{ product: 'automation', licenseType: 'bot-runner', quantity: 1, kind: 'term', expiresOn: '2099-01-31' }],
      });
      const sent = await smtp.message(1);
      expect({ to: sent.envelope.to, subject: sent.parsed.subject, from: sent.parsed.from?.text }).toEqual({
        to: ['licenses@acme.test'],
        subject: `Your license letter: ${next.lrn}`,
        from: '"Licenses" <licenses@vendor.test>',
      });
      expect(sent.parsed.text).toContain('Sign in to the customer portal (https://licenses.vendor.test/portal/orders), open Orders');
      // Deliveries run one after another on a replica: the first was recorded before the second left.
      const earlier = await call<OrderView>(second, 'GET', `/v1/customers/acme/orders/${order.id}`);
      expect(earlier.letters.map((letter) => [letter.status, letter.attempts, letter.waiting])).toEqual([['sent', 1, null]]);
    } finally {
      await second.close();
    }
    // Two starts of an authority on disk (database, sealed keys, a password hash): slow on a busy machine.
  }, 180_000);
});
