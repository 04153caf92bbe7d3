import { homedir } from 'node:os';
import { parseTrustedProxies, type TlsFiles } from '@airlock/http';
import { join, resolve } from 'node:path';

/**
 * The site's configuration, read from the environment once, by `main.ts`:
 *
 * | variable                        | default                 | meaning                                                   |
 * |---------------------------------|-------------------------|-----------------------------------------------------------|
 * | `AIRLOCK_SITE_DATA_DIR`         | `./.data/site`          | the site's identity (`site.json`) and its ledger          |
 * | `AIRLOCK_SITE_HOST`             | `127.0.0.1`             | address to listen on (beyond loopback: TLS, or say plain) |
 * | `AIRLOCK_SITE_PORT`             | `7400`                  | port to listen on (`0`: any free port)                    |
 * | `AIRLOCK_SITE_PASSPHRASE`       | —                       | passphrase the site's keys are sealed under (12+ chars)   |
 * | `AIRLOCK_SITE_PASSPHRASE_FILE`  | —                       | a file holding that passphrase instead                    |
 * | `AIRLOCK_SITE_WITNESS_DIR`      | `~/.local/state/airlock`| at init: where the ledger's witness goes (then recorded)  |
 * | `AIRLOCK_SITE_WITNESS_MOVED`    | `false`                 | `true`: the witness was moved to `AIRLOCK_SITE_WITNESS_DIR`|
 * | `AIRLOCK_SITE_NEW_WITNESS`      | `false`                 | `true`: the witness is lost; start a new one (once)       |
 * | `AIRLOCK_SITE_LOG_LEVEL`        | `info`                  | `fatal` `error` `warn` `info` `debug` `trace` `silent`    |
 * | `AIRLOCK_SITE_TEST_CLOCK_FILE`  | —                       | tests only: the site's time is the instant in this file   |
 * | `AIRLOCK_SITE_TLS_CERT`         | —                       | PEM certificate chain: serve HTTPS (reloaded on change)   |
 * | `AIRLOCK_SITE_TLS_KEY`          | —                       | PEM private key of that certificate                       |
 * | `AIRLOCK_SITE_TLS_POLL_MS`      | `2000`                  | how often the certificate files are checked for a change  |
 * | `AIRLOCK_SITE_ALLOW_PLAIN_HTTP` | `false`                 | `true`: plain HTTP beyond loopback (a TLS proxy in front) |
 * | `AIRLOCK_SITE_TRUST_PROXY`      | —                       | proxies whose `X-Forwarded-For` names the client          |
 * | `AIRLOCK_SITE_CULL_INTERVAL_MS` | `15000`                 | how often leases whose heartbeats stopped are ended       |
 * | `AIRLOCK_SITE_LINK_TICK_MS`     | `30000`                 | how often connected tenants' links look at their schedule (`0`: only when asked) |
 * | `AIRLOCK_SITE_LINK_RETRY_MAX_MS`| `900000`                | the longest wait between the link's retries after a failure (from 5 s, doubling) |
 * | `AIRLOCK_SITE_AUTHORITY_CA`     | —                       | PEM file of the private CA of the authority's TLS certificate (connected mode) |
 * | `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY` | —               | the proxy the link reaches the authority through, and the hosts it does not |
 */
export interface SiteConfig {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly passphrase: PassphraseSource;
  /** `AIRLOCK_SITE_WITNESS_DIR`, or its default: where `init` puts the witness. A start uses the recorded one (`witness-location.ts`). */
  readonly witnessDir: string;
  /** Whether `AIRLOCK_SITE_WITNESS_DIR` was set: at start it must then match the recorded directory, unless `witnessMoved`. */
  readonly witnessDirGiven: boolean;
  readonly witnessMoved: boolean;
  readonly newWitness: boolean;
  readonly logLevel: LogLevel;
  /** Null in production: the system clock. */
  readonly testClockFile: string | null;
  /** The certificate and key to serve HTTPS with, or null for plain HTTP (loopback only, unless allowed). */
  readonly tls: TlsFiles | null;
  /** How often the certificate files are polled for a renewal (ms). */
  readonly tlsPollMs: number;
  readonly allowPlainHttp: boolean;
  /** Reverse proxies whose `X-Forwarded-For` is believed (sign-in limits count clients, not the proxy). */
  readonly trustProxy: readonly string[];
  /** How often leases whose heartbeats stopped are culled (ms; docs/floating.md). */
  readonly cullInterval: number;
  /** How often the link of connected tenants looks at its schedule (ms; 0: only when asked; docs/connected.md). */
  readonly linkTick: number;
  /** The longest wait between the link's retries after a failure (ms; the first is 5 s, or this if shorter). */
  readonly linkRetryMax: number;
  /** A PEM file of certificate authorities the link trusts beside the system's, or null. */
  readonly authorityCa: string | null;
}

/** Where the passphrase that seals the site's keys comes from. */
export type PassphraseSource =
  { readonly kind: 'passphrase'; readonly passphrase: string } | { readonly kind: 'file'; readonly path: string } | { readonly kind: 'missing' };

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** A setting the site cannot run with; the message names the variable. */
export class SiteConfigError extends Error {
  override readonly name = 'SiteConfigError';
}

export const DEFAULT_SITE_PORT = 7400;

/** The variables `decideListen` names when it explains where the site listens. */
export const siteListenVariables = {
  host: 'AIRLOCK_SITE_HOST',
  cert: 'AIRLOCK_SITE_TLS_CERT',
  key: 'AIRLOCK_SITE_TLS_KEY',
  allowPlainHttp: 'AIRLOCK_SITE_ALLOW_PLAIN_HTTP',
} as const;

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
    witnessDirGiven: value('AIRLOCK_SITE_WITNESS_DIR') !== undefined,
    witnessMoved: booleanOf('AIRLOCK_SITE_WITNESS_MOVED', value('AIRLOCK_SITE_WITNESS_MOVED')),
    newWitness: booleanOf('AIRLOCK_SITE_NEW_WITNESS', value('AIRLOCK_SITE_NEW_WITNESS')),
    logLevel: logLevelOf(value('AIRLOCK_SITE_LOG_LEVEL')),
    testClockFile: clockFile === undefined ? null : resolve(cwd, clockFile),
    tls: tlsOf(value('AIRLOCK_SITE_TLS_CERT'), value('AIRLOCK_SITE_TLS_KEY'), cwd),
    tlsPollMs: pollOf(value('AIRLOCK_SITE_TLS_POLL_MS')),
    allowPlainHttp: booleanOf('AIRLOCK_SITE_ALLOW_PLAIN_HTTP', value('AIRLOCK_SITE_ALLOW_PLAIN_HTTP')),
    trustProxy: parseTrustedProxies('AIRLOCK_SITE_TRUST_PROXY', value('AIRLOCK_SITE_TRUST_PROXY'), (message) => new SiteConfigError(message)),
    cullInterval: cullIntervalOf(value('AIRLOCK_SITE_CULL_INTERVAL_MS')),
    linkTick: linkTickOf(value('AIRLOCK_SITE_LINK_TICK_MS')),
    linkRetryMax: linkRetryMaxOf(value('AIRLOCK_SITE_LINK_RETRY_MAX_MS')),
    authorityCa: value('AIRLOCK_SITE_AUTHORITY_CA') === undefined ? null : resolve(cwd, value('AIRLOCK_SITE_AUTHORITY_CA')!),
  };
}

function linkTickOf(text: string | undefined): number {
  if (text === undefined) return 30_000;
  const ms = /^\d{1,8}$/.test(text) ? Number(text) : NaN;
  if (!(ms === 0 || (ms >= 100 && ms <= 3_600_000)))
    throw new SiteConfigError(`AIRLOCK_SITE_LINK_TICK_MS must be 0 or a number of milliseconds from 100 to 3600000, not "${text}"`);
  return ms;
}

function linkRetryMaxOf(text: string | undefined): number {
  if (text === undefined) return 15 * 60_000;
  const ms = /^\d{1,8}$/.test(text) ? Number(text) : NaN;
  if (!(ms >= 100 && ms <= 3_600_000))
    throw new SiteConfigError(`AIRLOCK_SITE_LINK_RETRY_MAX_MS must be a number of milliseconds from 100 to 3600000, not "${text}"`);
  return ms;
}

function cullIntervalOf(text: string | undefined): number {
  if (text === undefined) return 15_000;
  const ms = /^\d{1,8}$/.test(text) ? Number(text) : NaN;
  if (!(ms >= 100 && ms <= 3_600_000))
    throw new SiteConfigError(`AIRLOCK_SITE_CULL_INTERVAL_MS must be a number of milliseconds from 100 to 3600000, not "${text}"`);
  return ms;
}

function tlsOf(certFile: string | undefined, keyFile: string | undefined, cwd: string): TlsFiles | null {
  if (certFile === undefined && keyFile === undefined) return null;
  if (certFile === undefined || keyFile === undefined) throw new SiteConfigError('set both AIRLOCK_SITE_TLS_CERT and AIRLOCK_SITE_TLS_KEY, or neither');
  return { certFile: resolve(cwd, certFile), keyFile: resolve(cwd, keyFile) };
}

function pollOf(text: string | undefined): number {
  if (text === undefined) return 2_000;
  const ms = /^\d{1,7}$/.test(text) ? Number(text) : NaN;
  if (!(ms >= 10)) throw new SiteConfigError(`AIRLOCK_SITE_TLS_POLL_MS must be a number of milliseconds from 10, not "${text}"`);
  return ms;
}

function booleanOf(name: string, text: string | undefined): boolean {
  if (text === undefined || text === 'false' || text === '0') return false;
  if (text === 'true' || text === '1') return true;
  throw new SiteConfigError(`${name} must be true or false, not "${text}"`);
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
