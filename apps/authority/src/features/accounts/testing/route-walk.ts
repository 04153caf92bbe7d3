import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Access } from '../../../http/permissions.ts';

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

/** Every method and pattern the app answers, HEAD routes (Fastify's copies of GET) left out. */
export function listRoutes(app: FastifyInstance): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│├└─\s]*)(\S+)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4 - 1;
    const url = (prefixes[depth - 1] ?? '') + match[2]!;
    prefixes[depth] = url;
    prefixes.length = depth + 1;
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) if (method !== 'HEAD') routes.push({ method, url });
  }
  return routes;
}

/** Marks a request as a probe: the authenticator records the route and refuses it before anything runs. */
export const PROBE_HEADER = 'x-route-probe';

/** Wraps an authenticator so that probes report the route they reached. */
export function probingAuthenticator<P>(authenticate: (request: FastifyRequest) => Promise<P>, seen: RouteSeen[]): (request: FastifyRequest) => Promise<P> {
  return async (request) => {
    if (request.headers[PROBE_HEADER] === undefined) return authenticate(request);
    const route = request.routeOptions;
    seen.push({ method: request.method, url: route.url ?? '', access: route.config.access, schema: route.schema });
    throw new Error('probe');
  };
}

interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
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
export function sampleOf(schema: unknown): unknown {
  const s = (schema ?? {}) as JsonSchema;
  if ('const' in s) return s.const;
  if (s.enum) return s.enum[0];
  const choice = s.anyOf?.[0] ?? s.oneOf?.[0];
  if (choice) return sampleOf(choice);
  if (s.allOf) return Object.assign({}, ...(s.allOf.map(sampleOf) as object[]));
  switch (Array.isArray(s.type) ? s.type[0] : s.type) {
    case 'object':
      return Object.fromEntries((s.required ?? []).map((key) => [key, sampleOf(s.properties?.[key])]));
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sampleOf(s.items));
    case 'integer':
    case 'number':
      return s.minimum ?? (s.exclusiveMinimum === undefined ? 1 : s.exclusiveMinimum + 1);
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'string':
      return sampleString(s);
    default:
      return {};
  }
}

function sampleString(s: JsonSchema): string {
  if (s.format && formats[s.format]) return formats[s.format]!;
  const fits = (text: string) =>
    text.length >= (s.minLength ?? 0) && text.length <= (s.maxLength ?? Infinity) && (!s.pattern || new RegExp(s.pattern, 'u').test(text));
  for (const candidate of candidates) {
    const padded = candidate.repeat(Math.max(1, Math.ceil((s.minLength ?? 0) / candidate.length))).slice(0, Math.max(candidate.length, s.minLength ?? 0));
    for (const text of [candidate, padded]) if (fits(text)) return text;
  }
  throw new Error(`no sample string for ${JSON.stringify(s)}: add a candidate to route-walk.ts`);
}

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
