import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** Why a backup cannot be restored: not readable, or a target that is not free. */
export class AuthorityBackupError extends Error {
  override readonly name = 'AuthorityBackupError';
}

/**
 * Restores a backup of the embedded store (`POST /v1/backup`) into `<dataDir>/pglite` of a
 * stopped authority: the directory must not exist or be empty. The embedded PostgreSQL opens it
 * once, to check it starts, and closes it. The key passphrase or key file is not in the backup:
 * the restored authority needs the one it had.
 *
 * @example
 * ```ts
 * await restoreAuthorityBackup('/backups/authority.tar.gz', '/var/lib/airlock/authority');
 * ```
 */
export async function restoreAuthorityBackup(from: string, dataDir: string): Promise<{ readonly databaseDir: string }> {
  const databaseDir = join(resolve(dataDir), 'pglite');
  const entries = await readdir(databaseDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length > 0)
    throw new AuthorityBackupError(`${databaseDir} is not empty: stop the authority and move its data directory aside (or choose another), then restore`);
  let bytes: Buffer;
  try {
    bytes = await readFile(from);
  } catch (error) {
    throw new AuthorityBackupError(`cannot read the backup ${from}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  await mkdir(databaseDir, { recursive: true, mode: 0o700 });
  try {
    const pglite = await PGlite.create({ dataDir: databaseDir, loadDataDir: new Blob([bytes]) });
    await pglite.query('select 1');
    await pglite.close();
  } catch (error) {
    await rm(databaseDir, { recursive: true, force: true });
    throw new AuthorityBackupError(`${from} is not a backup of the authority's embedded store: ${(error as Error).message}`);
  }
  return { databaseDir };
}
