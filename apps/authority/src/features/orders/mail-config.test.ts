import { describe, expect, it } from 'vitest';
import { readConfig } from '../../config.ts';
import { mailSettingsOf, RETRY_POLL_MS } from './mail-settings.ts';

describe('the mail configuration', () => {
  it('sends no mail unless AIRLOCK_SMTP_URL is set', () => {
    const config = readConfig({}, '/srv');
    expect({ mail: config.mail, publicUrl: config.publicUrl }).toEqual({ mail: undefined, publicUrl: undefined });
  });

  it('reads the SMTP URL, the sender and the public address', () => {
    const config = readConfig(
      {
        AIRLOCK_SMTP_URL: 'smtp://127.0.0.1:2525',
        AIRLOCK_MAIL_FROM: 'Licenses <licenses@vendor.example>',
        AIRLOCK_PUBLIC_URL: 'https://licenses.vendor.example/',
      },
      '/srv',
    );
    expect({ mail: config.mail, publicUrl: config.publicUrl }).toEqual({
      mail: { smtpUrl: 'smtp://127.0.0.1:2525', from: 'Licenses <licenses@vendor.example>' },
      publicUrl: 'https://licenses.vendor.example',
    });
  });

  it('refuses mail settings it cannot use, naming the variable', () => {
    const refusal = (env: Record<string, string>) => {
      try {
        readConfig(env, '/srv');
        return undefined;
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    };
    expect([
      refusal({ AIRLOCK_SMTP_URL: 'http://mail.example' }),
      refusal({ AIRLOCK_SMTP_URL: 'smtp://' }),
      refusal({ AIRLOCK_SMTP_URL: 'smtp://127.0.0.1:2525' }),
      refusal({ AIRLOCK_SMTP_URL: 'smtp://127.0.0.1:2525', AIRLOCK_MAIL_FROM: 'licenses' }),
      refusal({ AIRLOCK_PUBLIC_URL: 'licenses.vendor.example' }),
    ]).toEqual([
      'ConfigError: AIRLOCK_SMTP_URL must be an smtp:// or smtps:// URL',
      'ConfigError: AIRLOCK_SMTP_URL must be an smtp:// or smtps:// URL',
      'ConfigError: AIRLOCK_MAIL_FROM is required with AIRLOCK_SMTP_URL: the address license letters come from',
      'ConfigError: AIRLOCK_MAIL_FROM must be an e-mail address, optionally with a name: Licenses <licenses@vendor.example>',
      'ConfigError: AIRLOCK_PUBLIC_URL must be an http:// or https:// URL',
    ]);
  });

  it('wires a sender that sends only when SMTP is configured, and polls for retries', () => {
    const deps = { db: {} as never, clock: { now: () => new Date(0) } };
    const off = mailSettingsOf({ mail: undefined, publicUrl: undefined }, deps);
    const on = mailSettingsOf(
      { mail: { smtpUrl: 'smtp://127.0.0.1:2525', from: 'licenses@vendor.example' }, publicUrl: 'https://licenses.vendor.example' },
      deps,
    );
    expect([off.sender?.configured, on.sender?.configured, on.publicUrl, on.retryEveryMs]).toEqual([
      false,
      true,
      'https://licenses.vendor.example',
      RETRY_POLL_MS,
    ]);
  });
});
