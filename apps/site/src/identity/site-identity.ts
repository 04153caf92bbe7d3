import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  AirlockError,
  deriveRegistrationKey,
  generateKeyPair,
  keyId,
  keyPairFromSeed,
  parsePublicJwk,
  exportKeySeed,
  type KeyCurve,
  type KeyPair,
  type PublicJwk,
  type Random,
} from '@airlock/core';
import {
  deriveSealingKey,
  newDocumentId,
  newSealingSalt,
  openSealedSecret,
  saltOfSealed,
  SealedFormatError,
  sealSecret,
  type Clock,
} from '@airlock/core/internal';
import { argon2Hasher, generatePassword, type PasswordHasher } from '@airlock/http';
import { newOperatorToken, operatorTokenFileOf, writeOperatorToken } from '../accounts/operator-token.ts';
import { SiteConfigError } from '../config.ts';
import type { LedgerOptions, OpenedLedger } from '../ledger/ledger.ts';
import type { Actor, SiteEvent, TenantCreated } from '../state/site-events.ts';
import { isNewTenantId, TENANT_ID_RULE } from '../state/tenant-ids.ts';

/** Who the site is: its GUID, its own keys, the authority root it pins and its ledger's key. */
export interface SiteIdentity {
  readonly guid: string;
  readonly createdAt: string;
  /** The authority root public key pinned at `init`: every authority document must chain to it. */
  readonly root: PublicJwk;
  /** Signs the site's LFRs; its thumbprint is part of every Registration Key. */
  readonly signingKey: KeyPair;
  /** Receives the OLFs, which are encrypted to it. */
  readonly encryptionKey: KeyPair;
  /** 32 bytes: encrypts and authenticates the ledger and its witness. */
  readonly ledgerKey: Uint8Array;
}

/** Opens the site's ledger: the ledger module's `openLedger`, or a fake in tests. */
export type OpenLedger = (options: LedgerOptions) => Promise<OpenedLedger<SiteEvent>>;

/**
 * The format of a site's data directory, as `site.json` records it: raised by any release
 * whose data an older release could misread (a new ledger event, segment or checkpoint
 * layout), so that an older release refuses it (`SITE_DATA_TOO_NEW`) instead of guessing.
 */
export const SITE_DATA_FORMAT = 4;

/**
 * Formats this release reads: 1, before the ledger held floating seats (docs/floating.md); 2,
 * before it held the licensing mode and the link's exchanges (docs/connected.md); 3, before it
 * held two-factor sign-in (the `mfa-*` account events). A
 * directory of an earlier format is raised to `SITE_DATA_FORMAT` the first time this release
 * opens its keys, before its ledger is written, so an earlier release then refuses it.
 */
const READABLE_FORMATS: ReadonlySet<number> = new Set([1, 2, 3, SITE_DATA_FORMAT]);

/** `<data dir>/site.json`: the identity, private halves sealed under the passphrase. */
interface SiteFile {
  readonly format: number;
  readonly guid: string;
  readonly createdAt: string;
  readonly rootKey: PublicJwk;
  readonly signingKey: { readonly kid: string; readonly sealed: string };
  readonly encryptionKey: { readonly kid: string; readonly sealed: string };
  readonly ledgerKey: { readonly sealed: string };
  /** The witness directory `init` used, as an absolute path (`witness-location.ts`); absent in sites made before it was recorded. */
  readonly witnessDir?: string;
}

export const MIN_PASSPHRASE_LENGTH = 12;
export const DEFAULT_TENANT = 'default';

export const siteFileOf = (dataDir: string): string => join(dataDir, 'site.json');
export const ledgerDirectoryOf = (dataDir: string): string => join(dataDir, 'ledger');
export const witnessFileOf = (witnessDir: string, guid: string): string => join(witnessDir, `${guid}.witness`);

export interface InitSiteOptions {
  readonly dataDir: string;
  readonly passphrase: string;
  readonly rootPublicKey: PublicJwk;
  /** The tenants to create (default: `default`). More can be added later. */
  readonly tenants?: readonly string[];
  /** Where the ledger's witness goes: outside the data directory, so a restored copy of it is seen. */
  readonly witnessDir: string;
  readonly siteVersion: string;
  readonly clock: Clock;
  readonly random: Random;
  readonly openLedger: OpenLedger;
  readonly by?: Actor;
  /** The first site administrator's account name (default `admin`). */
  readonly administrator?: string;
  /** How its password is hashed (argon2id with its defaults unless a test says otherwise). */
  readonly passwords?: PasswordHasher;
}

export interface InitialisedSite {
  readonly guid: string;
  readonly rootKid: string;
  readonly tenants: readonly { readonly tenant: string; readonly registrationKey: string }[];
  readonly dataDir: string;
  readonly witnessFile: string;
  /** The first site administrator and its generated password: shown once, changed at the first sign-in. */
  readonly administrator: { readonly account: string; readonly password: string };
  /** The operator token (mode 0600): the CLI on this machine authenticates with it. */
  readonly operatorTokenFile: string;
}

/**
 * Initialises a site in an empty data directory (docs/design.md, 2: a site holds its own key pair created at
 * install): a random GUID, an Ed25519 signing key, an X25519 encryption key, a 32-byte ledger
 * key, the pinned authority root, and the ledger's first records (the site, its tenants, each
 * with its Registration Key, and its first administrator, whose generated password must be
 * changed at the first sign-in); then the operator token file (mode 0600) for the CLI. The private halves are sealed under the passphrase (scrypt and
 * AES-256-GCM). `site.json` is written last: a data directory without it holds no site.
 * Refuses a directory that already holds a site with `SITE_ALREADY_INITIALISED`.
 *
 * @example
 * ```ts
 * const site = await initSite({ dataDir, passphrase, rootPublicKey, witnessDir, siteVersion: '0.1.0', clock, random, openLedger });
 * console.log(site.guid, site.tenants[0].registrationKey);
 * ```
 */
export async function initSite(options: InitSiteOptions): Promise<InitialisedSite> {
  const { dataDir, random } = options;
  const tenants = checkTenants(options.tenants ?? [DEFAULT_TENANT]);
  checkPassphrase(options.passphrase);
  const root = parsePublicJwk(options.rootPublicKey, 'Ed25519');
  await refuseExistingSite(dataDir);

  const guid = newDocumentId(random);
  const signingKey = generateKeyPair('Ed25519', random);
  const encryptionKey = generateKeyPair('X25519', random);
  const ledgerKey = random.bytes(32);
  const sealing = await deriveSealingKey(options.passphrase, newSealingSalt(random));
  const by = options.by ?? 'site-admin';
  const administrator = options.administrator ?? 'admin';
  const password = generatePassword(random);
  const passwordHash = await (options.passwords ?? argon2Hasher()).hash(password, random);

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await mkdir(options.witnessDir, { recursive: true, mode: 0o700 });
  const witnessFile = witnessFileOf(options.witnessDir, guid);
  const opened = await options.openLedger({ directory: ledgerDirectoryOf(dataDir), key: ledgerKey, witnessFile, now: () => options.clock.now() });
  const events = siteCreated({ guid, signingKid: signingKey.kid, root, siteVersion: options.siteVersion, tenants, by });
  const created = events.filter((event): event is TenantCreated => event.t === 'tenant-created');
  try {
    await opened.ledger.append([
      ...events,
      { t: 'account-created', account: administrator, role: 'site-admin', tenant: null, passwordHash, mustChangePassword: true, by },
    ]);
  } finally {
    await opened.ledger.close();
  }

  const file: SiteFile = {
    format: SITE_DATA_FORMAT,
    guid,
    createdAt: options.clock.now().toISOString(),
    rootKey: root,
    signingKey: { kid: signingKey.kid, sealed: sealSecret(sealing, exportKeySeed(signingKey).seed, `${guid}/signing`, random) },
    encryptionKey: { kid: encryptionKey.kid, sealed: sealSecret(sealing, exportKeySeed(encryptionKey).seed, `${guid}/encryption`, random) },
    ledgerKey: { sealed: sealSecret(sealing, ledgerKey, `${guid}/ledger`, random) },
    witnessDir: resolve(options.witnessDir),
  };
  await writeOperatorToken(dataDir, newOperatorToken(random));
  await writeFileAtomically(siteFileOf(dataDir), `${JSON.stringify(file, null, 2)}\n`);
  return {
    guid,
    rootKid: keyId(root),
    tenants: created.map((event) => ({ tenant: event.tenant, registrationKey: event.rk })),
    dataDir,
    witnessFile,
    administrator: { account: administrator, password },
    operatorTokenFile: operatorTokenFileOf(dataDir),
  };
}

/** A new site's first ledger events: the site itself, then each of its tenants. */
export function siteCreated(site: {
  readonly guid: string;
  readonly signingKid: string;
  readonly root: PublicJwk;
  readonly siteVersion: string;
  readonly tenants: readonly string[];
  readonly by: Actor;
}): SiteEvent[] {
  return [
    { t: 'site-initialised', guid: site.guid, siteVersion: site.siteVersion, rootKid: keyId(site.root) },
    ...site.tenants.map((tenant) => tenantCreated(site.guid, site.signingKid, tenant, site.by)),
  ];
}

/** The ledger event that creates a tenant, with its Registration Key. */
export function tenantCreated(guid: string, signingKid: string, tenant: string, by: Actor): TenantCreated {
  return { t: 'tenant-created', tenant, rk: deriveRegistrationKey({ siteGuid: guid, tenantId: tenant, siteKeyThumbprint: signingKid }), by };
}

/**
 * Opens the identity of the site in a data directory: `SITE_NOT_INITIALISED` when there is
 * none, `SITE_PASSPHRASE_WRONG` when the passphrase does not open its sealed keys.
 *
 * @example
 * ```ts
 * const identity = await openSiteIdentity(dataDir, passphrase);
 * ```
 */
export async function openSiteIdentity(dataDir: string, passphrase: string): Promise<SiteIdentity> {
  const file = await readSiteFile(dataDir);
  if (!file) throw new AirlockError('SITE_NOT_INITIALISED', { dataDir });
  try {
    const sealing = await deriveSealingKey(passphrase, saltOfSealed(file.signingKey.sealed));
    const open = (sealed: string, label: string) => {
      const secret = openSealedSecret(sealing, sealed, `${file.guid}/${label}`);
      if (secret === null) throw new AirlockError('SITE_PASSPHRASE_WRONG', { dataDir });
      return secret;
    };
    const identity = {
      guid: file.guid,
      createdAt: file.createdAt,
      root: parsePublicJwk(file.rootKey, 'Ed25519'),
      signingKey: keyPairOf('Ed25519', open(file.signingKey.sealed, 'signing'), file.signingKey.kid),
      encryptionKey: keyPairOf('X25519', open(file.encryptionKey.sealed, 'encryption'), file.encryptionKey.kid),
      ledgerKey: open(file.ledgerKey.sealed, 'ledger'),
    };
    if (file.format < SITE_DATA_FORMAT) await writeFileAtomically(siteFileOf(dataDir), `${JSON.stringify({ ...file, format: SITE_DATA_FORMAT }, null, 2)}\n`);
    return identity;
  } catch (error) {
    if (error instanceof SealedFormatError) throw new Error(`${siteFileOf(dataDir)} is damaged: ${error.message}`, { cause: error });
    throw error;
  }
}

/** The GUID of the site in a data directory, without its passphrase (null when none is there). */
export async function readSiteGuid(dataDir: string): Promise<string | null> {
  return (await readSiteFile(dataDir))?.guid ?? null;
}

function keyPairOf(curve: KeyCurve, seed: Uint8Array, kid: string): KeyPair {
  const pair = keyPairFromSeed(curve, seed);
  if (pair.kid !== kid) throw new Error(`the sealed ${curve} key does not match the key id ${kid} recorded with it`);
  return pair;
}

async function readSiteFile(dataDir: string): Promise<SiteFile | null> {
  let text: string;
  try {
    text = await readFile(siteFileOf(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const file = JSON.parse(text) as Partial<SiteFile>;
  if (typeof file.format === 'number' && Number.isSafeInteger(file.format) && file.format > SITE_DATA_FORMAT) {
    // A newer release wrote this directory (its ledger may hold what this release cannot read): nothing more is read or written.
    throw new AirlockError('SITE_DATA_TOO_NEW', { dataDir, format: file.format, supported: SITE_DATA_FORMAT });
  }
  if (
    typeof file.format !== 'number' ||
    !READABLE_FORMATS.has(file.format) ||
    typeof file.guid !== 'string' ||
    !file.signingKey ||
    !file.encryptionKey ||
    !file.ledgerKey ||
    !file.rootKey
  ) {
    throw new Error(`${siteFileOf(dataDir)} is not a site file this version reads`);
  }
  return file as SiteFile;
}

async function refuseExistingSite(dataDir: string): Promise<void> {
  const guid = await readSiteGuid(dataDir);
  if (guid !== null) throw new AirlockError('SITE_ALREADY_INITIALISED', { dataDir, guid });
  const ledgerFiles = await readdir(ledgerDirectoryOf(dataDir)).catch(() => []);
  if (ledgerFiles.length > 0) {
    // A ledger without site.json is what an interrupted `init` leaves: unreadable without its key.
    throw new AirlockError('SITE_ALREADY_INITIALISED', {
      dataDir,
      reason: 'a ledger is there without site.json: remove the data directory of the interrupted initialisation',
    });
  }
}

/** Checks the tenant ids: each an id as documents carry it, none twice, at least one. */
function checkTenants(tenants: readonly string[]): readonly string[] {
  if (tenants.length === 0) throw new SiteConfigError('a site needs at least one tenant');
  for (const tenant of tenants) {
    if (!isNewTenantId(tenant)) throw new SiteConfigError(`the tenant id ${JSON.stringify(tenant)} is refused: ${TENANT_ID_RULE}`);
  }
  const twice = tenants.find((tenant, index) => tenants.indexOf(tenant) !== index);
  if (twice !== undefined) throw new SiteConfigError(`the tenant ${twice} is named twice`);
  return tenants;
}

function checkPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new SiteConfigError(`the site passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long`);
  }
}

/** Writes a file whole or not at all, and durably: data, then name, each synced. */
/** Records in `site.json` where the ledger's witness now is (see `witness-location.ts`). */
export async function recordWitnessDir(dataDir: string, witnessDir: string): Promise<void> {
  const file = await readSiteFile(dataDir);
  if (!file) throw new AirlockError('SITE_NOT_INITIALISED', { dataDir });
  await writeFileAtomically(siteFileOf(dataDir), `${JSON.stringify({ ...file, witnessDir: resolve(witnessDir) }, null, 2)}\n`);
}

async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
