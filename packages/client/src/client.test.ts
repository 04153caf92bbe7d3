import { describe, expect, expectTypeOf, it } from 'vitest';
import { createClient, fillPath, queryString, type Fetch } from './client.ts';
import type { components as AuthorityComponents, paths as AuthorityPaths } from './generated/authority.ts';
import type { components as SiteComponents } from './generated/site.ts';
import { ApiProblem, problemOf, type Problem } from './problem.ts';

/** A `paths` of two operations, as openapi-typescript writes them, for the calls below. */
interface TestPaths {
  readonly '/v1/things/{thingId}': {
    readonly get: {
      readonly parameters: { readonly query?: { readonly view?: 'short' | 'long' }; readonly path: { readonly thingId: string } };
      readonly responses: { readonly 200: { content: { readonly 'application/json': { readonly id: string } } } };
    };
    readonly delete: {
      readonly parameters: { readonly path: { readonly thingId: string } };
      readonly responses: { readonly 204: { content?: never } };
    };
  };
  readonly '/v1/documents': {
    readonly post: {
      readonly parameters: { readonly query?: never; readonly path?: never };
      readonly requestBody: { readonly content: { readonly 'text/plain': string } };
      readonly responses: { readonly 200: { content: { readonly 'application/json': { readonly accepted: boolean } } } };
    };
  };
}

/** A fetch that records what it was asked and answers what it is told. */
function recording(answer: () => Response): { fetch: Fetch; calls: { url: string; init: RequestInit }[] } {
  const calls: { url: string; init: RequestInit }[] = [];
  return {
    calls,
    fetch: (url, init) => {
      calls.push({ url, init });
      return Promise.resolve(answer());
    },
  };
}

const json = (status: number, body: unknown, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('the typed client', () => {
  it('fills the path, writes the query and sends the token as a Bearer credential', async () => {
    const { fetch, calls } = recording(() => json(200, { id: 'a/b' }));
    const client = createClient<TestPaths>({ baseUrl: 'https://authority.test//', token: 'secret', fetch });
    const thing = await client.get('/v1/things/{thingId}', { path: { thingId: 'a/b' }, query: { view: 'long' } });
    expect(thing).toEqual({ id: 'a/b' });
    expect(calls).toEqual([
      {
        url: 'https://authority.test/v1/things/a%2Fb?view=long',
        init: { method: 'GET', headers: { accept: 'application/json', authorization: 'Bearer secret' } },
      },
    ]);
  });

  it('sends a session cookie, with the CSRF header on a change but not on a read, and answers undefined for a 204', async () => {
    const { fetch, calls } = recording(() => new Response(null, { status: 204 }));
    const client = createClient<TestPaths>({ baseUrl: 'http://site.test', cookie: 'airlock_site_session=s', fetch });
    expect(await client.delete('/v1/things/{thingId}', { path: { thingId: 't' } })).toBeUndefined();
    await client.get('/v1/things/{thingId}', { path: { thingId: 't' } }).catch(() => undefined);
    expect(calls.map((call) => call.init.headers)).toEqual([
      { accept: 'application/json', cookie: 'airlock_site_session=s', 'x-airlock-csrf': '1' },
      { accept: 'application/json', cookie: 'airlock_site_session=s' },
    ]);
  });

  it('posts a document given as text as text/plain', async () => {
    const { fetch, calls } = recording(() => json(200, { accepted: true }));
    const client = createClient<TestPaths>({ baseUrl: 'http://site.test', fetch });
    expect(await client.post('/v1/documents', { body: '-----BEGIN AIRLOCK-----' })).toEqual({ accepted: true });
    expect(calls[0]!.init).toMatchObject({ method: 'POST', body: '-----BEGIN AIRLOCK-----', headers: { 'content-type': 'text/plain; charset=utf-8' } });
  });

  it('rejects a refusal with ApiProblem: the status, code and detail of the problem sent', async () => {
    const problem = { type: 'about:blank', title: 'Not Found', status: 404, code: 'CUSTOMER_NOT_FOUND', detail: 'No customer acme.', requestId: 'r-1' };
    const client = createClient<TestPaths>({ baseUrl: 'http://authority.test', fetch: recording(() => json(404, problem, 'application/problem+json')).fetch });
    const refused = await client.get('/v1/things/{thingId}', { path: { thingId: 'acme' } }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ApiProblem);
    const { status, code, detail, message } = refused as ApiProblem;
    expect({ status, code, detail, message, problem: (refused as ApiProblem).problem }).toEqual({
      status: 404,
      code: 'CUSTOMER_NOT_FOUND',
      detail: 'No customer acme.',
      message: '404 CUSTOMER_NOT_FOUND: No customer acme.',
      problem,
    });
  });

  it("reads a refusal of either server as ApiProblem's problem: the component `Problem` both documents declare once", () => {
    type ServedProblem = AuthorityComponents['schemas']['Problem'];
    expectTypeOf<ServedProblem>().toExtend<Problem>();
    expectTypeOf<SiteComponents['schemas']['Problem']>().toEqualTypeOf<ServedProblem>();
    // Each refusal of an operation refers to it rather than holding a copy.
    type Refusal = AuthorityPaths['/v1/customers/{customerId}']['get']['responses'][404]['content']['application/json'];
    expectTypeOf<Refusal>().toEqualTypeOf<ServedProblem>();
    const served: ServedProblem = {
      type: 'https://airlock.dev/errors#not_found',
      title: 'NOT_FOUND',
      status: 404,
      code: 'NOT_FOUND',
      detail: 'Nothing has this id.',
      instance: '/v1/customers/acme',
      requestId: 'r-2',
    };
    expect(new ApiProblem(problemOf(404, served)).problem).toEqual(served);
  });

  it('makes a problem of an answer that is none, with the code HTTP_<status>', async () => {
    const client = createClient<TestPaths>({
      baseUrl: 'http://authority.test',
      fetch: recording(() => new Response('Bad Gateway', { status: 502, headers: { 'content-type': 'text/plain' } })).fetch,
    });
    const refused = await client.get('/v1/things/{thingId}', { path: { thingId: 'x' } }).then(
      () => null,
      (error: unknown) => error,
    );
    expect((refused as ApiProblem).problem).toEqual({ status: 502, code: 'HTTP_502', detail: 'Bad Gateway' });
    expect(problemOf(500, undefined)).toEqual({ status: 500, code: 'HTTP_500', detail: 'The server answered 500.' });
  });
});

describe('paths and queries', () => {
  it('escapes each path parameter and refuses a missing one', () => {
    expect(fillPath('/v1/customers/{customerId}/sites/{siteGuid}', { customerId: 'a b', siteGuid: 'ü' })).toBe('/v1/customers/a%20b/sites/%C3%BC');
    expect(() => fillPath('/v1/customers/{customerId}', {})).toThrow('the path /v1/customers/{customerId} needs the parameter "customerId"');
  });

  it('leaves out undefined parameters and repeats arrays', () => {
    expect(queryString({ limit: '10', after: undefined, tag: ['a', 'b'], late: true })).toBe('?limit=10&tag=a&tag=b&late=true');
    expect(queryString({ after: undefined })).toBe('');
    expect(queryString(undefined)).toBe('');
  });
});
