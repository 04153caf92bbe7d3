import { ApiProblem, problemOf } from './problem.ts';
import type { CallArguments, Method, Operation, PathsWith, SuccessAnswer } from './typed-paths.ts';

/** The `fetch` a client calls: the global one by default, or one of the caller's (a test's, an in-process one). */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface ClientOptions {
  /** The server's address, e.g. `https://licenses.vendor.example` (a trailing slash is ignored). */
  readonly baseUrl: string;
  /** An API token (authority) or an application key or operator token (site), sent as `Authorization: Bearer`. */
  readonly token?: string;
  /**
   * A signed-in session's `Cookie` header (e.g. `airlock_session=…`). Changes made with a session
   * carry `x-airlock-csrf: 1`, as both servers require of a session.
   */
  readonly cookie?: string;
  /** Headers sent with every call (e.g. `x-forwarded-host` for a white-labelled portal). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly fetch?: Fetch;
}

/** One call of a method on a path: the answer's type follows from both. */
type Call<Paths, M extends Method> = <P extends PathsWith<Paths, M>>(
  path: P,
  ...options: CallArguments<Operation<Paths, P, M>>
) => Promise<SuccessAnswer<Operation<Paths, P, M>>>;

/**
 * A typed client of one API: `Paths` is the generated interface of its OpenAPI document. Each
 * method takes a path as the document writes it (`/v1/customers/{customerId}`), its parameters
 * and body as the operation types them, and resolves to the success's body, typed; a refusal
 * rejects with `ApiProblem`, a failure to reach the server with the `fetch`'s own error.
 */
export interface ApiClient<Paths> {
  readonly baseUrl: string;
  readonly get: Call<Paths, 'get'>;
  readonly post: Call<Paths, 'post'>;
  readonly put: Call<Paths, 'put'>;
  readonly delete: Call<Paths, 'delete'>;
  readonly patch: Call<Paths, 'patch'>;
}

interface UntypedCall {
  readonly path?: Readonly<Record<string, string | number>>;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** `/v1/customers/{customerId}` with `{ customerId: 'a b' }` → `/v1/customers/a%20b`. */
export function fillPath(template: string, parameters: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const value = parameters[name];
    if (value === undefined) throw new TypeError(`the path ${template} needs the parameter "${name}"`);
    return encodeURIComponent(String(value));
  });
}

/** A query string from typed parameters: undefined ones left out, arrays repeated, the rest as strings. */
export function queryString(query: Readonly<Record<string, unknown>> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const one of Array.isArray(value) ? (value as unknown[]) : [value]) search.append(name, typeof one === 'string' ? one : JSON.stringify(one));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!/[/+]json\b/.test(type)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * A client of any API whose generated `paths` are given; `createAuthorityClient` and
 * `createSiteClient` name the two of Airlock.
 */
export function createClient<Paths>(options: ClientOptions): ApiClient<Paths> {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const send = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  const call =
    (method: Method) =>
    async (path: string, options_: UntypedCall = {}): Promise<unknown> => {
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
      if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
      if (options.cookie !== undefined) {
        headers.cookie = options.cookie;
        if (method !== 'get') headers['x-airlock-csrf'] = '1';
      }
      let body: string | undefined;
      if (options_.body !== undefined) {
        // A document posted as text (an OLF, an LFR) goes as it is; anything else as JSON.
        if (typeof options_.body === 'string') {
          headers['content-type'] = 'text/plain; charset=utf-8';
          body = options_.body;
        } else {
          headers['content-type'] = 'application/json';
          body = JSON.stringify(options_.body);
        }
      }
      Object.assign(headers, options_.headers);
      const url = `${baseUrl}${fillPath(path, options_.path)}${queryString(options_.query)}`;
      const response = await send(url, {
        method: method.toUpperCase(),
        headers,
        ...(body === undefined ? {} : { body }),
        ...(options_.signal ? { signal: options_.signal } : {}),
      });
      const answer = await bodyOf(response);
      if (!response.ok) throw new ApiProblem(problemOf(response.status, answer));
      return answer;
    };
  // The typed surface is the generated one: at run time every method is the same untyped call.
  const typed = <M extends Method>(method: M) => call(method) as unknown as Call<Paths, M>;
  return { baseUrl, get: typed('get'), post: typed('post'), put: typed('put'), delete: typed('delete'), patch: typed('patch') };
}
