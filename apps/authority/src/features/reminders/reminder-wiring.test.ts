import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { days } from '@airlock/core';
import { utcDate } from '@airlock/core/internal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../config.ts';
import { startAuthority, type RunningAuthority } from '../../main.ts';
import { firstSignIn, overHttp } from '../accounts/testing/account-fixtures.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../orders/testing/test-smtp-server.ts';

/**
 * Expiry reminders in the authority as `npm start` runs it, configured from the environment: a
 * customer whose account ends in 10 days is reminded by the scan the authority makes when it
 * starts, once, however often it restarts; the letter's one-click link, signed under the key
 * passphrase, is honoured by the authority started again with that passphrase.
 */
describe('expiry reminders in a running authority', () => {
  let smtp: TestSmtpServer;
  let dataDir: string;
  const said: string[] = [];

  const environment = () => ({
    AIRLOCK_DATA_DIR: dataDir,
    AIRLOCK_PORT: '0',
    AIRLOCK_LOG_LEVEL: 'silent',
    AIRLOCK_KEY_PASSPHRASE: 'the reminder wiring passphrase',
    AIRLOCK_SMTP_URL: smtp.url,
    AIRLOCK_MAIL_FROM: 'Licenses <licenses@vendor.test>',
    AIRLOCK_PUBLIC_URL: 'https://licenses.vendor.test',
  });
  const start = () => startAuthority(readConfig(environment()), (line) => said.push(line));

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    dataDir = await mkdtemp(join(tmpdir(), 'airlock-reminder-wiring-'));
  });
  afterAll(async () => {
    await smtp.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("reminds at start, once across restarts, and honours the letter's link after a restart", async () => {
    const endsOn = utcDate(new Date(Date.now() + days(10)));
    let running: RunningAuthority = await start();
    try {
      const password = /one-time password: (\S+) \(/.exec(said.join('\n'))?.[1] ?? '';
      const session = await firstSignIn(overHttp(running.url), 'admin@localhost', password, 'a new admin password');
      const call = async (path: string, body: unknown) => {
        const response = await fetch(`${running.url}${path}`, {
          method: 'POST',
          headers: { cookie: `airlock_session=${session}`, 'x-airlock-csrf': '1', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      };
      await call('/v1/policies', { id: 'standard', name: 'Standard' });
      await call('/v1/customers', { id: 'acme', name: 'Acme', contactEmail: 'licenses@acme.test', accountEndsOn: endsOn, policyId: 'standard' });
    } finally {
      await running.close();
    }
    // Its scan ran before the customer existed: nothing yet.
    expect(smtp.received).toHaveLength(0);

    running = await start();
    await running.close();
    expect(smtp.received.map((mail) => [mail.envelope.to, mail.parsed.subject])).toEqual([
      [['licenses@acme.test'], `Reminder: your account ends on ${endsOn}`],
    ]);
    const link = /^List-Unsubscribe: <([^>]+)>/m.exec(smtp.received[0]!.raw.replace(/\r?\n[ \t]+/g, ' '))?.[1] ?? '';
    expect(link).toMatch(/^https:\/\/licenses\.vendor\.test\/v1\/reminders\/unsubscribe\?token=/);

    running = await start();
    try {
      expect(smtp.received).toHaveLength(1);
      const answer = await fetch(link.replace('https://licenses.vendor.test', running.url), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect({ status: answer.status, body: await answer.json() }).toEqual({
        status: 200,
        body: { customerId: 'acme', customerName: 'Acme', kind: 'account', subscribed: false },
      });
    } finally {
      await running.close();
    }
    // Three starts of an authority on disk (database, sealed keys, a password hash): slow on a busy machine.
  }, 240_000);
});
