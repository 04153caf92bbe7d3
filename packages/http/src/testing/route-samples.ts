import type { FastifyInstance } from 'fastify';

/**
 * What the servers' route walks share (the authority's access and text walks, the site's access
 * walk): every route of an app read from Fastify's own table, so a route added anywhere is found
 * without being named, and request parts that pass a route's schema, so that a refusal seen is the
 * access rule's and not the validator's. For tests; never for production.
 */

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

/** How a server's walk samples strings: a value per `format`, else the first candidate that fits. */
export interface SampleStrings {
  readonly formats?: Readonly<Record<string, string>>;
  readonly candidates: readonly string[];
  /** The file that lists the candidates, named when none fits. */
  readonly listedIn: string;
}

/**
 * A function giving a value the schema accepts: required properties only, the first choice of
 * every union, strings from `strings`.
 *
 * @example
 * ```ts
 * const sampleOf = schemaSampler({ candidates: ['a', '1'], listedIn: 'route-table.ts' });
 * const payload = sampleOf(route.schema?.body);
 * ```
 */
export function schemaSampler(strings: SampleStrings): (schema: unknown) => unknown {
  const sampleString = (s: JsonSchema): string => {
    const format = s.format === undefined ? undefined : strings.formats?.[s.format];
    if (format !== undefined) return format;
    const fits = (text: string) =>
      text.length >= (s.minLength ?? 0) && text.length <= (s.maxLength ?? Infinity) && (!s.pattern || new RegExp(s.pattern, 'u').test(text));
    for (const candidate of strings.candidates) {
      const padded = candidate.repeat(Math.max(1, Math.ceil((s.minLength ?? 0) / candidate.length))).slice(0, Math.max(candidate.length, s.minLength ?? 0));
      for (const text of [candidate, padded]) if (fits(text)) return text;
    }
    throw new Error(`no sample string for ${JSON.stringify(s)}: add a candidate to ${strings.listedIn}`);
  };
  const sampleOf = (schema: unknown): unknown => {
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
  };
  return sampleOf;
}
