import { resolve } from 'node:path';
import { CliFailure, option, UsageError, type Command } from '@airlock/cli-kit';

/**
 * Restores a site backup into the data directory of a stopped site (an empty or new directory:
 * move the old one aside first). The next start declares the restore: each tenant refuses
 * licensed work (REBASELINE_REQUIRED) until its next LFR, which states the gap, is accepted by
 * the vendor and the OLF answering it is installed.
 */
export const siteRestore: Command = {
  name: 'site restore',
  summary: 'Restore a site backup into the (empty) data directory of a stopped site',
  usage: '--from <file> [--data-dir <dir>]',
  options: { from: { type: 'string' }, 'data-dir': { type: 'string' } },
  async run(context) {
    const from = option(context, 'from');
    if (from === undefined) throw new UsageError('--from <file> is required');
    const { env, cwd } = context.io;
    const dataDir = resolve(cwd, option(context, 'data-dir') ?? env.AIRLOCK_SITE_DATA_DIR ?? '.data/site');
    const { BackupError, restoreSiteBackup } = await import('../../index.ts');
    try {
      const restored = await restoreSiteBackup(resolve(cwd, from), dataDir, new Date());
      return {
        result: { dataDir, ...restored },
        text: [
          `Restored site ${restored.siteGuid} into ${dataDir}: its ledger up to record ${restored.ledger.sequence}, as backed up at ${restored.createdAt}.`,
          'Start the site. If its ledger had gone further than the backup, each tenant refuses licensed work (REBASELINE_REQUIRED) until',
          'its next LFR, which states the records lost, is accepted by the vendor and the OLF answering it is installed.',
        ].join('\n'),
      };
    } catch (error) {
      if (error instanceof BackupError) throw new CliFailure(error.message);
      throw error;
    }
  },
};
