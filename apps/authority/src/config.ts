import { join, resolve } from 'node:path';
import { parseTrustedProxies, type TlsFiles } from '@airlock/http';
import type { StoreConfig } from './db/database.ts';
import { DEFAULT_THRESHOLDS, parseThresholds } from './features/reminders/reminder-thresholds.ts';

/**
 * The authority's configuration, read from the environment once, in `main.ts`:
 *
 * | variable                 | default               | meaning                                                    |
 * |--------------------------|-----------------------|------------------------------------------------------------|
 * | `AIRLOCK_DATA_DIR`       | `./.data/authority`   | embedded database (`pglite/`) and the default key file     |
 * | `DATABASE_URL`           | —                     | a PostgreSQL server instead of the embedded database       |
 * | `AIRLOCK_PG_PREPARED_STATEMENTS` | `true`        | repeated statements are prepared on the server (`false` behind a pooler that cannot keep them) |
 * | `AIRLOCK_HOST`           | `127.0.0.1`           | address to listen on (`0.0.0.0` for every interface)        |
 * | `AIRLOCK_PORT`           | `7300`                | port to listen on (`0`: any free port)                     |
 * | `AIRLOCK_KEY_PASSPHRASE` | —                     | passphrase the private keys are sealed under (12+ chars)   |
 * | `AIRLOCK_KEY_FILE`       | —                     | a file holding that passphrase instead                     |
 * | `AIRLOCK_LOG_LEVEL`      | `info`                | `fatal` `error` `warn` `info` `debug` `trace` `silent`     |
 * | `AIRLOCK_TLS_CERT`       | —                     | PEM certificate chain: serve HTTPS (reloaded on change)    |
 * | `AIRLOCK_TLS_KEY`        | —                     | PEM private key of that certificate                        |
 * | `AIRLOCK_TLS_POLL_MS`    | `2000`                | how often the certificate files are checked for a change   |
 * | `AIRLOCK_SMTP_URL`       | —                     | `smtp://host:port` or `smtps://user:pass@host`: license letters |
 * | `AIRLOCK_MAIL_FROM`      | —                     | sender of license letters (needed with `AIRLOCK_SMTP_URL`) |
 * | `AIRLOCK_PUBLIC_URL`     | —                     | the authority's address for customers, linked from letters |
 * | `AIRLOCK_REMINDERS`      | `true`                | e-mail expiry reminders to customers' contacts (`false`: none) |
 * | `AIRLOCK_REMINDER_DAYS`  | `30,7,1`              | days before a deadline at which reminders go out            |
 * | `AIRLOCK_WEBHOOK_ALLOW_HTTP` | `false`           | webhooks may use plain http to any host, not only to this machine |
 * | `AIRLOCK_WEBHOOK_TIMEOUT_MS` | `10000`           | how long one webhook POST may take                          |
 * | `AIRLOCK_WEBHOOK_POLL_MS`    | `10000`           | how often webhook deliveries due are looked for             |
 * | `AIRLOCK_WEBHOOK_RETRY_BASE_MS` | `30000`        | the first retry's wait (doubling, at most an hour)          |
 * | `AIRLOCK_TRUST_PROXY`    | —                     | proxies whose `X-Forwarded-For` names the client: addresses, CIDRs, `loopback`, `linklocal`, `uniquelocal` |
 *
 * Without a passphrase or a key file, the key file `<data dir>/authority.key` is used, and made
 * (0600) on the first start.
 */
export interface AuthorityConfig {
  readonly dataDir: string;
  readonly store: StoreConfig;
  /** The host asked for (`AIRLOCK_HOST`), or undefined to let the listening policy choose loopback. */
  readonly host: string | undefined;
  readonly port: number;
  readonly keySecret: KeySecretSource;
  readonly logLevel: LogLevel;
  /** The certificate and key to serve HTTPS with, or null for plain HTTP (loopback only unless allowed). */
  readonly tls: TlsFiles | null;
  /** How often the certificate files are polled for a renewal (ms). */
  readonly tlsPollMs: number;
  readonly allowPlainHttp: boolean;
  /** Outgoing mail for license letters, or undefined without `AIRLOCK_SMTP_URL`: letters then wait in the outbox. */
  readonly mail: MailConfig | undefined;
  /** The authority's address as customers reach it, for the links in letters. */
  readonly publicUrl: string | undefined;
  /**
   * The reverse proxies (addresses, CIDR ranges or `proxy-addr` keywords) whose `X-Forwarded-For`
   * is believed, so that rate limits and the audit log see the client and not the proxy. Empty:
   * the header is ignored, as a client could forge it to slip past its rate limit.
   */
  readonly trustProxy: readonly string[];
  /** Expiry reminders (README, "Expiry reminders"): on or off, and the days before a deadline, largest first. */
  readonly reminders: { readonly enabled: boolean; readonly thresholds: readonly number[] };
  /** Webhook delivery (README, "Webhooks"); the timings are shortened by tests. */
  readonly webhooks: WebhookConfig;
}

export interface WebhookConfig {
  readonly allowHttp: boolean;
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly retryBaseMs: number;
}

/** Where license letters go out, and who they come from. */
export interface MailConfig {
  readonly smtpUrl: string;
  readonly from: string;
}

/** The environment variables the listening policy names in what it says. */
export const listenVariables = {
  host: 'AIRLOCK_HOST',
  cert: 'AIRLOCK_TLS_CERT',
  key: 'AIRLOCK_TLS_KEY',
  allowPlainHttp: 'AIRLOCK_ALLOW_PLAIN_HTTP',
} as const;

/** Where the passphrase that seals the private keys comes from. */
export type KeySecretSource =
  { readonly kind: 'passphrase'; readonly passphrase: string } | { readonly kind: 'file'; readonly path: string; readonly createIfMissing: boolean };

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
    store: storeOf(value('DATABASE_URL'), dataDir, booleanOf('AIRLOCK_PG_PREPARED_STATEMENTS', value('AIRLOCK_PG_PREPARED_STATEMENTS') ?? 'true')),
    host: value('AIRLOCK_HOST'),
    port: portOf(value('AIRLOCK_PORT')),
    keySecret: keySecretOf(env.AIRLOCK_KEY_PASSPHRASE, value('AIRLOCK_KEY_FILE'), dataDir, cwd),
    logLevel: logLevelOf(value('AIRLOCK_LOG_LEVEL')),
    tls: tlsOf(value('AIRLOCK_TLS_CERT'), value('AIRLOCK_TLS_KEY'), cwd),
    tlsPollMs: pollOf(value('AIRLOCK_TLS_POLL_MS')),
    allowPlainHttp: booleanOf('AIRLOCK_ALLOW_PLAIN_HTTP', value('AIRLOCK_ALLOW_PLAIN_HTTP')),
    mail: mailOf(value('AIRLOCK_SMTP_URL'), value('AIRLOCK_MAIL_FROM')),
    publicUrl: publicUrlOf(value('AIRLOCK_PUBLIC_URL')),
    trustProxy: parseTrustedProxies('AIRLOCK_TRUST_PROXY', value('AIRLOCK_TRUST_PROXY'), (message) => new ConfigError(message)),
    reminders: {
      enabled: booleanOf('AIRLOCK_REMINDERS', value('AIRLOCK_REMINDERS') ?? 'true'),
      thresholds: thresholdsOf(value('AIRLOCK_REMINDER_DAYS')),
    },
    webhooks: {
      allowHttp: booleanOf('AIRLOCK_WEBHOOK_ALLOW_HTTP', value('AIRLOCK_WEBHOOK_ALLOW_HTTP')),
      timeoutMs: millisecondsOf('AIRLOCK_WEBHOOK_TIMEOUT_MS', value('AIRLOCK_WEBHOOK_TIMEOUT_MS'), 10_000),
      pollMs: millisecondsOf('AIRLOCK_WEBHOOK_POLL_MS', value('AIRLOCK_WEBHOOK_POLL_MS'), 10_000),
      retryBaseMs: millisecondsOf('AIRLOCK_WEBHOOK_RETRY_BASE_MS', value('AIRLOCK_WEBHOOK_RETRY_BASE_MS'), 30_000),
    },
  };
}

function millisecondsOf(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const ms = Number(text);
  if (!(Number.isInteger(ms) && ms >= 10 && ms <= 3_600_000))
    throw new ConfigError(`${name} must be a whole number of milliseconds from 10 to 3600000, not "${text}"`);
  return ms;
}

function mailOf(smtpUrl: string | undefined, from: string | undefined): MailConfig | undefined {
  if (smtpUrl === undefined) return undefined;
  if (!/^smtps?:\/\/[^/]/.test(smtpUrl) || !URL.canParse(smtpUrl)) throw new ConfigError('AIRLOCK_SMTP_URL must be an smtp:// or smtps:// URL');
  if (from === undefined) throw new ConfigError('AIRLOCK_MAIL_FROM is required with AIRLOCK_SMTP_URL: the address license letters come from');
  if (!/^[^\r\n]*@[^\r\n]+$/.test(from))
    throw new ConfigError('AIRLOCK_MAIL_FROM must be an e-mail address, optionally with a name: Licenses <licenses@vendor.example>');
  return { smtpUrl, from };
}

function thresholdsOf(text: string | undefined): readonly number[] {
  if (text === undefined) return DEFAULT_THRESHOLDS;
  const thresholds = parseThresholds(text);
  if (!thresholds)
    throw new ConfigError(`AIRLOCK_REMINDER_DAYS must be whole days from 1 to 365, separated by commas, each once (such as 30,7,1), not "${text}"`);
  return thresholds;
}

function publicUrlOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  if (!/^https?:\/\//.test(url) || !URL.canParse(url)) throw new ConfigError('AIRLOCK_PUBLIC_URL must be an http:// or https:// URL');
  return url.replace(/\/+$/, '');
}

function tlsOf(certFile: string | undefined, keyFile: string | undefined, cwd: string): TlsFiles | null {
  if (certFile === undefined && keyFile === undefined) return null;
  if (certFile === undefined || keyFile === undefined) throw new ConfigError('set both AIRLOCK_TLS_CERT and AIRLOCK_TLS_KEY, or neither');
  return { certFile: resolve(cwd, certFile), keyFile: resolve(cwd, keyFile) };
}

function pollOf(text: string | undefined): number {
  if (text === undefined) return 2_000;
  const ms = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
  if (!(ms >= 10)) throw new ConfigError(`AIRLOCK_TLS_POLL_MS must be a number of milliseconds from 10, not "${text}"`);
  return ms;
}

function booleanOf(name: string, text: string | undefined): boolean {
  if (text === undefined || text === 'false' || text === '0') return false;
  if (text === 'true' || text === '1') return true;
  throw new ConfigError(`${name} must be true or false, not "${text}"`);
}

function storeOf(url: string | undefined, dataDir: string, preparedStatements: boolean): StoreConfig {
  if (url === undefined) return { kind: 'embedded', dataDir: join(dataDir, 'pglite') };
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  return { kind: 'postgres', url, preparedStatements };
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
