import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { isAirlockError, type Random } from '@airlock/core';
import { type Clock } from '@airlock/core/internal';
import { decideListen, ListenPolicyError, loadTls, serveTlsFiles, stopSignal, TlsError } from '@airlock/http';
import type { FastifyInstance } from 'fastify';
import { ensureOperatorToken, operatorTokenFileOf } from './accounts/operator-token.ts';
import { readSiteConfig, SiteConfigError, siteListenVariables, type PassphraseSource, type SiteConfig } from './config.ts';
import { readRestoreMarker, removeRestoreMarker } from './backup/restore-site.ts';
import { createSiteApp } from './http/app.ts';
import { ledgerDirectoryOf, openSiteIdentity, recordWitnessDir } from './identity/site-identity.ts';
import { locateWitness } from './identity/witness-location.ts';
import { LedgerLockedError, openLedger, type LedgerStorage } from './ledger/index.ts';
import { fileClock, ledgerStamp, systemClock } from './process/site-clock.ts';
import { AuthorityClient, readAuthorityCa } from './site/authority-client.ts';
import { Site } from './site/site.ts';
import { DEFAULT_BACKOFF } from './site/site-link.ts';
import type { SiteEvent } from './state/site-events.ts';
import { SITE_VERSION } from './version.ts';

/** Where the site tells its operator what it is doing (stderr; the JSON logs go to stdout). */
export type Say = (line: string) => void;

export interface RunningSite {
  readonly app: FastifyInstance;
  readonly site: Site;
  /** The address it listens on, e.g. `http://127.0.0.1:7400` (or `https://…` with a certificate). */
  readonly url: string;
  /** Stops taking requests, lets those under way finish, then saves a checkpoint and closes the ledger. */
  close(): Promise<void>;
}

export const systemRandom: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };
const sayOnStderr: Say = (line) => process.stderr.write(`${line}\n`);

/**
 * The passphrase the site's keys are sealed under, from the environment or a file.
 *
 * @example
 * ```ts
 * const passphrase = await readPassphrase(config.passphrase);
 * ```
 */
export async function readPassphrase(source: PassphraseSource): Promise<string> {
  if (source.kind === 'passphrase') return source.passphrase;
  if (source.kind === 'missing') throw new SiteConfigError("set AIRLOCK_SITE_PASSPHRASE or AIRLOCK_SITE_PASSPHRASE_FILE: the site's keys are sealed under it");
  let text: string;
  try {
    text = await readFile(source.path, 'utf8');
  } catch (error) {
    throw new SiteConfigError(`cannot read AIRLOCK_SITE_PASSPHRASE_FILE ${source.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const passphrase = text.trim();
  if (passphrase === '') throw new SiteConfigError(`the passphrase file ${source.path} is empty`);
  return passphrase;
}

/** The clock the configuration asks for: the system's, or a test's file clock (said aloud). */
export function clockOf(config: SiteConfig, say: Say): Clock {
  if (config.testClockFile === null) return systemClock;
  say(`Warning: AIRLOCK_SITE_TEST_CLOCK_FILE is set: this site's time is read from ${config.testClockFile}. Tests only; never in production.`);
  return fileClock(config.testClockFile);
}

/** The PEM text of `AIRLOCK_SITE_AUTHORITY_CA`, read before anything is opened: a file that cannot be read stops the start. */
function authorityCaOf(config: SiteConfig): string | null {
  try {
    return readAuthorityCa(config.authorityCa);
  } catch (error) {
    throw new SiteConfigError(`AIRLOCK_SITE_AUTHORITY_CA names ${config.authorityCa ?? ''}, which cannot be read: ${(error as Error).message}`);
  }
}

/**
 * The one place the site's dependencies are wired: its identity (unsealed with the
 * passphrase), the clock, its ledger (verified at open), the state rebuilt from it, the
 * operator token, the TLS certificate (reloaded when its files change), the HTTP app. Then it
 * listens: without a certificate, on the loopback interface only unless told otherwise, and it
 * says where and why.
 *
 * @example
 * ```ts
 * const running = await startSite(readSiteConfig(process.env));
 * // ... later
 * await running.close();
 * ```
 */
export async function startSite(config: SiteConfig, say: Say = sayOnStderr): Promise<RunningSite> {
  const listen = decideListen({ host: config.host, tls: config.tls !== null, allowPlainHttp: config.allowPlainHttp, variables: siteListenVariables });
  const tls = config.tls ? await loadTls(config.tls) : null;
  const authorityCa = authorityCaOf(config);
  const passphrase = await readPassphrase(config.passphrase);
  const identity = await openSiteIdentity(config.dataDir, passphrase);
  const operator = await ensureOperatorToken(config.dataDir, systemRandom);
  if (operator.created)
    say(`Created the operator token ${operatorTokenFileOf(config.dataDir)} (mode 0600): the airlock site commands on this machine authenticate with it.`);
  const clock = clockOf(config, say);
  const stamp = ledgerStamp(clock);
  const witness = await locateWitness(config.dataDir, identity.guid, {
    given: config.witnessDirGiven ? config.witnessDir : null,
    fallback: config.witnessDir,
    moved: config.witnessMoved,
    newWitness: config.newWitness,
  });
  if (witness.notice !== null) say(witness.notice);
  // Said on stderr until the app's logger exists; then logged too (error level while unwritable).
  let tellStorage = (storage: LedgerStorage) => say(storageSentence(storage));
  // `airlock site restore` names the head it put back: a ledger behind its witness from there is a declared restore.
  const restoredHead = await readRestoreMarker(config.dataDir);
  const opened = await openLedger<SiteEvent>({
    directory: ledgerDirectoryOf(config.dataDir),
    key: identity.ledgerKey,
    witnessFile: witness.file,
    now: stamp.now,
    onStorageChange: (storage) => tellStorage(storage),
    restoredHead,
  });
  if (witness.record)
    await recordWitnessDir(config.dataDir, witness.directory).catch(async (error: unknown) => {
      await opened.ledger.close();
      throw error;
    });
  stamp.attach(opened.ledger);
  const site = await Site.open({
    identity,
    ledger: opened,
    clock,
    random: systemRandom,
    siteVersion: SITE_VERSION,
    cullInterval: config.cullInterval,
    // Connected mode's link (docs/connected.md): the proxy variables come from the environment as curl reads them.
    link: {
      tick: config.linkTick,
      backoff: { first: Math.min(DEFAULT_BACKOFF.first, config.linkRetryMax), max: config.linkRetryMax },
      client: new AuthorityClient({ ca: authorityCa, env: process.env }),
    },
    onCheckpointError: (error) =>
      say(`Warning: a ledger checkpoint could not be saved (the ledger has every record; the next start replays more): ${(error as Error).message}`),
  });
  try {
    if (opened.restore) {
      const { reached, restored } = opened.restore;
      say(
        `Warning: this site was restored from a backup: its ledger once reached ${reached.sequence} and was put back to ${restored.sequence}. Licensed work is refused (REBASELINE_REQUIRED) until each tenant's next LFR is accepted by the vendor and its OLF installed.`,
      );
    } else if (restoredHead !== null && opened.verification.ok && !site.awaitsRebaseline()) await removeRestoreMarker(config.dataDir);
    if (!opened.verification.ok) {
      const { code, detail } = opened.verification.problem;
      say(`Warning: the ledger did not verify (${code} ${JSON.stringify(detail)}): licensed work is refused and the status of every tenant says tampered.`);
    }
    const app = await createSiteApp({
      site,
      dataDir: config.dataDir,
      operatorToken: operator.token,
      logger: { level: config.logLevel },
      version: SITE_VERSION,
      trustProxy: config.trustProxy,
      ...(tls ? { https: tls } : {}),
    });
    tellStorage = (storage) => {
      const sentence = storageSentence(storage);
      const facts = { storage: { writable: storage.writable, since: storage.since, cause: storage.cause, message: storage.message } };
      if (storage.writable) app.log.warn(facts, sentence);
      else app.log.error(facts, sentence);
      say(sentence);
    };
    // Connected mode (docs/connected.md): the link lost is a warning, its other moves are news.
    site.link.onStateChange((tenant, link) => {
      const facts = {
        tenant,
        link: { state: link.state, authorityUrl: link.authorityUrl, linkLostSince: link.linkLostSince, lastError: link.lastError, olfDueBy: link.olfDueBy },
      };
      if (link.state === 'link-lost') app.log.warn(facts, `tenant ${tenant}: ${link.summary}`);
      else app.log.info(facts, `tenant ${tenant}: ${link.summary}`);
    });
    const url = await app.listen({ host: listen.host, port: config.port });
    say(`Airlock site ${identity.guid} listening on ${url} (data in ${config.dataDir}, ledger at ${opened.ledger.head().sequence}); ${listen.notice}.`);
    const reloader = tls && config.tls ? serveTlsFiles(app.server, config.tls, tls, config.tlsPollMs, say) : null;
    return {
      app,
      site,
      url,
      async close() {
        reloader?.close();
        await app.close();
        await site.close();
      },
    };
  } catch (error) {
    await site.close();
    throw error;
  }
}

/**
 * Reads the configuration, starts the site and runs it until SIGTERM or SIGINT. Resolves with
 * the process's exit code: 0 after a clean stop, 1 when it cannot start (the reason and its
 * code said), 2 for a configuration error or a data directory a newer release wrote
 * (`SITE_DATA_TOO_NEW`, left untouched).
 *
 * @example
 * ```ts
 * process.exitCode = await runSite(process.env);
 * ```
 */
export async function runSite(env: Readonly<Record<string, string | undefined>>, say: Say = sayOnStderr): Promise<number> {
  let running: RunningSite;
  try {
    running = await startSite(readSiteConfig(env), say);
  } catch (error) {
    return explainStartFailure(error, say);
  }
  const signal = await stopSignal();
  say(`Received ${signal}: finishing the requests under way, saving a checkpoint, then stopping.`);
  await running.close();
  return 0;
}

/** What the operator is told when the ledger's disk stops, or starts again, taking writes. */
export function storageSentence(storage: LedgerStorage): string {
  if (storage.writable) return 'The ledger can be written again: the site records changes again.';
  const hint = storage.cause === 'ENOSPC' || storage.cause === 'EDQUOT' ? 'free space on its disk' : 'check its disk';
  return `Error: the ledger cannot be written (${storage.cause ?? 'EUNKNOWN'}: ${storage.message ?? 'unknown'}) since ${storage.since ?? 'now'}: every change is refused with LEDGER_UNAVAILABLE until it can; ${hint}, and the site tries again by itself.`;
}

/** I/O errors a start can meet on a full, failing or read-only disk: said in a sentence, not a stack. */
const STORAGE_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full: free space on it, then start again',
  EDQUOT: 'the disk quota is used up: free space or raise the quota, then start again',
  EIO: 'the disk failed to read or write: check it (dmesg, SMART), then start again',
  EROFS: 'the file system is read-only: mount it read-write, then start again',
  EACCES: "permission denied: the site's user must own its data and witness directories",
  EPERM: "operation not permitted: the site's user must own its data and witness directories",
};

/** Says why the site cannot start, and returns the exit code for it. */
export function explainStartFailure(error: unknown, say: Say): number {
  if (error instanceof SiteConfigError || error instanceof ListenPolicyError || error instanceof TlsError) {
    say(`airlock: ${error.message}`);
    return 2;
  }
  if (isAirlockError(error) && error.code === 'SITE_DATA_TOO_NEW') {
    say(`airlock: ${error.message} (${error.code}: ${JSON.stringify(error.detail)})`);
    say('airlock: run the release that wrote it (or newer), or restore the backup taken before that upgrade.');
    return 2;
  }
  if (isAirlockError(error)) {
    say(`airlock: ${error.message} (${error.code})`);
    if (error.code === 'SITE_NOT_INITIALISED') say("airlock: run `airlock site init` first, or set AIRLOCK_SITE_DATA_DIR to the site's data directory.");
    return 1;
  }
  if (error instanceof LedgerLockedError) {
    say(`airlock: ${error.message} Another site process runs on this data directory.`);
    return 1;
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string' && STORAGE_ERRORS[code] !== undefined) {
    const path = (error as NodeJS.ErrnoException).path;
    say(`airlock: the site could not start: ${STORAGE_ERRORS[code]}${path === undefined ? '' : ` (${path})`} (${code})`);
    return 1;
  }
  say(`airlock: the site could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runSite(process.env);
}
