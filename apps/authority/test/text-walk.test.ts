import { MINUTE } from '@airlock/core';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { FREE_TEXT_PATTERN } from '@airlock/core/internal';
import { compileRouteSchemas } from '@airlock/http';
import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import { listRoutes, PROBE_HEADER, probingAuthenticator, sampleOf, type RouteSeen } from '../src/features/accounts/testing/route-walk.ts';
import { admin, describeEachStore, principalFromTestHeader } from './harness.ts';

/**
 * No string a client sends reaches the authority's storage with NUL, an unpaired surrogate or a
 * control character: this suite finds every route the app has (routes added later included),
 * fills each string it takes — path parameter, query field, body field at any depth, optional
 * ones too — with such a character, one at a time, signed in as an administrator so that access
 * hides nothing, and expects REQUEST_INVALID every time, with nothing written.
 */

interface Bad {
  readonly name: string;
  readonly text: string;
  /** How a URL carries it; null when a URL cannot (percent-encoded UTF-8 has no unpaired surrogate: the query parser keeps such a sequence as the literal text `%ED%A0%80`). */
  readonly encoded: string;
  readonly inQuery: boolean;
  /** Free text (a note, a document) may hold it; a name may not. */
  readonly freeTextMayHold: boolean;
}

/** What no string may hold (NUL, an unpaired surrogate, ESC, DEL, a C1 control), and a line feed, which only free text may. */
const forbidden: Bad[] = [
  { name: 'NUL', text: '\u0000', encoded: '%00', inQuery: true, freeTextMayHold: false },
  { name: 'high surrogate', text: '\ud800', encoded: '%ED%A0%80', inQuery: false, freeTextMayHold: false },
  { name: 'low surrogate', text: '\udc00', encoded: '%ED%B0%80', inQuery: false, freeTextMayHold: false },
  { name: 'ESC', text: '\u001b', encoded: '%1B', inQuery: true, freeTextMayHold: false },
  { name: 'DEL', text: '\u007f', encoded: '%7F', inQuery: true, freeTextMayHold: false },
  { name: 'NEL (C1)', text: '\u0085', encoded: '%C2%85', inQuery: true, freeTextMayHold: false },
  { name: 'line feed', text: '\n', encoded: '%0A', inQuery: true, freeTextMayHold: true },
];

const seen: RouteSeen[] = [];
const nameOf = (route: { method: string; url: string }) => `${route.method} ${route.url}`;

describeEachStore(
  'unsafe text at the edge',
  (context) => {
    let routes: RouteSeen[] = [];

    beforeAll(async () => {
      const { app } = context();
      seen.length = 0;
      for (const route of listRoutes(app)) {
        await app.inject({ method: route.method as 'GET', url: route.url.replace(/:[A-Za-z0-9_]+/g, 'probe'), headers: { [PROBE_HEADER]: '1' } });
      }
      routes = [...seen];
    });

    it("compiles every route's request and response schemas (the app compiles each at its route's first request)", () => {
      expect(compileRouteSchemas(context().app)).toBeGreaterThan(100);
    });

    it('finds the routes that take text, from the sign-in to the document uploads', () => {
      const names = routes.map(nameOf);
      expect(names).toEqual(
        expect.arrayContaining(['POST /v1/auth/login', 'POST /v1/customers', 'POST /v1/customers/:customerId/lfrs', 'POST /v1/device-licenses']),
      );
    });

    it('refuses every forbidden character in every string of every route with REQUEST_INVALID, and writes nothing', async () => {
      const { database, clock, app } = context();
      const before = await countEverything(database.db);
      const answers: string[] = [];
      let calls = 0;
      for (const route of routes) {
        for (const probe of probesOf(route)) {
          for (const bad of forbidden) {
            // A URL cannot carry an unpaired surrogate into a query; free text may break lines, and so
            // may a path segment of a page no schema declares (the app-wide rule alone holds there).
            if ((probe.inQuery && !bad.inQuery) || (bad.freeTextMayHold && (probe.freeText || !probe.declared))) continue;
            // Past every per-minute limit: the answer is the text's, never RATE_LIMITED.
            clock.advance(MINUTE + 1);
            const response: LightMyRequestResponse = await app.inject({
              method: route.method as 'GET',
              url: probe.url(bad),
              headers: { 'x-test-principal': JSON.stringify(admin), 'content-type': 'application/json' },
              ...(probe.body ? { payload: JSON.stringify(probe.body(bad.text)) } : {}),
            });
            calls += 1;
            const code = response.statusCode >= 400 ? response.json<{ code?: string }>().code : '';
            if (response.statusCode !== 400 || code !== 'REQUEST_INVALID')
              answers.push(`${nameOf(route)} ${probe.where} ${bad.name}: ${response.statusCode} ${code ?? ''}`);
          }
        }
      }
      expect(answers).toEqual([]);
      expect(calls).toBeGreaterThan(500);
      expect(await countEverything(database.db)).toEqual(before);
    });
  },
  ({ db: _db }) => ({ authenticate: probingAuthenticator(principalFromTestHeader, seen) }),
);

interface Probe {
  /** Which string is bad, e.g. `body/items/0/product` or `params/customerId`. */
  readonly where: string;
  readonly inQuery: boolean;
  /** The field is free text (FREE_TEXT_PATTERN): it may break lines. */
  readonly freeText: boolean;
  /** A schema declares the field. */
  readonly declared: boolean;
  url(bad: { text: string; encoded: string }): string;
  body?: (bad: string) => unknown;
}

/** One probe per string the route takes: each fills that string with a forbidden character. */
function probesOf(route: RouteSeen): Probe[] {
  const params = Object.fromEntries(paramNames(route.url).map((name) => [name, paramSample(route, name)]));
  const querySchema = route.schema?.querystring as JsonSchema | undefined;
  const query = fullSampleOf(querySchema) as Record<string, unknown> | undefined;
  const bodySample = route.schema?.body === undefined ? undefined : sampleWithStrings(route.schema.body as JsonSchema);
  const body = bodySample?.value;
  const paramSchemas = (route.schema?.params as JsonSchema | undefined)?.properties ?? {};
  const urlWith = (paramValues: Record<string, string>, queryPart: string) =>
    route.url.replace(/:([A-Za-z0-9_]+)|\*$/g, (_m, name: string | undefined) => paramValues[name ?? '*'] ?? 'x') + queryPart;
  const encode = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)]));
  const goodQuery = query ? queryString(query) : '';
  const goodBody = body === undefined ? undefined : () => body;
  const probes: Probe[] = [];
  for (const name of Object.keys(params)) {
    probes.push({
      where: `params/${name}`,
      inQuery: false,
      freeText: isFreeText(paramSchemas[name]),
      declared: paramSchemas[name] !== undefined,
      url: (bad) => urlWith({ ...encode(params), [name]: spoil(encodeURIComponent(params[name]!), bad.encoded) }, goodQuery),
      ...(goodBody ? { body: goodBody } : {}),
    });
  }
  for (const [name, value] of Object.entries(query ?? {})) {
    if (typeof value !== 'string') continue;
    probes.push({
      where: `querystring/${name}`,
      inQuery: true,
      freeText: isFreeText(querySchema?.properties?.[name]),
      declared: true,
      url: (bad) => urlWith(encode(params), queryString(query ?? {}, { [name]: spoil(encodeURIComponent(value), bad.encoded) })),
      ...(goodBody ? { body: goodBody } : {}),
    });
  }
  for (const { path, schema } of bodySample?.strings ?? []) {
    probes.push({
      where: `body${path.map((step) => `/${step}`).join('')}`,
      inQuery: false,
      freeText: isFreeText(schema),
      declared: true,
      url: () => urlWith(encode(params), goodQuery),
      body: (bad) => replaceAt(body, path, bad),
    });
  }
  return probes;
}

function paramNames(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]!).concat(url.endsWith('*') ? ['*'] : []);
}

function paramSample(route: RouteSeen, name: string): string {
  const sample = (sampleOf(route.schema?.params) ?? {}) as Record<string, unknown>;
  return typeof sample[name] === 'string' ? sample[name] : 'probe';
}

/** Replaces the middle character of a string (or an encoded one) with the bad one, keeping its length in characters. */
function spoil(text: string, bad: string): string {
  const middle = Math.floor(text.length / 2);
  return text.slice(0, middle) + bad + text.slice(middle + 1);
}

function queryString(values: Record<string, unknown>, raw: Record<string, string> = {}): string {
  const pairs = Object.entries(values).map(([key, value]) => `${encodeURIComponent(key)}=${raw[key] ?? encodeURIComponent(String(value))}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

interface JsonSchema {
  type?: string | string[];
  pattern?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
}

/** A value the schema accepts with every optional property filled and one item in each list. */
function fullSampleOf(schema: unknown): unknown {
  const s = (schema ?? undefined) as JsonSchema | undefined;
  if (s === undefined) return undefined;
  const choice = s.anyOf?.[0] ?? s.oneOf?.[0];
  if (choice) return fullSampleOf(choice);
  if (s.allOf) return Object.assign({}, ...(s.allOf.map(fullSampleOf) as object[]));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object' && s.properties) return Object.fromEntries(Object.entries(s.properties).map(([key, inner]) => [key, fullSampleOf(inner)]));
  if (type === 'array') return [fullSampleOf(s.items)];
  return sampleOf(s);
}

const isFreeText = (schema: JsonSchema | undefined) => schema?.pattern === FREE_TEXT_PATTERN;

/** A full sample of the schema, with the path and schema of every string in it. */
function sampleWithStrings(schema: JsonSchema, at: (string | number)[] = []): { value: unknown; strings: { path: (string | number)[]; schema: JsonSchema }[] } {
  const choice = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (choice) return sampleWithStrings(choice, at);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' && schema.properties) {
    const value: Record<string, unknown> = {};
    const strings: { path: (string | number)[]; schema: JsonSchema }[] = [];
    for (const [key, inner] of Object.entries(schema.properties)) {
      const sample = sampleWithStrings(inner, [...at, key]);
      value[key] = sample.value;
      strings.push(...sample.strings);
    }
    return { value, strings };
  }
  if (type === 'array' && schema.items) {
    const sample = sampleWithStrings(schema.items, [...at, 0]);
    return { value: [sample.value], strings: sample.strings };
  }
  const value = fullSampleOf(schema);
  return { value, strings: typeof value === 'string' ? [{ path: at, schema }] : [] };
}

function replaceAt(value: unknown, path: (string | number)[], bad: string): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let holder = copy;
  for (const step of path.slice(0, -1)) holder = holder[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  holder[last] = spoil(String(holder[last]), bad);
  return copy;
}

/** Rows in every table of the authority's database. */
async function countEverything(db: Db): Promise<Record<string, number>> {
  const tables = await sql<{
    name: string;
  }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(
    db,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables.rows) counts[name] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(db)).rows[0]!.n;
  expect(Object.keys(counts).length).toBeGreaterThan(10);
  return counts;
}
