import { createSiteClient, problemOf, type SiteClient as TypedSiteClient } from '@airlock/client';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ApiRefusal, type Problem, CliFailure, option, segment, type CommandContext, type Options } from '@airlock/cli-kit';

export const DEFAULT_SITE_URL = 'http://127.0.0.1:7400';
/** Where `airlock site init` writes the operator token, inside the site's data directory (mode 0600). */
const OPERATOR_TOKEN_FILE = 'operator.token';

/** The options of a command that talks to a running site about the whole site: where it is, how to authenticate. */
export const siteWideOptions: Options = {
  'site-url': { type: 'string' },
  token: { type: 'string' },
  'data-dir': { type: 'string' },
};
export const SITE_WIDE_USAGE = '[--site-url <url>] [--token <site token> | --data-dir <dir>]';
/** The options every command that talks to a running site about one tenant takes. */
export const siteOptions: Options = { tenant: { type: 'string' }, ...siteWideOptions };
export const SITE_USAGE = `[--tenant <tenant>] ${SITE_WIDE_USAGE}`;

/**
 * Where the credential comes from, first found first: `--token`; the operator token in
 * `--data-dir`; AIRLOCK_SITE_TOKEN; the operator token in AIRLOCK_SITE_DATA_DIR; the operator
 * token in `./.data/site` (the site's default data directory), if there is one.
 */
/** What a refusal for want of a credential adds, when the CLI found none to send. */
const NO_CREDENTIAL_HINT = "Give --token (or AIRLOCK_SITE_TOKEN), or --data-dir (or AIRLOCK_SITE_DATA_DIR) on the site's machine.";

export type SiteCredential =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'file'; readonly path: string; /** Named by the user: a missing file is an error, not a silence. */ readonly named: boolean };

/**
 * A running site's HTTP API as the CLI calls it: JSON in and out, authenticated as the site's
 * operator (`Authorization: Bearer airlock-site-op_…`), refusals raised as `ApiRefusal` (exit
 * code 1, with the code), a site that cannot be reached as `CliFailure` (exit code 3). On the
 * site's own machine the operator token is read from the data directory: whoever can read that
 * directory holds the site already (its sealed keys and its ledger), so the file grants nothing more.
 *
 * @example
 * ```ts
 * const site = siteClient(context);
 * const status = await site.request('GET', site.tenantPath('/status'));
 * ```
 */
export class SiteClient {
  private readonly baseUrl: string;
  private token: Promise<string | undefined> | undefined;

  constructor(
    baseUrl: string,
    readonly tenant: string,
    private readonly credential: SiteCredential,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** `/v1/tenants/<tenant><rest>`, the tenant escaped. */
  tenantPath(rest: string): string {
    return `/v1/tenants/${segment(this.tenant)}${rest}`;
  }

  /**
   * The site's API through the typed client (@airlock/client), with the same credential: paths,
   * parameters and answers typed from the site's OpenAPI document. A refusal rejects with
   * `ApiProblem` (which the runner reports as `ApiRefusal`), with the same hint as `request`
   * when no credential was found; a site that cannot be reached, with `CliFailure`.
   *
   * @example
   * ```ts
   * const usage = await (await site.api()).get('/v1/tenants/{tenant}/usage', { path: { tenant: site.tenant } });
   * ```
   */
  async api(): Promise<TypedSiteClient> {
    const token = await (this.token ??= this.readToken());
    return createSiteClient({
      baseUrl: this.baseUrl,
      ...(token === undefined ? {} : { token }),
      fetch: async (input, init) => {
        const response = await this.reach(input, init);
        if (response.status !== 401 || token !== undefined) return response;
        const problem = problemOf(401, parseJson(await response.text()));
        const hinted = { ...problem, detail: `${problem.detail} ${NO_CREDENTIAL_HINT}` };
        return new Response(JSON.stringify(hinted), { status: 401, headers: { 'content-type': 'application/problem+json' } });
      },
    });
  }

  /** `fetch`, with a failure to reach the site said as such. */
  private async reach(input: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(input, init);
    } catch (error) {
      const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new CliFailure(`cannot reach the site at ${this.baseUrl}: ${reason} (is \`airlock site start\` running?)`);
    }
  }

  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const token = await (this.token ??= this.readToken());
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.reach(`${this.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    const json = parseJson(text);
    if (response.ok) return json as T;
    if (isProblem(json)) {
      if (json.code === 'UNAUTHENTICATED' && token === undefined) {
        throw new ApiRefusal({ ...json, detail: `${json.detail ?? ''} ${NO_CREDENTIAL_HINT}`.trim() });
      }
      throw new ApiRefusal(json);
    }
    throw new CliFailure(`the site at ${this.baseUrl} answered ${response.status} without a problem document`);
  }

  private async readToken(): Promise<string | undefined> {
    if (this.credential.kind === 'token') return this.credential.token;
    try {
      return (await readFile(this.credential.path, 'utf8')).trim();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !this.credential.named) return undefined;
      throw new CliFailure(
        `cannot read the site's operator token ${this.credential.path}: ${code ?? (error as Error).message} (is this the site's data directory, and may you read it?)`,
      );
    }
  }
}

/** The site named by `--site-url` (or AIRLOCK_SITE_URL), for the tenant named by `--tenant` (default `default`), with the credential found (see `SiteCredential`). */
export function siteClient(context: CommandContext): SiteClient {
  const url = option(context, 'site-url') ?? context.io.env.AIRLOCK_SITE_URL ?? DEFAULT_SITE_URL;
  return new SiteClient(url, option(context, 'tenant') ?? 'default', siteCredential(context));
}

export function siteCredential(context: CommandContext): SiteCredential {
  const { env, cwd } = context.io;
  const fileIn = (dataDir: string, named: boolean): SiteCredential => ({ kind: 'file', path: join(resolve(cwd, dataDir), OPERATOR_TOKEN_FILE), named });
  const token = option(context, 'token');
  if (token !== undefined) return { kind: 'token', token };
  const dataDir = option(context, 'data-dir');
  if (dataDir !== undefined) return fileIn(dataDir, true);
  if (env.AIRLOCK_SITE_TOKEN) return { kind: 'token', token: env.AIRLOCK_SITE_TOKEN };
  if (env.AIRLOCK_SITE_DATA_DIR) return fileIn(env.AIRLOCK_SITE_DATA_DIR, true);
  return fileIn(join('.data', 'site'), false);
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
