import { describe, expect, it } from 'vitest';
import { expectCode } from '../test/test-vendor.ts';
import { authorityClient } from './authority-client.ts';

/** A fetch that answers every call with one response, and records what it was asked. */
function answering(status: number, body: unknown, type = 'application/json') {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fake = (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return Promise.resolve(new Response(text, { status, headers: { 'content-type': type } }));
  };
  return { calls, client: authorityClient({ baseUrl: 'http://authority.test/', fetch: fake as unknown as typeof fetch, timeoutMs: 1000 }) };
}

describe('the authority client', () => {
  it('posts JSON and returns the JSON answer', async () => {
    const { calls, client } = answering(200, { text: 'file' });
    expect(await client.post('/v1/devices/activate', { request: 'r' })).toEqual({ text: 'file' });
    expect(calls[0]!.url).toBe('http://authority.test/v1/devices/activate');
    expect(calls[0]!.init).toMatchObject({ method: 'POST', body: '{"request":"r"}', headers: { 'content-type': 'application/json' } });
  });

  it('raises a problem with a known code as that code, with its detail', async () => {
    const { client } = answering(422, { status: 422, code: 'ACTIVATIONS_EXHAUSTED', errors: { maxActivations: 1 } }, 'application/problem+json');
    const error = await expectCode(client.post('/v1/devices/activate', {}), 'ACTIVATIONS_EXHAUSTED');
    expect(error.detail).toEqual({ maxActivations: 1 });
  });

  it('raises AUTHORITY_UNREACHABLE for an unknown code, a non-JSON answer or no answer', async () => {
    await expectCode(answering(422, { code: 'SOMETHING_NEW' }).client.post('/x', {}), 'AUTHORITY_UNREACHABLE');
    await expectCode(answering(502, '<html>bad gateway</html>', 'text/html').client.post('/x', {}), 'AUTHORITY_UNREACHABLE');
    await expectCode(answering(200, '[1,2]').client.post('/x', {}), 'AUTHORITY_UNREACHABLE');
    const failing = authorityClient({ baseUrl: 'http://authority.test', fetch: () => Promise.reject(new TypeError('fetch failed')), timeoutMs: 1000 });
    const error = await expectCode(failing.get('/v1/keys/root'), 'AUTHORITY_UNREACHABLE');
    expect(error.detail).toEqual({ url: 'http://authority.test', reason: 'fetch failed' });
  });
});
