import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSiteConfig, SiteConfigError } from './config.ts';
import { fileClock } from './process/site-clock.ts';
import { SITE_VERSION } from './version.ts';

describe('the site configuration', () => {
  it('has defaults for everything but the passphrase', () => {
    expect(readSiteConfig({}, '/srv', '/home/op')).toEqual({
      dataDir: '/srv/.data/site',
      host: '127.0.0.1',
      port: 7400,
      passphrase: { kind: 'missing' },
      witnessDir: '/home/op/.local/state/airlock',
      witnessDirGiven: false,
      witnessMoved: false,
      newWitness: false,
      logLevel: 'info',
      testClockFile: null,
      tls: null,
      tlsPollMs: 2000,
      allowPlainHttp: false,
      trustProxy: [],
      cullInterval: 15_000,
      linkTick: 30_000,
      linkRetryMax: 900_000,
      authorityCa: null,
    });
  });

  it('reads every variable, paths relative to the working directory', () => {
    expect(
      readSiteConfig(
        {
          AIRLOCK_SITE_DATA_DIR: 'data',
          AIRLOCK_SITE_HOST: '0.0.0.0',
          AIRLOCK_SITE_PORT: '0',
          AIRLOCK_SITE_PASSPHRASE_FILE: 'secret',
          AIRLOCK_SITE_WITNESS_DIR: '/var/lib/witness',
          AIRLOCK_SITE_LOG_LEVEL: 'warn',
          AIRLOCK_SITE_TEST_CLOCK_FILE: 'clock',
          AIRLOCK_SITE_TLS_CERT: 'tls/site.crt',
          AIRLOCK_SITE_TLS_KEY: '/etc/site.key',
          AIRLOCK_SITE_TLS_POLL_MS: '500',
          AIRLOCK_SITE_ALLOW_PLAIN_HTTP: 'true',
          AIRLOCK_SITE_TRUST_PROXY: '192.168.10.2,loopback',
          AIRLOCK_SITE_WITNESS_MOVED: 'true',
          AIRLOCK_SITE_NEW_WITNESS: '1',
          AIRLOCK_SITE_CULL_INTERVAL_MS: '2000',
          AIRLOCK_SITE_LINK_TICK_MS: '0',
          AIRLOCK_SITE_LINK_RETRY_MAX_MS: '1000',
          AIRLOCK_SITE_AUTHORITY_CA: 'tls/authority-ca.pem',
        },
        '/srv',
        '/home/op',
      ),
    ).toEqual({
      dataDir: '/srv/data',
      host: '0.0.0.0',
      port: 0,
      passphrase: { kind: 'file', path: '/srv/secret' },
      witnessDir: '/var/lib/witness',
      witnessDirGiven: true,
      witnessMoved: true,
      newWitness: true,
      logLevel: 'warn',
      testClockFile: '/srv/clock',
      tls: { certFile: '/srv/tls/site.crt', keyFile: '/etc/site.key' },
      tlsPollMs: 500,
      allowPlainHttp: true,
      trustProxy: ['192.168.10.2', 'loopback'],
      cullInterval: 2000,
      linkTick: 0,
      linkRetryMax: 1000,
      authorityCa: '/srv/tls/authority-ca.pem',
    });
  });

  it('refuses what it cannot run with, naming the variable', () => {
    expect(() => readSiteConfig({ AIRLOCK_SITE_PORT: '70000' })).toThrow(
      new SiteConfigError('AIRLOCK_SITE_PORT must be a port number from 0 to 65535, not "70000"'),
    );
    expect(() => readSiteConfig({ AIRLOCK_SITE_PASSPHRASE: 'x'.repeat(12), AIRLOCK_SITE_PASSPHRASE_FILE: 'f' })).toThrow(/not both/);
    expect(() => readSiteConfig({ AIRLOCK_SITE_LOG_LEVEL: 'loud' })).toThrow(/AIRLOCK_SITE_LOG_LEVEL must be one of/);
    expect(() => readSiteConfig({ AIRLOCK_SITE_CULL_INTERVAL_MS: '50' })).toThrow(
      new SiteConfigError('AIRLOCK_SITE_CULL_INTERVAL_MS must be a number of milliseconds from 100 to 3600000, not "50"'),
    );
    expect(() => readSiteConfig({ AIRLOCK_SITE_LINK_TICK_MS: '50' })).toThrow(
      new SiteConfigError('AIRLOCK_SITE_LINK_TICK_MS must be 0 or a number of milliseconds from 100 to 3600000, not "50"'),
    );
    expect(() => readSiteConfig({ AIRLOCK_SITE_LINK_RETRY_MAX_MS: '10' })).toThrow(
      new SiteConfigError('AIRLOCK_SITE_LINK_RETRY_MAX_MS must be a number of milliseconds from 100 to 3600000, not "10"'),
    );
    expect(() => readSiteConfig({ AIRLOCK_SITE_TLS_CERT: 'site.crt' })).toThrow(
      new SiteConfigError('set both AIRLOCK_SITE_TLS_CERT and AIRLOCK_SITE_TLS_KEY, or neither'),
    );
    expect(() => readSiteConfig({ AIRLOCK_SITE_TLS_POLL_MS: '5' })).toThrow(/AIRLOCK_SITE_TLS_POLL_MS must be a number of milliseconds from 10/);
    expect(() => readSiteConfig({ AIRLOCK_SITE_ALLOW_PLAIN_HTTP: 'yes' })).toThrow('AIRLOCK_SITE_ALLOW_PLAIN_HTTP must be true or false, not "yes"');
    expect(() => readSiteConfig({ AIRLOCK_SITE_TRUST_PROXY: 'true' })).toThrow(
      new SiteConfigError(
        'AIRLOCK_SITE_TRUST_PROXY must list proxy addresses, CIDR ranges or loopback, linklocal, uniquelocal, separated by commas; "true" is none of these',
      ),
    );
  });

  it('states the package version as the site version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(SITE_VERSION).toBe(pkg.version);
  });
});

describe('the test clock file', () => {
  it('reads the instant in the file at every reading, and refuses anything else', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airlock-clock-'));
    const file = join(dir, 'clock');
    try {
      const clock = fileClock(file);
      await writeFile(file, '2026-11-23T10:00:00Z\n');
      expect(clock.now()).toEqual(new Date('2026-11-23T10:00:00Z'));
      await writeFile(file, '2026-12-01T00:00:00.000Z');
      expect(clock.now()).toEqual(new Date('2026-12-01T00:00:00Z'));
      await writeFile(file, 'tomorrow');
      expect(() => clock.now()).toThrow('holds no ISO 8601 instant');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
