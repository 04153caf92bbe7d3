import { resolve } from 'node:path';
import { CliFailure, option, UsageError, type Command } from '@airlock/cli-kit';

/** Restores a backup of the embedded store into the data directory of a stopped authority. */
export const authorityRestore: Command = {
  name: 'authority restore',
  summary: 'Restore a backup of the embedded database into the data directory of a stopped authority',
  usage: '--from <file> [--data-dir <dir>]',
  options: { from: { type: 'string' }, 'data-dir': { type: 'string' } },
  async run(context) {
    const from = option(context, 'from');
    if (from === undefined) throw new UsageError('--from <file> is required');
    const { env, cwd } = context.io;
    const dataDir = resolve(cwd, option(context, 'data-dir') ?? env.AIRLOCK_DATA_DIR ?? '.data/authority');
    const { AuthorityBackupError, restoreAuthorityBackup } = await import('../../index.ts');
    try {
      const { databaseDir } = await restoreAuthorityBackup(resolve(cwd, from), dataDir);
      return {
        result: { dataDir, databaseDir },
        text: `Restored the authority's database into ${databaseDir}. Start the authority with the key passphrase or key file it had. Sites whose ledgers moved on since the backup are taken as they come: their LFRs are ahead of what this database recorded.`,
      };
    } catch (error) {
      if (error instanceof AuthorityBackupError) throw new CliFailure(error.message);
      throw error;
    }
  },
};
