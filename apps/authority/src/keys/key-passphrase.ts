import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Random } from '@airlock/core';
import { ConfigError, type KeySecretSource } from '../config.ts';

export interface KeyPassphrase {
  readonly passphrase: string;
  /** Set when this start made the default key file: tell the operator to keep it safe. */
  readonly createdFile?: string;
  /** Set when the key file can be read by other users. */
  readonly warning?: string;
}

/**
 * The passphrase the authority's private keys are sealed under: given in the environment, read
 * from a key file, or — on the first start without either — a new random one written to the
 * default key file, readable by its owner only.
 */
export async function readKeyPassphrase(source: KeySecretSource, random: Random): Promise<KeyPassphrase> {
  if (source.kind === 'passphrase') return { passphrase: source.passphrase };
  const existing = await readKeyFile(source.path);
  if (existing !== undefined) return existing;
  if (!source.createIfMissing) throw new ConfigError(`AIRLOCK_KEY_FILE names ${source.path}, which does not exist`);
  const passphrase = Buffer.from(random.bytes(32)).toString('base64url');
  await mkdir(dirname(source.path), { recursive: true, mode: 0o700 });
  // `wx`: never overwrite a key file another process made meanwhile. Flushed, with its directory
  // entry, before any key is sealed under it: a power cut must not keep the keys and lose the file.
  const file = await open(source.path, 'wx', 0o600);
  try {
    await file.writeFile(`${passphrase}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  const directory = await open(dirname(source.path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
  return { passphrase, createdFile: source.path };
}

async function readKeyFile(path: string): Promise<KeyPassphrase | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read the key file ${path}: ${(error as Error).message}`);
  }
  const passphrase = text.trim();
  if (passphrase.length === 0) throw new ConfigError(`the key file ${path} is empty`);
  const { mode } = await stat(path);
  return (mode & 0o077) === 0 ? { passphrase } : { passphrase, warning: `the key file ${path} can be read by other users: chmod 600 it` };
}
