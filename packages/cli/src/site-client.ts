import { ApiRefusal, type Problem } from './api-client.ts';
import { CliFailure, option, segment, type CommandContext, type Options } from './command.ts';

export const DEFAULT_SITE_URL = 'http://127.0.0.1:7400';

/** The options every command that talks to a running site takes. */
export const siteOptions: Options = { tenant: { type: 'string' }, 'site-url': { type: 'string' } };
export const SITE_USAGE = '[--tenant <tenant>] [--site-url <url>]';

/**
 * A running site's HTTP API as the CLI calls it: JSON in and out, refusals raised as
 * `ApiRefusal` (exit code 1, with the code), a site that cannot be reached as `CliFailure`
 * (exit code 3). The site authenticates no one yet: it listens on 127.0.0.1.
 *
 * @example
 * ```ts
 * const status = await siteClient(context).request('GET', siteClient(context).tenantPath('/status'));
 * ```
 */
export class SiteClient {
  private readonly baseUrl: string;

  constructor(baseUrl: string, readonly tenant: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** `/v1/tenants/<tenant><rest>`, the tenant escaped. */
  tenantPath(rest: string): string {
    return `/v1/tenants/${segment(this.tenant)}${rest}`;
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (error) {
      const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new CliFailure(`cannot reach the site at ${this.baseUrl}: ${reason} (is \`airlock site start\` running?)`);
    }
    const text = await response.text();
    const json = parseJson(text);
    if (response.ok) return json as T;
    if (isProblem(json)) throw new ApiRefusal(json);
    throw new CliFailure(`the site at ${this.baseUrl} answered ${response.status} without a problem document`);
  }
}

/** The site named by `--site-url` (or AIRLOCK_SITE_URL), for the tenant named by `--tenant` (default `default`). */
export function siteClient(context: CommandContext): SiteClient {
  const url = option(context, 'site-url') ?? context.io.env.AIRLOCK_SITE_URL ?? DEFAULT_SITE_URL;
  return new SiteClient(url, option(context, 'tenant') ?? 'default');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string' && typeof (value as Problem).status === 'number';
}
