import { createAuthorityClient, type AuthorityClient } from '@airlock/client';
import { CliFailure } from './cli-failure.ts';

/** An RFC 9457 problem as the authority answers a refusal, with Airlock's stable code. */
export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title?: string;
  readonly detail?: string;
  readonly requestId?: string;
  readonly errors?: Record<string, unknown>;
}

/** The authority refused the request: exit code 1, with its code. */
export class ApiRefusal extends Error {
  override readonly name = 'ApiRefusal';
  constructor(readonly problem: Problem) {
    super(`${problem.code}: ${problem.detail ?? problem.title ?? ''}`);
  }
}

export const DEFAULT_URL = 'http://127.0.0.1:7300';

/**
 * The authority's HTTP API as the CLI calls it: JSON in and out, an API token as a bearer
 * credential, and refusals raised as `ApiRefusal` with the problem the authority sent.
 *
 * @example
 * ```ts
 * const api = new ApiClient('http://127.0.0.1:7300', process.env.AIRLOCK_TOKEN);
 * const customer = await api.request('GET', '/v1/customers/acme');
 * ```
 */
export class ApiClient {
  private readonly baseUrl: string;
  /**
   * The same API, typed from the authority's OpenAPI document (@airlock/client): paths,
   * parameters, bodies and answers are checked at compile time; a refusal rejects with
   * `ApiProblem`, which the runner reports as it reports `ApiRefusal`.
   *
   * @example
   * ```ts
   * const customer = await context.api().authority.get('/v1/customers/{customerId}', { path: { customerId: 'acme' } });
   * ```
   */
  readonly authority: AuthorityClient;

  constructor(
    baseUrl: string,
    private readonly token: string | undefined,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.authority = createAuthorityClient({ baseUrl: this.baseUrl, ...(token ? { token } : {}), fetch: (input, init) => this.reach(input, init) });
  }

  /** `fetch`, with a failure to reach the authority said as such. */
  private async reach(input: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(input, init);
    } catch (error) {
      const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new CliFailure(`cannot reach the authority at ${this.baseUrl}: ${reason}`);
    }
  }

  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.reach(`${this.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    const json = parseJson(text);
    if (response.ok) return json as T;
    if (isProblem(json)) throw new ApiRefusal(json);
    throw new CliFailure(`the authority at ${this.baseUrl} answered ${response.status} without a problem document`);
  }
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
