import { createWriteStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ApiRefusal, type Problem } from '../api-client.ts';
import { CliFailure, option, UsageError, type Command } from '../command.ts';
import { DEFAULT_SITE_URL, siteCredential, siteWideOptions, SITE_WIDE_USAGE } from '../site-client.ts';

/**
 * Backs up a running site through its API (`POST /v1/backup`, site administrators only): the
 * site cuts the backup at one ledger head while it keeps serving, and the file is written
 * beside its destination and renamed into place once whole.
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
    const token = credential.kind === 'token' ? credential.token : await readFile(credential.path, 'utf8').then((text) => text.trim(), () => undefined);
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/v1/backup`, { method: 'POST', headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
    } catch (error) {
      const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new CliFailure(`cannot reach the site at ${baseUrl}: ${reason} (is \`airlock site start\` running?)`);
    }
    if (!response.ok || response.body === null) {
      const problem = (await response.json().catch(() => null)) as Problem | null;
      if (problem && typeof problem.code === 'string') throw new ApiRefusal(problem);
      throw new CliFailure(`the site at ${baseUrl} answered ${response.status} without a backup`);
    }
    const partial = `${file}.partial`;
    try {
      await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(partial, { mode: 0o600 }));
      await rename(partial, file);
    } catch (error) {
      await rm(partial, { force: true });
      throw new CliFailure(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const sequence = Number(response.headers.get('x-airlock-ledger-sequence'));
    const head = response.headers.get('x-airlock-ledger-head') ?? '';
    return {
      result: { file, ledger: { sequence, head } },
      text: `Wrote the backup of the site to ${file} (ledger up to record ${sequence}). It holds the site's keys sealed under its passphrase: keep the passphrase apart, and the file as safe as the site itself.`,
    };
  },
};
