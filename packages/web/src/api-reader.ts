import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Pages read through the app's own JSON API, as the person asking: the request is injected
 * into the app with that person's credentials, so every access rule and every serialization
 * is the API's own, and a page can never show what the API would not.
 */

/** An RFC 9457 problem as the API answers it. */
export interface ProblemBody {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly title?: string;
  readonly requestId?: string;
  readonly errors?: Readonly<Record<string, unknown>>;
}

/** The API refused a read; `problem` is its answer. */
export class ApiRefusal extends Error {
  constructor(readonly problem: ProblemBody) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
    this.name = 'ApiRefusal';
  }
}

export interface ApiReader {
  /** The body of a GET, typed as the caller expects it; a refusal throws `ApiRefusal`. */
  get<T>(path: string): Promise<T>;
}

/** The headers that carry who is asking (and for which host, for white-labelling). */
const FORWARDED = ['cookie', 'authorization', 'host', 'x-forwarded-proto', 'x-forwarded-host'] as const;

function forwardedHeaders(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/** What a typed client (@airlock/client) calls to reach the API: a `fetch` of its own signature. */
export type InProcessFetch = (input: string, init: RequestInit) => Promise<Response>;

/**
 * A `fetch` that answers from the app in process, as the person making `request`: the call is
 * injected with that person's credentials (and host, for white-labelling), whatever the URL's
 * origin, so a typed client (@airlock/client) given it reads the API as `readApi` does, with
 * every access rule and serialization of the API's own.
 *
 * @example
 * ```ts
 * const client = createAuthorityClient({ baseUrl: 'http://in-process', fetch: injectFetch(app, request) });
 * const me = await client.get('/v1/auth/me');
 * ```
 */
export function injectFetch(app: FastifyInstance, request: FastifyRequest): InProcessFetch {
  const forwarded = forwardedHeaders(request);
  return async (input, init) => {
    const url = new URL(input);
    const headers: Record<string, string> = { ...forwarded };
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') throw new TypeError('an in-process call takes its body as a string');
    const response = await app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: `${url.pathname}${url.search}`,
      headers,
      remoteAddress: request.ip,
      ...(typeof init.body === 'string' ? { payload: init.body } : {}),
    });
    const answerHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) answerHeaders.append(name, String(one));
    }
    // A 204 or 304 has no body: Response refuses one, even empty.
    const body = response.statusCode === 204 || response.statusCode === 304 ? null : response.rawPayload;
    return new Response(body, { status: response.statusCode, headers: answerHeaders });
  };
}

/**
 * Reads the app's API as the person making `request`.
 *
 * @example
 * ```ts
 * const api = readApi(app, request);
 * const customers = await api.get<Customer[]>('/v1/customers');
 * ```
 */
export function readApi(app: FastifyInstance, request: FastifyRequest): ApiReader {
  const headers: Record<string, string> = { accept: 'application/json', ...forwardedHeaders(request) };
  return {
    async get<T>(path: string): Promise<T> {
      const response = await app.inject({ method: 'GET', url: path, headers, remoteAddress: request.ip });
      const body: unknown = response.body === '' ? null : JSON.parse(response.body);
      if (response.statusCode >= 200 && response.statusCode < 300) return body as T;
      const problem = body as Partial<ProblemBody> | null;
      throw new ApiRefusal({
        status: response.statusCode,
        code: typeof problem?.code === 'string' ? problem.code : `HTTP_${response.statusCode}`,
        detail: typeof problem?.detail === 'string' ? problem.detail : 'The request was refused.',
        ...(typeof problem?.requestId === 'string' ? { requestId: problem.requestId } : {}),
        ...(problem?.errors && typeof problem.errors === 'object' ? { errors: problem.errors } : {}),
      });
    },
  };
}
