import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAuthority, stores, type TestContext } from '../../test/harness.ts';
import { BODY_LIMIT, createApp, LIST_BODY_LIMIT, SMALL_BODY_LIMIT } from '../app.ts';
import { DEVICE_REQUESTS_PER_ADDRESS_PER_MINUTE } from '../features/devices/device-api-routes.ts';

/** What every response of the authority carries at its edge, whatever the route or the outcome. */
describe('the authority’s HTTP edge', () => {
  let running: TestContext & { dispose(): Promise<void> };
  let failing: TestContext & { dispose(): Promise<void> };
  beforeAll(async () => {
    const [store] = stores;
    if (!store) throw new Error('no store');
    running = await startTestAuthority(store);
    // An authenticator that fails the way a broken dependency would, with a path and a stack inside.
    failing = await startTestAuthority(store, {
      authenticate: () => Promise.reject(new Error('cannot open /srv/airlock/internal/secret-state.db')),
    });
  });
  afterAll(async () => {
    await running?.dispose();
    await failing?.dispose();
  });

  it('puts the security headers on answers, refusals and unknown routes', async () => {
    for (const url of ['/healthz', '/v1/customers/nobody', '/no/such/route']) {
      const response = await running.request({ method: 'GET', url });
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(response.headers['cache-control'], url).toBe('no-store');
      expect(response.headers['x-request-id'], url).toBeTruthy();
    }
  });

  it('hides what went wrong inside: no message, stack or path in the body of an internal error', async () => {
    const response = await failing.request({ method: 'GET', url: '/v1/products' });
    expect(response.statusCode).toBe(500);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({ code: 'INTERNAL_ERROR', status: 500, requestId: response.headers['x-request-id'] });
    expect(response.body).not.toMatch(/secret-state|\/srv\/|stack|at .*\.ts:\d+/);
  });

  it('refuses a body over the limit with DOCUMENT_TOO_LARGE before reading it all', async () => {
    const response = await running.request({
      method: 'POST',
      url: '/v1/customers',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(BODY_LIMIT + 1) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
  });

  it('reads at most 16 KiB of a body that takes no document: a sign-in of almost 2 MiB is refused unread', async () => {
    const response = await running.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'someone@example.com', password: 'p'.repeat(BODY_LIMIT - 100) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'DOCUMENT_TOO_LARGE' });
    const justOver = await running.request({ method: 'POST', url: '/v1/customers', payload: { id: 'big', name: 'x'.repeat(SMALL_BODY_LIMIT) } });
    expect(justOver.statusCode).toBe(413);
  });

  it('still takes a document of more than 16 KiB where one is uploaded, and a long list where one is set', async () => {
    // Junk, but read: the refusal is the document's, not the body limit's.
    const document = 'x'.repeat(SMALL_BODY_LIMIT * 4);
    const lfr = await running.request({ method: 'POST', url: '/v1/customers/acme/lfrs', payload: { text: document } });
    expect(lfr.statusCode).not.toBe(413);
    const activation = await running.app.inject({ method: 'POST', url: '/v1/portal/activations', payload: { request: document } });
    expect(activation.statusCode).toBe(400);
    expect(activation.json()).toMatchObject({ code: 'DOCUMENT_MALFORMED' });
    const entitlements = Array.from({ length: 1000 }, (_, i) => ({ licenseTypeId: `license-type-${i}`, quantity: 1 }));
    expect(JSON.stringify({ entitlements }).length).toBeGreaterThan(SMALL_BODY_LIMIT);
    const list = await running.request({ method: 'PUT', url: '/v1/customers/nobody/entitlements', payload: { entitlements } });
    expect(list.statusCode).toBe(404);
    const tooLong = await running.request({
      method: 'PUT',
      url: '/v1/customers/nobody/entitlements',
      payload: { entitlements, pad: 'x'.repeat(LIST_BODY_LIMIT) },
    });
    expect(tooLong.statusCode).toBe(413);
  });

  it('refuses NUL and unpaired surrogates in a sign-in with REQUEST_INVALID, to a caller who is not signed in', async () => {
    for (const email of ['nul\u0000user@x', 'half\ud800@x', 'half\udc00@x']) {
      const response = await running.app.inject({
        method: 'POST',
        url: '/v1/auth/sign-in',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ email, password: 'whatever' }),
      });
      expect(response.statusCode, JSON.stringify(email)).toBe(400);
      expect(response.json()).toMatchObject({ code: 'REQUEST_INVALID', errors: { field: 'body/email' } });
    }
    // The same bytes as a raw JSON escape, as a client would write them.
    const raw = await running.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":"nul\\u0000user@x","password":"x"}',
    });
    expect(raw.json()).toMatchObject({ code: 'REQUEST_INVALID', errors: { field: 'body/email', reason: 'U+0000 at 3 is not allowed' } });
  });

  it('answers a URL it cannot decode with REQUEST_INVALID as problem+json', async () => {
    const response = await running.request({ method: 'GET', url: '/v1/customers/%ED%A0%80' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'REQUEST_INVALID' });
  });

  it('counts a client behind a trusted proxy by its forwarded address, and ignores the header from anyone else', async () => {
    const behindProxy = await createApp(running.deps, { trustProxy: ['10.0.0.0/8'] });
    try {
      const send = (remoteAddress: string, forwardedFor: string) =>
        behindProxy.inject({
          method: 'POST',
          url: '/v1/portal/activations',
          payload: { request: 'junk' },
          remoteAddress,
          headers: { 'x-forwarded-for': forwardedFor },
        });
      for (let i = 0; i < DEVICE_REQUESTS_PER_ADDRESS_PER_MINUTE; i++) expect((await send('10.1.2.3', '203.0.113.9')).statusCode).toBe(400);
      expect((await send('10.1.2.3', '203.0.113.9')).json()).toMatchObject({ code: 'RATE_LIMITED' });
      // Another client through the same proxy has its own budget.
      expect((await send('10.1.2.3', '203.0.113.10')).statusCode).toBe(400);
      // A client that is not a trusted proxy cannot borrow an address by forging the header.
      for (let i = 0; i < DEVICE_REQUESTS_PER_ADDRESS_PER_MINUTE; i++) expect((await send('198.51.100.1', `203.0.113.${100 + i}`)).statusCode).toBe(400);
      expect((await send('198.51.100.1', '203.0.113.250')).json()).toMatchObject({ code: 'RATE_LIMITED' });
    } finally {
      await behindProxy.close();
    }
  });
});
