import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('the configuration', () => {
  it('runs on the embedded store under ./.data/authority, on 127.0.0.1:7300, with a key file there, by default', () => {
    expect(readConfig({}, '/srv/airlock')).toEqual({
      dataDir: '/srv/airlock/.data/authority',
      store: { kind: 'embedded', dataDir: '/srv/airlock/.data/authority/pglite' },
      host: undefined,
      port: 7300,
      keySecret: { kind: 'file', path: '/srv/airlock/.data/authority/authority.key', createIfMissing: true },
      logLevel: 'info',
      tls: null,
      tlsPollMs: 2000,
      allowPlainHttp: false,
      trustProxy: [],
      reminders: { enabled: true, thresholds: [30, 7, 1] },
      webhooks: { allowHttp: false, timeoutMs: 10_000, pollMs: 10_000, retryBaseMs: 30_000 },
    });
  });

  it('reads every setting from the environment', () => {
    expect(
      readConfig(
        {
          AIRLOCK_DATA_DIR: '/var/lib/airlock',
          DATABASE_URL: 'postgres://airlock@db/airlock',
          AIRLOCK_PG_PREPARED_STATEMENTS: 'false',
          AIRLOCK_HOST: '0.0.0.0',
          AIRLOCK_PORT: '8080',
          AIRLOCK_KEY_FILE: 'secrets/airlock.key',
          AIRLOCK_LOG_LEVEL: 'debug',
          AIRLOCK_TLS_CERT: 'tls/airlock.crt',
          AIRLOCK_TLS_KEY: '/etc/airlock/airlock.key',
          AIRLOCK_ALLOW_PLAIN_HTTP: 'true',
          AIRLOCK_TLS_POLL_MS: '500',
          AIRLOCK_TRUST_PROXY: '10.0.0.0/8, loopback,2001:db8::/32',
          AIRLOCK_REMINDERS: 'false',
          AIRLOCK_REMINDER_DAYS: '3, 14,60',
          AIRLOCK_WEBHOOK_ALLOW_HTTP: '1',
          AIRLOCK_WEBHOOK_TIMEOUT_MS: '2000',
          AIRLOCK_WEBHOOK_POLL_MS: '250',
          AIRLOCK_WEBHOOK_RETRY_BASE_MS: '100',
        },
        '/srv',
      ),
    ).toEqual({
      dataDir: '/var/lib/airlock',
      store: { kind: 'postgres', url: 'postgres://airlock@db/airlock', preparedStatements: false },
      host: '0.0.0.0',
      port: 8080,
      keySecret: { kind: 'file', path: '/srv/secrets/airlock.key', createIfMissing: false },
      logLevel: 'debug',
      tls: { certFile: '/srv/tls/airlock.crt', keyFile: '/etc/airlock/airlock.key' },
      tlsPollMs: 500,
      allowPlainHttp: true,
      trustProxy: ['10.0.0.0/8', 'loopback', '2001:db8::/32'],
      reminders: { enabled: false, thresholds: [60, 14, 3] },
      webhooks: { allowHttp: true, timeoutMs: 2000, pollMs: 250, retryBaseMs: 100 },
    });
    expect(readConfig({ AIRLOCK_KEY_PASSPHRASE: 'twelve chars or more' }).keySecret).toEqual({ kind: 'passphrase', passphrase: 'twelve chars or more' });
  });

  it('refuses a setting it cannot use, naming the variable', () => {
    const refusal = (env: Record<string, string>) => {
      try {
        readConfig(env);
        return undefined;
      } catch (error) {
        return { name: (error as Error).name, message: (error as Error).message };
      }
    };
    expect(refusal({ AIRLOCK_PORT: '70000' })).toEqual({ name: 'ConfigError', message: 'AIRLOCK_PORT must be a port number from 0 to 65535, not "70000"' });
    expect(refusal({ DATABASE_URL: 'mysql://db' })?.message).toBe('DATABASE_URL must be a postgres:// or postgresql:// URL');
    expect(refusal({ DATABASE_URL: 'postgres://db', AIRLOCK_PG_PREPARED_STATEMENTS: 'yes' })?.message).toBe(
      'AIRLOCK_PG_PREPARED_STATEMENTS must be true or false, not "yes"',
    );
    expect(refusal({ AIRLOCK_KEY_PASSPHRASE: 'short' })?.message).toBe('AIRLOCK_KEY_PASSPHRASE must be at least 12 characters long');
    expect(refusal({ AIRLOCK_KEY_PASSPHRASE: 'long enough passphrase', AIRLOCK_KEY_FILE: '/k' })?.message).toBe(
      'set AIRLOCK_KEY_PASSPHRASE or AIRLOCK_KEY_FILE, not both',
    );
    expect(refusal({ AIRLOCK_LOG_LEVEL: 'loud' })?.message).toBe('AIRLOCK_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
    expect(refusal({ AIRLOCK_REMINDERS: 'sometimes' })?.message).toBe('AIRLOCK_REMINDERS must be true or false, not "sometimes"');
    for (const days of ['30,0', '7,7', '400', 'seven', '30,,7']) {
      expect(refusal({ AIRLOCK_REMINDER_DAYS: days })?.message, days).toBe(
        `AIRLOCK_REMINDER_DAYS must be whole days from 1 to 365, separated by commas, each once (such as 30,7,1), not "${days}"`,
      );
    }
    for (const entry of ['true', '*', '10.0.0.0/33', '10.0.0/8', 'proxy.internal', '10.0.0.1/8/8']) {
      expect(refusal({ AIRLOCK_TRUST_PROXY: `127.0.0.1,${entry}` })?.message, entry).toBe(
        `AIRLOCK_TRUST_PROXY must list proxy addresses, CIDR ranges or loopback, linklocal, uniquelocal, separated by commas; "${entry}" is none of these`,
      );
    }
  });
});
