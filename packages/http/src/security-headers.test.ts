import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { addSecurityHeaders } from './security-headers.ts';

async function appWith(https: boolean) {
  const app = Fastify();
  addSecurityHeaders(app, { https });
  app.get('/data', async () => ({ ok: true }));
  app.get('/asset', async (_request, reply) => reply.header('cache-control', 'public, max-age=3600').send('body'));
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  return app;
}

describe('addSecurityHeaders', () => {
  it('puts the headers on answers, errors and unknown routes alike', async () => {
    const app = await appWith(false);
    for (const url of ['/data', '/boom', '/nowhere']) {
      const response = await app.inject({ url });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('adds HSTS over HTTPS and keeps a route’s own caching', async () => {
    const app = await appWith(true);
    const response = await app.inject({ url: '/asset' });
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(response.headers['cache-control']).toBe('public, max-age=3600');
  });
});
