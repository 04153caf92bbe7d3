import { listRoutes, schemaSampler } from '@airlock/http/testing';
import type { FastifyRequest } from 'fastify';
import type { Access } from '../../../http/permissions.ts';

export { listRoutes };

/**
 * Test support for walking every route of the app: which routes exist (read from
 * `printRoutes`, so routes other features add are found without being named), what each one
 * declares (learned by probing it once), and request parts that pass its schema, so that a
 * refusal seen is the access rule's and not the validator's. Never for production.
 */

export interface RouteSeen {
  readonly method: string;
  /** The route's pattern, e.g. `/v1/customers/:customerId/sites`. */
  readonly url: string;
  readonly access: Access | undefined;
  readonly schema: { params?: unknown; body?: unknown; querystring?: unknown } | undefined;
}

/** Marks a request as a probe: the authenticator records the route and refuses it before anything runs. */
export const PROBE_HEADER = 'x-route-probe';

/** Wraps an authenticator so that probes report the route they reached. */
export function probingAuthenticator<P>(authenticate: (request: FastifyRequest) => P | Promise<P>, seen: RouteSeen[]): (request: FastifyRequest) => Promise<P> {
  return async (request) => {
    if (request.headers[PROBE_HEADER] === undefined) return authenticate(request);
    const route = request.routeOptions;
    seen.push({ method: request.method, url: route.url ?? '', access: route.config.access, schema: route.schema });
    throw new Error('probe');
  };
}

const formats: Record<string, string> = {
  uuid: '00000000-0000-4000-8000-000000000001',
  date: '2026-11-23',
  'date-time': '2026-11-23T10:00:00.000Z',
  email: 'someone@example.com',
};
const candidates = [
  'a',
  '1',
  'acme',
  formats.uuid!,
  formats.date!,
  '41.2',
  'someone@example.com',
  '#1f4fd1',
  'https://example.com/logo.png',
  'data:image/png;base64,AAAA',
  'acme/XBWJ-N5F3-EP7S-3BYJ',
  'we_sample-1',
];

/** A value the schema accepts: required properties only, the first choice of every union. */
export const sampleOf = schemaSampler({ formats, candidates, listedIn: 'route-walk.ts' });

/** The route's URL with each `:param` filled from `values`, else from a sample of its schema. */
export function fillPath(route: RouteSeen, values: Readonly<Record<string, string>>): string {
  const samples = sampleOf(route.schema?.params) as Record<string, unknown>;
  return route.url.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) =>
    encodeURIComponent(values[name] ?? (typeof samples[name] === 'string' ? samples[name] : formats.uuid!)),
  );
}

/** The query string a route requires, sampled from its schema ('' when it requires none). */
export function sampleQuery(route: RouteSeen): string {
  const query = sampleOf(route.schema?.querystring) as Record<string, unknown>;
  const pairs = Object.entries(query ?? {}).map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}
