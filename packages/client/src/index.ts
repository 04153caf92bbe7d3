/**
 * @airlock/client — typed clients of Airlock's two HTTP APIs. The types are generated from the
 * OpenAPI documents the authority and the site serve at `GET /openapi.json` (the one source of
 * the API's types: docs/design.md, "Boundaries in the code"), so a path, its parameters, its
 * body and its answer are checked against what the server validates and serializes. A refusal
 * rejects with `ApiProblem` (`status`, `code`, `detail`).
 *
 * @example
 * ```ts
 * import { ApiProblem, createAuthorityClient } from '@airlock/client';
 * const authority = createAuthorityClient({ baseUrl: 'https://licenses.vendor.example', token: process.env.AIRLOCK_TOKEN });
 * const customer = await authority.get('/v1/customers/{customerId}', { path: { customerId: 'acme' } });
 * console.log(customer.name, customer.entitlements.length);
 * ```
 */
import { createClient, type ApiClient, type ClientOptions } from './client.ts';
import type { paths as AuthorityPaths } from './generated/authority.ts';
import type { paths as SitePaths } from './generated/site.ts';
import type { Method, Operation, PathsWith, PathParameters, QueryParameters, RequestBody, SuccessAnswer } from './typed-paths.ts';

export { createClient, fillPath, queryString, type ApiClient, type ClientOptions, type Fetch } from './client.ts';
export { ApiProblem, problemOf, type Problem } from './problem.ts';
export type {
  CallArguments,
  CallOptions,
  Method,
  Operation,
  PathParameters,
  PathsWith,
  QueryParameters,
  RequestBody,
  SuccessAnswer,
  SuccessStatus,
} from './typed-paths.ts';
export type { AuthorityPaths, SitePaths };

export type AuthorityClient = ApiClient<AuthorityPaths>;
export type SiteClient = ApiClient<SitePaths>;

/**
 * A client of the authority's API (the vendor's server), with an API token or a session.
 *
 * @example
 * ```ts
 * const authority = createAuthorityClient({ baseUrl: 'http://127.0.0.1:7300', token });
 * await authority.post('/v1/products', { body: { id: 'automation', name: 'Automation' } });
 * ```
 */
export function createAuthorityClient(options: ClientOptions): AuthorityClient {
  return createClient<AuthorityPaths>(options);
}

/**
 * A client of a site's API (the customer's on-premises server), with an application key, the
 * operator token or a session.
 *
 * @example
 * ```ts
 * const site = createSiteClient({ baseUrl: 'http://127.0.0.1:7400', token: applicationKey });
 * const seat = await site.post('/v1/tenants/{tenant}/seats/{type}/checkout', { path: { tenant: 'default', type: 'bot-runner' }, body: { user: 'ada' } });
 * ```
 */
export function createSiteClient(options: ClientOptions): SiteClient {
  return createClient<SitePaths>(options);
}

/** What a successful call of the authority's `M path` answers, e.g. `AuthorityAnswer<'/v1/customers/{customerId}'>`. */
export type AuthorityAnswer<P extends PathsWith<AuthorityPaths, M>, M extends Method = 'get'> = SuccessAnswer<Operation<AuthorityPaths, P, M>>;
/** The body the authority's `M path` takes. */
export type AuthorityBody<P extends PathsWith<AuthorityPaths, M>, M extends Method = 'post'> = RequestBody<Operation<AuthorityPaths, P, M>>;
/** The query parameters of the authority's `M path`. */
export type AuthorityQuery<P extends PathsWith<AuthorityPaths, M>, M extends Method = 'get'> = QueryParameters<Operation<AuthorityPaths, P, M>>;
/** The path parameters of the authority's `M path`. */
export type AuthorityPathParameters<P extends PathsWith<AuthorityPaths, M>, M extends Method = 'get'> = PathParameters<Operation<AuthorityPaths, P, M>>;

/** What a successful call of the site's `M path` answers, e.g. `SiteAnswer<'/v1/tenants/{tenant}/status'>`. */
export type SiteAnswer<P extends PathsWith<SitePaths, M>, M extends Method = 'get'> = SuccessAnswer<Operation<SitePaths, P, M>>;
/** The body the site's `M path` takes. */
export type SiteBody<P extends PathsWith<SitePaths, M>, M extends Method = 'post'> = RequestBody<Operation<SitePaths, P, M>>;
/** The query parameters of the site's `M path`. */
export type SiteQuery<P extends PathsWith<SitePaths, M>, M extends Method = 'get'> = QueryParameters<Operation<SitePaths, P, M>>;
/** The path parameters of the site's `M path`. */
export type SitePathParameters<P extends PathsWith<SitePaths, M>, M extends Method = 'get'> = PathParameters<Operation<SitePaths, P, M>>;

/** The element type of a list answer: `ItemOf<AuthorityAnswer<'/v1/customers'>>`, whether paged (`{ items }`) or a plain array. */
export type ItemOf<List> = List extends { readonly items: readonly (infer Item)[] } ? Item : List extends readonly (infer Item)[] ? Item : never;
