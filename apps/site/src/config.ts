import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The site's configuration, read from the environment once, by `main.ts`:
 *
 * | variable                        | default                 | meaning                                                   |
 * |---------------------------------|-------------------------|-----------------------------------------------------------|
 * | `AIRLOCK_SITE_DATA_DIR`         | `./.data/site`          | the site's identity (`site.json`) and its ledger          |
 * | `AIRLOCK_SITE_HOST`             | `127.0.0.1`             | address to listen on                                      |
 * | `AIRLOCK_SITE_PORT`             | `7400`                  | port to listen on (`0`: any free port)                    |
 * | `AIRLOCK_SITE_PASSPHRASE`       | —                       | passphrase the site's keys are sealed under (12+ chars)   |
 * | `AIRLOCK_SITE_PASSPHRASE_FILE`  | —                       | a file holding that passphrase instead                    |
 * | `AIRLOCK_SITE_WITNESS_DIR`      | `~/.local/state/airlock`| where the ledger's witness is kept, outside the data dir  |
 * | `AIRLOCK_SITE_LOG_LEVEL`        | `info`                  | `fatal` `error` `warn` `info` `debug` `trace` `silent`    |
 * | `AIRLOCK_SITE_TEST_CLOCK_FILE`  | —                       | tests only: the site's time is the instant in this file   |
 */
export interface SiteConfig {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly passphrase: PassphraseSource;
  readonly witnessDir: string;
  readonly logLevel: LogLevel;
  /** Null in production: the system clock. */
  readonly testClockFile: string | null;
}

/** Where the passphrase that seals the site's keys comes from. */
export type PassphraseSource =
  | { readonly kind: 'passphrase'; readonly passphrase: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'missing' };

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** A setting the site cannot run with; the message names the variable. */
export class SiteConfigError extends Error {
  override readonly name = 'SiteConfigError';
}

export const DEFAULT_SITE_PORT = 7400;

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads and checks the configuration.
 *
 * @example
 * ```ts
 * const config = readSiteConfig(process.env);
 * ```
 */
export function readSiteConfig(env: Environment, cwd = process.cwd(), home = homedir()): SiteConfig {
  const value = (name: string) => env[name]?.trim() || undefined;
  const clockFile = value('AIRLOCK_SITE_TEST_CLOCK_FILE');
  return {
    dataDir: resolve(cwd, value('AIRLOCK_SITE_DATA_DIR') ?? join('.data', 'site')),
    host: value('AIRLOCK_SITE_HOST') ?? '127.0.0.1',
    port: portOf(value('AIRLOCK_SITE_PORT')),
    passphrase: passphraseOf(env.AIRLOCK_SITE_PASSPHRASE, value('AIRLOCK_SITE_PASSPHRASE_FILE'), cwd),
    witnessDir: resolve(cwd, value('AIRLOCK_SITE_WITNESS_DIR') ?? join(home, '.local', 'state', 'airlock')),
    logLevel: logLevelOf(value('AIRLOCK_SITE_LOG_LEVEL')),
    testClockFile: clockFile === undefined ? null : resolve(cwd, clockFile),
  };
}

function portOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SITE_PORT;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65_535)) throw new SiteConfigError(`AIRLOCK_SITE_PORT must be a port number from 0 to 65535, not "${text}"`);
  return port;
}

function passphraseOf(passphrase: string | undefined, file: string | undefined, cwd: string): PassphraseSource {
  if (passphrase !== undefined && passphrase !== '') {
    if (file !== undefined) throw new SiteConfigError('set AIRLOCK_SITE_PASSPHRASE or AIRLOCK_SITE_PASSPHRASE_FILE, not both');
    return { kind: 'passphrase', passphrase };
  }
  if (file !== undefined) return { kind: 'file', path: resolve(cwd, file) };
  return { kind: 'missing' };
}

function logLevelOf(level: string | undefined): LogLevel {
  if (level === undefined) return 'info';
  if (!(logLevels as readonly string[]).includes(level)) throw new SiteConfigError(`AIRLOCK_SITE_LOG_LEVEL must be one of ${logLevels.join(', ')}`);
  return level as LogLevel;
}
