import { join, resolve } from 'node:path';
import type { StoreConfig } from './db/database.ts';

/**
 * The authority's configuration, read from the environment once, in `main.ts`:
 *
 * | variable                 | default               | meaning                                                    |
 * |--------------------------|-----------------------|------------------------------------------------------------|
 * | `AIRLOCK_DATA_DIR`       | `./.data/authority`   | embedded database (`pglite/`) and the default key file     |
 * | `DATABASE_URL`           | —                     | a PostgreSQL server instead of the embedded database       |
 * | `AIRLOCK_HOST`           | `127.0.0.1`           | address to listen on (`0.0.0.0` for every interface)        |
 * | `AIRLOCK_PORT`           | `7300`                | port to listen on (`0`: any free port)                     |
 * | `AIRLOCK_KEY_PASSPHRASE` | —                     | passphrase the private keys are sealed under (12+ chars)   |
 * | `AIRLOCK_KEY_FILE`       | —                     | a file holding that passphrase instead                     |
 * | `AIRLOCK_LOG_LEVEL`      | `info`                | `fatal` `error` `warn` `info` `debug` `trace` `silent`     |
 *
 * Without a passphrase or a key file, the key file `<data dir>/authority.key` is used, and made
 * (0600) on the first start.
 */
export interface AuthorityConfig {
  readonly dataDir: string;
  readonly store: StoreConfig;
  readonly host: string;
  readonly port: number;
  readonly keySecret: KeySecretSource;
  readonly logLevel: LogLevel;
}

/** Where the passphrase that seals the private keys comes from. */
export type KeySecretSource =
  | { readonly kind: 'passphrase'; readonly passphrase: string }
  | { readonly kind: 'file'; readonly path: string; readonly createIfMissing: boolean };

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** A setting the authority cannot start with; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const DEFAULT_PORT = 7300;
const MIN_PASSPHRASE_LENGTH = 12;

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Reads and checks the configuration.
 *
 * @example
 * ```ts
 * const config = readConfig(process.env);
 * ```
 */
export function readConfig(env: Environment, cwd = process.cwd()): AuthorityConfig {
  const value = (name: string) => env[name]?.trim() || undefined;
  const dataDir = resolve(cwd, value('AIRLOCK_DATA_DIR') ?? join('.data', 'authority'));
  return {
    dataDir,
    store: storeOf(value('DATABASE_URL'), dataDir),
    host: value('AIRLOCK_HOST') ?? '127.0.0.1',
    port: portOf(value('AIRLOCK_PORT')),
    keySecret: keySecretOf(env.AIRLOCK_KEY_PASSPHRASE, value('AIRLOCK_KEY_FILE'), dataDir, cwd),
    logLevel: logLevelOf(value('AIRLOCK_LOG_LEVEL')),
  };
}

function storeOf(url: string | undefined, dataDir: string): StoreConfig {
  if (url === undefined) return { kind: 'embedded', dataDir: join(dataDir, 'pglite') };
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  return { kind: 'postgres', url };
}

function portOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65_535)) throw new ConfigError(`AIRLOCK_PORT must be a port number from 0 to 65535, not "${text}"`);
  return port;
}

function keySecretOf(passphrase: string | undefined, file: string | undefined, dataDir: string, cwd: string): KeySecretSource {
  if (passphrase !== undefined && passphrase !== '') {
    if (file !== undefined) throw new ConfigError('set AIRLOCK_KEY_PASSPHRASE or AIRLOCK_KEY_FILE, not both');
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new ConfigError(`AIRLOCK_KEY_PASSPHRASE must be at least ${MIN_PASSPHRASE_LENGTH} characters long`);
    return { kind: 'passphrase', passphrase };
  }
  if (file !== undefined) return { kind: 'file', path: resolve(cwd, file), createIfMissing: false };
  return { kind: 'file', path: join(dataDir, 'authority.key'), createIfMissing: true };
}

function logLevelOf(level: string | undefined): LogLevel {
  if (level === undefined) return 'info';
  if (!(logLevels as readonly string[]).includes(level)) throw new ConfigError(`AIRLOCK_LOG_LEVEL must be one of ${logLevels.join(', ')}`);
  return level as LogLevel;
}
