import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startTestAuthority, stores } from '../../../apps/authority/test/harness.ts';
import { createSiteApp } from '../../../apps/site/src/http/app.ts';
import { createTestSite, type TestSite } from '../../../apps/site/src/testing/site-fixtures.ts';
import { ApiProblem, createAuthorityClient, createSiteClient, type AuthorityAnswer } from '../src/index.ts';

/** The clients against the real servers, listening on loopback and called over HTTP. */
async function listening(app: FastifyInstance): Promise<string> {
  return app.listen({ host: '127.0.0.1', port: 0 });
}

async function refusalOf(call: Promise<unknown>): Promise<ApiProblem> {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ApiProblem);
  return error as ApiProblem;
}

describe('the authority client, against a listening authority', () => {
  let authority: Awaited<ReturnType<typeof startTestAuthority>>;
  let baseUrl = '';
  beforeAll(async () => {
    authority = await startTestAuthority(stores[0]!);
    baseUrl = await listening(authority.app);
  });
  afterAll(async () => authority?.dispose());

  // The test authority names its caller in a header instead of a token (apps/authority/test/harness.ts).
  const client = () => createAuthorityClient({ baseUrl: `${baseUrl}/`, headers: { 'x-test-principal': JSON.stringify(admin) } });

  it('sends typed bodies and parameters and answers the typed body', async () => {
    const created = await client().post('/v1/products', { body: { id: 'automation', name: 'Automation' } });
    expect(created).toEqual({ id: 'automation', name: 'Automation', licenseTypes: [] });
    const type = await client().post('/v1/products/{productId}/license-types', {
      path: { productId: 'automation' },
      body: { id: 'bot-runner', name: 'Bot Runner', category: 'seat' },
    });
    expect(type).toEqual({ id: 'bot-runner', productId: 'automation', name: 'Bot Runner', category: 'seat' });
    // A page when asked with paging parameters, a bare array without (deprecated): the type is the union.
    const answer: AuthorityAnswer<'/v1/products'> = await client().get('/v1/products', { query: { limit: '10' } });
    const products = 'items' in answer ? answer.items : answer;
    expect('items' in answer).toBe(true);
    expect(products.map((product) => [product.id, product.licenseTypes.map((licenseType) => licenseType.category)])).toEqual([['automation', ['seat']]]);
  });

  it('rejects with the typed refusal: status, code and detail of the problem the authority sent', async () => {
    const refused = await refusalOf(client().get('/v1/customers/{customerId}', { path: { customerId: 'nobody' } }));
    expect({ status: refused.status, code: refused.code, detail: refused.detail }).toEqual({ status: 404, code: 'NOT_FOUND', detail: expect.any(String) });
    expect(refused.problem.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const anonymous = await refusalOf(createAuthorityClient({ baseUrl }).get('/v1/products'));
    expect({ status: anonymous.status, code: anonymous.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });
});

describe('the site client, against a listening site', () => {
  let test: TestSite;
  let app: FastifyInstance;
  let baseUrl = '';
  const operatorToken = 'airlock-site-op_the-client-test-operator-token-0123456789';
  beforeAll(async () => {
    test = await createTestSite();
    app = await createSiteApp({ site: test.site, operatorToken });
    baseUrl = await listening(app);
  });
  afterAll(async () => {
    await app?.close();
    await test?.site.close();
  });

  it('answers the typed status of a tenant to the operator', async () => {
    const site = createSiteClient({ baseUrl, token: operatorToken });
    const status = await site.get('/v1/tenants/{tenant}/status', { path: { tenant: 'default' } });
    expect(status).toEqual(JSON.parse(JSON.stringify(test.site.status('default'))));
    const info = await site.get('/v1/site');
    expect(info.guid).toBe(test.identity.guid);
  });

  it('rejects with the typed refusal of the site', async () => {
    const site = createSiteClient({ baseUrl, token: operatorToken });
    const refused = await refusalOf(site.get('/v1/tenants/{tenant}/status', { path: { tenant: 'no-such-tenant' } }));
    expect({ status: refused.status, code: refused.code, detail: refused.detail }).toEqual({
      status: 404,
      code: 'TENANT_NOT_FOUND',
      detail: expect.any(String),
    });
  });
});
