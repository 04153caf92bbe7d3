import { resolve } from 'node:path';
import { DEFAULT_URL, download, option, UsageError, type Command } from '@airlock/cli-kit';

/** Backs up a running authority's embedded store through its API (`POST /v1/backup`). */
export const authorityBackup: Command = {
  name: 'authority backup',
  summary: "Back up the running authority's embedded database (keys sealed) to a file",
  usage: '--out <file>',
  options: { out: { type: 'string' } },
  async run(context) {
    const out = option(context, 'out');
    if (out === undefined) throw new UsageError('--out <file> is required');
    const file = resolve(context.io.cwd, out);
    const baseUrl = (option(context, 'url') ?? context.io.env.AIRLOCK_URL ?? DEFAULT_URL).replace(/\/+$/, '');
    await download({ url: `${baseUrl}/v1/backup`, token: option(context, 'token') ?? context.io.env.AIRLOCK_TOKEN, file, server: 'the authority' });
    return {
      result: { file },
      text: `Wrote the backup of the authority's database to ${file}. Its keys are sealed under the key passphrase or key file, which the backup does not hold: back that up apart.`,
    };
  },
};
