import { describe, expect, it } from 'vitest';
import { expectCode } from '../test/test-vendor.ts';
import { siteClient } from './site-client.ts';

/** A fetch that answers every call with one response, and records what it was asked. */
function answering(status: number, body: unknown, type = 'application/json') {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fake = (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return Promise.resolve(new Response(text, { status, headers: { 'content-type': type } }));
  };
  return { calls, client: siteClient({ baseUrl: 'http://site.test/', appKey: 'ak_1', fetch: fake as unknown as typeof fetch, timeoutMs: 1000 }) };
}

describe('the site client', () => {
  it('sends the application key as a bearer token, JSON in and out', async () => {
    const { calls, client } = answering(200, { leaseId: 'l-1' });
    expect(await client.post('/v1/tenants/default/leases', { type: 'designer' })).toEqual({ leaseId: 'l-1' });
    expect(calls[0]!.url).toBe('http://site.test/v1/tenants/default/leases');
    expect(calls[0]!.init).toMatchObject({
      method: 'POST',
      body: '{"type":"designer"}',
      headers: { authorization: 'Bearer ak_1', 'content-type': 'application/json' },
    });
    await client.delete('/v1/tenants/default/leases/l-1');
    expect(calls[1]!.init).toMatchObject({ method: 'DELETE', headers: { authorization: 'Bearer ak_1' } });
    expect(calls[1]!.init!.body).toBeUndefined();
  });

  it('raises a problem with a known code as that code, with its detail', async () => {
    const { client } = answering(409, { status: 409, code: 'SEAT_LIMIT_REACHED', errors: { type: 'designer', limit: 5 } }, 'application/problem+json');
    const error = await expectCode(client.post('/v1/tenants/default/leases', {}), 'SEAT_LIMIT_REACHED');
    expect(error.detail).toEqual({ type: 'designer', limit: 5 });
  });

  it('raises SITE_UNREACHABLE for an unknown code, a non-JSON answer or no answer', async () => {
    await expectCode(answering(422, { code: 'SOMETHING_NEW' }).client.post('/x', {}), 'SITE_UNREACHABLE');
    await expectCode(answering(502, '<html>bad gateway</html>', 'text/html').client.post('/x', {}), 'SITE_UNREACHABLE');
    await expectCode(answering(200, '[1,2]').client.delete('/x'), 'SITE_UNREACHABLE');
    const failing = siteClient({ baseUrl: 'http://site.test', appKey: 'ak_1', fetch: () => Promise.reject(new TypeError('fetch failed')), timeoutMs: 1000 });
    const error = await expectCode(failing.post('/x', {}), 'SITE_UNREACHABLE');
    expect(error.detail).toEqual({ url: 'http://site.test', reason: 'fetch failed' });
  });
});
