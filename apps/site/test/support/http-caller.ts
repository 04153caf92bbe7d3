import { execFile } from 'node:child_process';
import { processCommand } from '@airlock/http/testing';
import { siteOperatorHeaders } from '../../src/index.ts';
import { REPOSITORY_ROOT } from './processes.ts';

export type Json = Record<string, unknown>;

export interface Answer<T = Json> {
  readonly status: number;
  readonly body: T;
}

/** Headers that authenticate with a bearer token (an authority API token, a site operator token or application key). */
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/**
 * A caller of one server over HTTP, as a program on the same machine calls it: JSON in and out,
 * with the headers that say who calls; `upload` sends a carried file as it is (`text/plain`).
 */
export class HttpCaller {
  constructor(
    readonly baseUrl: string,
    private readonly headers: Readonly<Record<string, string>> = {},
  ) {}

  call<T = Json>(method: string, path: string, body?: object): Promise<Answer<T>> {
    return this.send<T>(method, path, body === undefined ? undefined : { type: 'application/json', text: JSON.stringify(body) });
  }

  /** Posts a file's text as the body, the way `curl --data-binary @file -H 'content-type: text/plain'` would. */
  upload<T = Json>(path: string, text: string): Promise<Answer<T>> {
    return this.send<T>('POST', path, { type: 'text/plain', text });
  }

  private async send<T>(method: string, path: string, body: { type: string; text: string } | undefined): Promise<Answer<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { ...this.headers, ...(body ? { 'content-type': body.type } : {}) },
      ...(body ? { body: body.text } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
  }
}

/** The headers of the site's operator: its operator token, read from the data directory as local tools read it. */
export async function operatorHeaders(dataDir: string): Promise<Record<string, string>> {
  return { ...(await siteOperatorHeaders(dataDir)) };
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the `airlock` command as an operator types it, in `cwd`, with exactly this environment (and
 * PATH): compiled, as `airlock-site` or `airlock-authority` (`processCommand`, docs/testing.md).
 */
export function airlock(args: readonly string[], options: { readonly cwd: string; readonly env: Record<string, string> }): Promise<CliRun> {
  const run = processCommand('packages/cli/bin/airlock.js', args, { PATH: process.env.PATH ?? '', ...options.env }, REPOSITORY_ROOT);
  return new Promise((resolve) => {
    execFile(run.command, run.args, { cwd: options.cwd, env: run.env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
