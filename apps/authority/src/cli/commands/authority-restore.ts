import { restoreCommand } from '@airlock/cli-kit';

/** Restores a backup of the embedded store into the data directory of a stopped authority. */
export const authorityRestore = restoreCommand({
  name: 'authority restore',
  summary: 'Restore a backup of the embedded database into the data directory of a stopped authority',
  dataDir: { variable: 'AIRLOCK_DATA_DIR', fallback: '.data/authority' },
  async load() {
    const { AuthorityBackupError, restoreAuthorityBackup } = await import('../../index.ts');
    return {
      Refusal: AuthorityBackupError,
      async restore(from, dataDir) {
        const { databaseDir } = await restoreAuthorityBackup(from, dataDir);
        return {
          result: { dataDir, databaseDir },
          text: `Restored the authority's database into ${databaseDir}. Start the authority with the key passphrase or key file it had. Sites whose ledgers moved on since the backup are taken as they come: their LFRs are ahead of what this database recorded.`,
        };
      },
    };
  },
});
