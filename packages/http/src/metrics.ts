import type { FastifyInstance } from 'fastify';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics at `GET /metrics`, the same on both servers: the process's own (prefixed
 * `airlock_`) and a request-duration histogram by method, route pattern (never the raw URL,
 * whose ids would explode the series) and status. Each app has a registry of its own, so apps
 * built side by side (tests, replicas in one process) never share or collide on a metric; a
 * server adds its own metrics to the registry this returns.
 *
 * @example
 * ```ts
 * const registry = registerMetrics(app, { access: 'public' });
 * new Counter({ name: 'airlock_things_total', help: 'Things done.', registers: [registry] });
 * ```
 */
export function registerMetrics(app: FastifyInstance, routeConfig: Record<string, unknown>): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'airlock_' });
  const duration = new Histogram({
    name: 'airlock_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  // A callback hook: it runs on every request, and a promise each costs (docs/design.md, "A lean read path").
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    done();
  });
  // Documented under the server's operations tag; the OpenAPI keywords are typed by the server's
  // own OpenAPI plugin, which this package does not load.
  const schema: Record<string, unknown> = { tags: ['operations'], summary: 'Prometheus metrics (text exposition format)' };
  app.get(
    '/metrics',
    {
      logLevel: 'warn',
      config: routeConfig,
      schema,
    },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
  return registry;
}
