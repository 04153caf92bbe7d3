import { readFileSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import type { Database } from '../../db/schema.ts';
import { describeEachStore } from '../../../test/harness.ts';

describeEachStore('operations', (context) => {
  it('answers liveness and readiness while the database answers', async () => {
    const { request } = context();
    const health = await request({ method: 'GET', url: '/healthz', as: { kind: 'anonymous' } });
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect({ status: health.statusCode, body: health.json() }).toEqual({
      status: 200,
      body: { status: 'ok', product: 'airlock', component: 'authority', version, formats: { documents: { writes: 1, reads: [1] } } },
    });
    const ready = await request({ method: 'GET', url: '/readyz', as: { kind: 'anonymous' } });
    expect({ status: ready.statusCode, body: ready.json() }).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const { request } = context();
    const response = await request({ method: 'GET', url: '/openapi.json', as: { kind: 'anonymous' } });
    expect(response.statusCode).toBe(200);
    const document = JSON.parse(response.body) as { openapi: string; paths: Record<string, Record<string, { security?: unknown[]; tags?: string[] }>> };
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    for (const path of [
      '/v1/products',
      '/v1/audit',
      '/v1/keys',
      '/v1/keys/rotate',
      '/v1/keys/{kid}/revoke',
      '/v1/keys/root',
      '/healthz',
      '/readyz',
      '/metrics',
      '/openapi.json',
    ]) {
      expect(document.paths, path).toHaveProperty([path]);
    }
    expect(document.paths['/v1/keys/rotate']!.post).toMatchObject({ tags: ['keys'], security: [{ apiToken: [] }, { session: [] }] });
    expect(document.paths['/v1/keys/root']!.get).toMatchObject({ security: [] });
  });

  it('counts requests in a Prometheus histogram by method, route pattern and status', async () => {
    const { request } = context();
    await request({ method: 'GET', url: '/v1/products' });
    await request({ method: 'GET', url: '/v1/keys/no-such-kid/nothing' });
    const metrics = await request({ method: 'GET', url: '/metrics', as: { kind: 'anonymous' } });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('# TYPE airlock_http_request_duration_seconds histogram');
    expect(metrics.body).toMatch(/airlock_http_request_duration_seconds_count\{method="GET",route="\/v1\/products",status="200"\} 1\n/);
    expect(metrics.body).toMatch(/airlock_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1\n/);
    expect(metrics.body).toContain('airlock_process_cpu_seconds_total');
  });

  it('says it is not ready, as problem+json, when the database does not answer', async () => {
    const { deps } = context();
    // The same app over a database that refuses connections (nothing listens on port 1).
    const unreachable = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: 'postgres://127.0.0.1:1/none' }) }) });
    const app = await createApp({ ...deps, db: unreachable });
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.headers['content-type']).toContain('application/problem+json');
      expect(ready.json()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', title: 'SERVICE_UNAVAILABLE' });
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await unreachable.destroy();
    }
  });
});
