import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { storeStateProblem, type StoreState } from './store-state.ts';

/**
 * The device's store: one file holding the whole StoreState, encrypted with AES-256-GCM. The
 * same sealing keeps other device-bound files (`SealedFormat`), each of its own format.
 *
 * File layout (JSON): `{ format, v, product, salt, device, iv, data, tag, sum }`. The first
 * five members are the header, authenticated as GCM's additional data; `data` is the encrypted
 * state. The key is HKDF-SHA256 over the device fingerprint, with the file's random salt
 * (made once per install) and the product in `info`. `device` is a hash of product,
 * fingerprint and salt, and `sum` a plain SHA-256 of everything before it: together they tell
 * a store copied intact to another device (STORE_WRONG_DEVICE) from an edited one
 * (STORE_TAMPERED), which the key alone could not, since either way the tag fails.
 *
 * What it protects against, honestly:
 * - an edit of any byte (the GCM tag fails: STORE_TAMPERED), and a store copied to another
 *   machine, whose fingerprint derives another key (STORE_WRONG_DEVICE): the license does
 *   not travel with a copied file;
 * - a crash mid-write: the state is written to a temporary file, flushed to disk, then renamed
 *   over the store, so the store is always the old state or the new one.
 * What it does not protect against: anyone who can run code as the user on the same machine
 * can compute the same fingerprint and key, read the store and write a forged one, or put
 * back an older copy of the file. They can never forge the license itself — the store keeps
 * the authority-signed license files and every open verifies them again — but they can reset
 * local consumption, the latest time seen, or a deactivation. The authority's own records
 * (check-ins, the deactivation file it received) are the backstop for that.
 */

const VERSION = 1;

interface StoreHeader {
  readonly format: string;
  readonly v: number;
  readonly product: string;
  readonly salt: string;
  readonly device: string;
}

interface SealedStore extends StoreHeader {
  readonly iv: string;
  readonly data: string;
  readonly tag: string;
}

interface StoreFile extends SealedStore {
  readonly sum: string;
}

/** What reading a sealed file found. */
export type SealedRead<T> =
  | { readonly kind: 'missing' }
  | { readonly kind: 'ok'; readonly state: T; readonly salt: Buffer }
  | { readonly kind: 'tampered'; readonly reason: string }
  | { readonly kind: 'wrong-device'; readonly reason: string };

/** What reading the store found. */
export type StoreRead = SealedRead<StoreState>;

/**
 * What one kind of sealed file holds. Its name is the file's `format` member and goes into the
 * key and the device tag, so a file of one kind never opens as another. The license store is
 * one kind; the floating seats a device borrowed from a site are another (borrow-store.ts).
 */
export interface SealedFormat<T> {
  readonly name: string;
  /** The first way the decrypted contents differ from the format, or undefined. */
  problem(value: unknown): string | undefined;
  /** Whether the contents name the device (and product) the file is opened for. */
  names(value: T, binding: StoreBinding): boolean;
}

/** The license store's format. */
const licenseStoreFormat: SealedFormat<StoreState> = {
  name: 'airlock-sdk-store',
  problem: storeStateProblem,
  names: (state, binding) => state.product === binding.product && state.fingerprint === binding.fingerprint,
};

/** The identity a store is bound to. */
export interface StoreBinding {
  readonly product: string;
  readonly fingerprint: string;
}

function deviceTag(format: string, binding: StoreBinding, salt: Buffer): string {
  return createHash('sha256').update(`${format}/device\0${binding.product}\0${binding.fingerprint}\0`).update(salt).digest('base64url');
}

function storeKey(format: string, binding: StoreBinding, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', binding.fingerprint, salt, `${format}/v${VERSION}/${binding.product}`, 32));
}

/** The authenticated header, serialised in one fixed member order. */
function headerBytes(header: StoreHeader): Buffer {
  const { format, v, product, salt, device } = header;
  return Buffer.from(JSON.stringify({ format, v, product, salt, device }));
}

/** A new salt for a store about to be created. */
export function newStoreSalt(): Buffer {
  return randomBytes(32);
}

/** Seals a state into the store file's text. */
export function sealStore(state: StoreState, binding: StoreBinding, salt: Buffer): string {
  return sealFile(licenseStoreFormat, state, binding, salt);
}

/** Seals contents of a format into its file's text. */
export function sealFile<T>(format: SealedFormat<T>, state: T, binding: StoreBinding, salt: Buffer): string {
  const header: StoreHeader = {
    format: format.name,
    v: VERSION,
    product: binding.product,
    salt: salt.toString('base64url'),
    device: deviceTag(format.name, binding, salt),
  };
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', storeKey(format.name, binding, salt), iv);
  cipher.setAAD(headerBytes(header));
  const data = Buffer.concat([cipher.update(JSON.stringify(state), 'utf8'), cipher.final()]);
  const sealed: SealedStore = { ...header, iv: iv.toString('base64url'), data: data.toString('base64url'), tag: cipher.getAuthTag().toString('base64url') };
  const file: StoreFile = { ...sealed, sum: checksum(sealed) };
  return `${JSON.stringify(file)}\n`;
}

/** SHA-256 of the sealed members in one fixed order: catches edits before any key is involved. */
function checksum(file: SealedStore): string {
  const { format, v, product, salt, device, iv, data, tag } = file;
  return createHash('sha256')
    .update(JSON.stringify([format, v, product, salt, device, iv, data, tag]))
    .digest('base64url');
}

/** Opens the store file's text: the state, or why it cannot be trusted. Never throws. */
export function unsealStore(text: string, binding: StoreBinding): StoreRead {
  return unsealFile(licenseStoreFormat, text, binding);
}

/** Opens a sealed file's text: its contents, or why they cannot be trusted. Never throws. */
function unsealFile<T>(format: SealedFormat<T>, text: string, binding: StoreBinding): SealedRead<T> {
  let file: StoreFile;
  try {
    file = JSON.parse(text) as StoreFile;
  } catch {
    return { kind: 'tampered', reason: 'the store is not readable' };
  }
  if (!isStoreFile(file, format.name)) return { kind: 'tampered', reason: 'the store is not in the expected form' };
  if (file.sum !== checksum(file)) return { kind: 'tampered', reason: 'the store was edited: its checksum does not match' };
  if (file.product !== binding.product) return { kind: 'wrong-device', reason: `the store is for the product ${file.product.slice(0, 64)}` };
  const salt = Buffer.from(file.salt, 'base64url');
  if (file.device !== deviceTag(format.name, binding, salt)) return { kind: 'wrong-device', reason: 'the store was made on another device' };
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', storeKey(format.name, binding, salt), Buffer.from(file.iv, 'base64url'));
    decipher.setAAD(headerBytes(file));
    decipher.setAuthTag(Buffer.from(file.tag, 'base64url'));
    plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return { kind: 'tampered', reason: 'the store does not decrypt: it was altered' };
  }
  let state: unknown;
  try {
    state = JSON.parse(plain);
  } catch {
    return { kind: 'tampered', reason: 'the store decrypts to unreadable contents' };
  }
  const problem = format.problem(state);
  if (problem) return { kind: 'tampered', reason: `the store's contents are not valid (${problem})` };
  const valid = state as T;
  if (!format.names(valid, binding)) return { kind: 'wrong-device', reason: 'the store names another device' };
  return { kind: 'ok', state: valid, salt };
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function isStoreFile(value: unknown, format: string): value is StoreFile {
  if (typeof value !== 'object' || value === null) return false;
  const file = value as Record<string, unknown>;
  const strings = ['product', 'salt', 'device', 'iv', 'data', 'tag', 'sum'] as const;
  return (
    file.format === format &&
    file.v === VERSION &&
    strings.every((name) => typeof file[name] === 'string') &&
    (['salt', 'iv', 'data', 'tag'] as const).every((name) => BASE64URL.test(file[name] as string)) &&
    (file.salt as string).length === 43 &&
    (file.iv as string).length === 16 &&
    (file.tag as string).length === 22
  );
}

/** Reads the store file at `path`. */
export function readStore(path: string, binding: StoreBinding): Promise<StoreRead> {
  return readSealedFile(licenseStoreFormat, path, binding);
}

/** Reads the sealed file of a format at `path`. */
export async function readSealedFile<T>(format: SealedFormat<T>, path: string, binding: StoreBinding): Promise<SealedRead<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  return unsealFile(format, text, binding);
}

/**
 * Replaces the file at `path` atomically: the text goes to a temporary file beside it, is
 * flushed to disk, and is renamed over the old file; the directory is flushed too, so the
 * rename itself survives a power cut. Readable by the user only (mode 0600).
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temporary = join(directory, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(directory);
}

async function syncDirectory(directory: string): Promise<void> {
  // Windows cannot open a directory to flush it; its rename is durable once it returns.
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
