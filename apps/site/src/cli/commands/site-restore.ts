import { restoreCommand } from '@airlock/cli-kit';

/**
 * Restores a site backup into the data directory of a stopped site (an empty or new directory:
 * move the old one aside first). The next start declares the restore: each tenant refuses
 * licensed work (REBASELINE_REQUIRED) until its next LFR, which states the gap, is accepted by
 * the vendor and the OLF answering it is installed.
 */
export const siteRestore = restoreCommand({
  name: 'site restore',
  summary: 'Restore a site backup into the (empty) data directory of a stopped site',
  dataDir: { variable: 'AIRLOCK_SITE_DATA_DIR', fallback: '.data/site' },
  async load() {
    const { BackupError, restoreSiteBackup } = await import('../../index.ts');
    return {
      Refusal: BackupError,
      async restore(from, dataDir) {
        const restored = await restoreSiteBackup(from, dataDir, new Date());
        return {
          result: { dataDir, ...restored },
          text: [
            `Restored site ${restored.siteGuid} into ${dataDir}: its ledger up to record ${restored.ledger.sequence}, as backed up at ${restored.createdAt}.`,
            'Start the site. If its ledger had gone further than the backup, each tenant refuses licensed work (REBASELINE_REQUIRED) until',
            'its next LFR, which states the records lost, is accepted by the vendor and the OLF answering it is installed.',
          ].join('\n'),
        };
      },
    };
  },
});
