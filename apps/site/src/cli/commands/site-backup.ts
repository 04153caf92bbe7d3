import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { download, option, UsageError, type Command } from '@airlock/cli-kit';
import { DEFAULT_SITE_URL, siteCredential, siteWideOptions, SITE_WIDE_USAGE } from '../site-client.ts';

/**
 * Backs up a running site through its API (`POST /v1/backup`, site administrators only): the
 * site cuts the backup at one ledger head while it keeps serving.
 */
export const siteBackup: Command = {
  name: 'site backup',
  summary: 'Back up the running site (identity and ledger, cut at one head) to a file',
  usage: `--out <file> ${SITE_WIDE_USAGE}`,
  options: { ...siteWideOptions, out: { type: 'string' } },
  async run(context) {
    const out = option(context, 'out');
    if (out === undefined) throw new UsageError('--out <file> is required');
    const file = resolve(context.io.cwd, out);
    const baseUrl = (option(context, 'site-url') ?? context.io.env.AIRLOCK_SITE_URL ?? DEFAULT_SITE_URL).replace(/\/+$/, '');
    const credential = siteCredential(context);
    const token =
      credential.kind === 'token'
        ? credential.token
        : await readFile(credential.path, 'utf8').then(
            (text) => text.trim(),
            () => undefined,
          );
    const headers = await download({ url: `${baseUrl}/v1/backup`, token, file, server: 'the site (is `airlock site start` running?)' });
    const sequence = Number(headers.get('x-airlock-ledger-sequence'));
    const head = headers.get('x-airlock-ledger-head') ?? '';
    return {
      result: { file, ledger: { sequence, head } },
      text: `Wrote the backup of the site to ${file} (ledger up to record ${sequence}). It holds the site's keys sealed under its passphrase: keep the passphrase apart, and the file as safe as the site itself.`,
    };
  },
};
