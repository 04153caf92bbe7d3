import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ApiRefusal, type Problem } from './api-client.ts';
import { CliFailure } from './command.ts';

/**
 * POSTs to a server and streams the answer into `file` (mode 0600): written beside it and
 * renamed into place once whole, so a cut download leaves no backup that looks complete. A
 * problem answer is raised as `ApiRefusal`, an unreachable server as `CliFailure`.
 *
 * @example
 * ```ts
 * const headers = await download({ url: `${siteUrl}/v1/backup`, token, file: '/backups/site.backup', server: 'the site' });
 * ```
 */
export async function download(options: {
  readonly url: string;
  readonly token: string | undefined;
  readonly file: string;
  readonly server: string;
}): Promise<Headers> {
  let response: Response;
  try {
    response = await fetch(options.url, { method: 'POST', headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` } });
  } catch (error) {
    const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new CliFailure(`cannot reach ${options.server} at ${new URL(options.url).origin}: ${reason}`);
  }
  if (!response.ok || response.body === null) {
    const problem = (await response.json().catch(() => null)) as Problem | null;
    if (problem && typeof problem.code === 'string') throw new ApiRefusal(problem);
    throw new CliFailure(`${options.server} answered ${response.status} without a backup`);
  }
  const partial = `${options.file}.partial`;
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(partial, { mode: 0o600 }));
    await rename(partial, options.file);
  } catch (error) {
    await rm(partial, { force: true });
    throw new CliFailure(`cannot write ${options.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return response.headers;
}
