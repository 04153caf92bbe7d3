import type { FastifyInstance } from 'fastify';
import { declaredRoutes, type DeclaredRoute } from '../http/app.ts';

/**
 * Test support for walking every route of the site's app: which routes exist, read from
 * Fastify's own route table (`printRoutes`), so a route added anywhere is found without being
 * named; what each declared (its `siteAccess` and schema); and request parts that pass its
 * schema, so that a refusal seen is the access rule's and not the validator's. Never for production.
 */

/** Every method and pattern the app answers, HEAD routes (Fastify's copies of GET) left out. */
function listRoutes(app: FastifyInstance): { method: string; url: string }[] {
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

/** Every route of the table with what it declared; throws when one was not declared through the app (it could not be checked). */
export function walkRoutes(app: FastifyInstance): DeclaredRoute[] {
  const declared = declaredRoutes(app);
  return listRoutes(app).map(({ method, url }) => {
    const route = declared.find((candidate) => candidate.method === method && candidate.url === url);
    if (!route) throw new Error(`${method} ${url} is in the route table but was not declared through createSiteApp`);
    return route;
  });
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
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

const candidates = ['a', '1', 'sample', 'text', '0123456789abcdef'];

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
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      return sampleString(s);
    default:
      return {};
  }
}

function sampleString(s: JsonSchema): string {
  const fits = (text: string) =>
    text.length >= (s.minLength ?? 0) && text.length <= (s.maxLength ?? Infinity) && (!s.pattern || new RegExp(s.pattern, 'u').test(text));
  for (const candidate of candidates) {
    const padded = candidate.repeat(Math.max(1, Math.ceil((s.minLength ?? 0) / candidate.length))).slice(0, Math.max(candidate.length, s.minLength ?? 0));
    for (const text of [candidate, padded]) if (fits(text)) return text;
  }
  throw new Error(`no sample string for ${JSON.stringify(s)}: add a candidate to route-table.ts`);
}

/** The route's URL with each `:param` filled from `values`, else from a sample of its schema. */
export function fillPath(route: DeclaredRoute, values: Readonly<Record<string, string>>): string {
  const samples = (sampleOf(route.schema?.params) ?? {}) as Record<string, unknown>;
  return route.url.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) =>
    encodeURIComponent(values[name] ?? (typeof samples[name] === 'string' ? samples[name] : 'a')),
  );
}
