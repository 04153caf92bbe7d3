import { open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Random } from '@airlock/core';
import { sha256 } from '@airlock/http';

/**
 * The operator token: a secret written by `airlock site init` to `<data dir>/operator.token`
 * (mode 0600) that the `airlock site …` commands send when run on the site's own machine.
 * It grants what a site administrator may do. Whoever can read the data directory already holds
 * the site entirely (its sealed keys, its ledger, and with the passphrase every secret), so the
 * file gives nothing the data directory does not; other machines use `--token` instead.
 */
export const OPERATOR_TOKEN_FILE = 'operator.token';
/** Every operator token starts with this, so a person (or a secret scanner) can tell what it is. */
export const OPERATOR_TOKEN_PREFIX = 'airlock-site-op_';

export const operatorTokenFileOf = (dataDir: string): string => join(dataDir, OPERATOR_TOKEN_FILE);

/** A new operator token: 256 random bits, base64url, behind its prefix. */
export function newOperatorToken(random: Random): string {
  return `${OPERATOR_TOKEN_PREFIX}${Buffer.from(random.bytes(32)).toString('base64url')}`;
}

/**
 * The operator token of the site in a data directory, as `airlock site init` wrote it. Tests and
 * tools on the site's machine authenticate with it (`authorization: Bearer <token>`).
 *
 * @example
 * ```ts
 * const token = await siteOperatorToken(dataDir);
 * await fetch(`${url}/v1/site`, { headers: { authorization: `Bearer ${token}` } });
 * ```
 */
export async function siteOperatorToken(dataDir: string): Promise<string> {
  const token = (await readFile(operatorTokenFileOf(dataDir), 'utf8')).trim();
  if (!token.startsWith(OPERATOR_TOKEN_PREFIX)) throw new Error(`${operatorTokenFileOf(dataDir)} does not hold an Airlock site operator token`);
  return token;
}

/**
 * The header that authenticates as the site's operator, from the token in a data directory: for
 * tests and tools on the site's own machine.
 *
 * @example
 * ```ts
 * await fetch(`${url}/v1/tenants/default/status`, { headers: await siteOperatorHeaders(dataDir) });
 * ```
 */
export async function siteOperatorHeaders(dataDir: string): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await siteOperatorToken(dataDir)}` };
}

/**
 * The operator token of a data directory, created when it has none (a site initialised before
 * the site had one): the running site checks it, the CLI on the same machine sends it.
 */
export async function ensureOperatorToken(dataDir: string, random: Random): Promise<{ readonly token: string; readonly created: boolean }> {
  try {
    return { token: await siteOperatorToken(dataDir), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = newOperatorToken(random);
  await writeOperatorToken(dataDir, token);
  return { token, created: true };
}

/** Writes the operator token file (mode 0600), whole or not at all, and durably. */
export async function writeOperatorToken(dataDir: string, token: string): Promise<void> {
  const path = operatorTokenFileOf(dataDir);
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${token}\n`, 'utf8');
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

/** The SHA-256 of the operator token: what the running site keeps to check it (with `matchesDigest`). */
export function operatorTokenDigest(token: string): Buffer {
  return sha256(token);
}
