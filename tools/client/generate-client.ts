/**
 * `npm run client:generate`: writes @airlock/client's generated types from the OpenAPI documents
 * the authority and the site serve. Each app is built in process by its own factory, on a
 * throwaway store (an in-memory PGlite for the authority, an in-memory ledger for the site), and
 * asked for `GET /openapi.json`, as a client would; nothing listens and nothing is kept.
 *
 * The documents are the one source of the API's types (docs/design.md, "Boundaries in the
 * code"): the route schemas validate the requests and serialize the answers, the documents are
 * made from those schemas, and the types are made from the documents. The check
 * (packages/client/test/generated.integration.test.ts) regenerates in memory and fails when the
 * committed files differ.
 *
 * The output is deterministic: every object of the documents is read with its keys sorted, so
 * the order in which features register their routes changes nothing, and two people adding
 * routes in parallel each get the same file for the same routes.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, inMemoryAuthorityKeys, openDatabase } from '@airlock/authority';
import { createTestAuthority } from '@airlock/core/testing';
import type { FastifyInstance } from 'fastify';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { createSiteApp } from '../../apps/site/src/http/app.ts';
import { createTestSite } from '../../apps/site/src/testing/site-fixtures.ts';

export const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

/** The command that rewrites the generated files, as the check's failure names it. */
export const GENERATE_COMMAND = 'npm run client:generate';

export type ApiName = 'authority' | 'site';

export interface GeneratedFile {
  /** From the repository's root, with forward slashes. */
  readonly path: string;
  readonly text: string;
}

/** Where each API's types go, from the repository's root. */
export const generatedPaths: Readonly<Record<ApiName, string>> = {
  authority: 'packages/client/src/generated/authority.ts',
  site: 'packages/client/src/generated/site.ts',
};

/** A fixed instant: the documents do not depend on it, but the apps want a clock. */
const EPOCH = new Date('2026-01-01T00:00:00Z');

async function documentOf(app: FastifyInstance, name: ApiName): Promise<OpenAPI3> {
  const response = await app.inject({ method: 'GET', url: '/openapi.json' });
  if (response.statusCode !== 200) throw new Error(`the ${name}'s GET /openapi.json answered ${response.statusCode}: ${response.body.slice(0, 500)}`);
  return sortedKeys(JSON.parse(response.body)) as OpenAPI3;
}

/** The authority's served document, from an app on an in-memory store. */
async function authorityDocument(): Promise<OpenAPI3> {
  const database = await openDatabase({ kind: 'embedded', dataDir: null });
  try {
    const authority = await createTestAuthority('client-generate/authority', EPOCH);
    const app = await createApp({
      db: database.db,
      clock: { now: () => new Date(EPOCH) },
      random: { bytes: (n) => new Uint8Array(randomBytes(n)) },
      keys: inMemoryAuthorityKeys({
        root: authority.root,
        signer: authority.signer,
        encryptionKey: authority.encryptionKey,
        encryptionCertificate: authority.encryptionCertificate,
      }),
      authenticate: () => Promise.resolve({ kind: 'anonymous' }),
    });
    try {
      return await documentOf(app, 'authority');
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

/** The site's served document, from an app on an in-memory ledger. */
async function siteDocument(): Promise<OpenAPI3> {
  const test = await createTestSite({ seed: 'client-generate/site' });
  try {
    const app = await createSiteApp({ site: test.site });
    try {
      return await documentOf(app, 'site');
    } finally {
      await app.close();
    }
  } finally {
    await test.site.close();
  }
}

/** Both servers' documents, as they serve them, with every object's keys sorted. */
export async function servedDocuments(): Promise<Record<ApiName, OpenAPI3>> {
  const [authority, site] = await Promise.all([authorityDocument(), siteDocument()]);
  return { authority, site };
}

/** A copy with the keys of every object in sorted order (arrays keep theirs: it is meaningful). */
export function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortedKeys(inner)]));
}

const titles: Record<ApiName, string> = { authority: "the authority's", site: "the site's" };

/** One API's generated module: `paths` (and whatever the document names) as TypeScript types. */
export async function typesOf(name: ApiName, document: OpenAPI3): Promise<string> {
  const ast = await openapiTS(document, { immutable: true, alphabetize: true, silent: true, exportType: false, rootTypes: false });
  const version = document.info.version;
  return [
    '/**',
    ` * The types of ${titles[name]} HTTP API (version ${version}), generated from the OpenAPI document it`,
    ` * serves at GET /openapi.json. Do not edit: change the route schemas, then run \`${GENERATE_COMMAND}\`.`,
    ' */',
    '',
    astToString(ast).trimEnd(),
    '',
  ].join('\n');
}

/** Every generated file, as the served documents make it now. */
export async function generatedClientFiles(): Promise<GeneratedFile[]> {
  const documents = await servedDocuments();
  const names: ApiName[] = ['authority', 'site'];
  return Promise.all(names.map(async (name) => ({ path: generatedPaths[name], text: await typesOf(name, documents[name]) })));
}

/** The generated files whose committed text differs from `files` (absent ones included). */
export async function staleFiles(files: readonly GeneratedFile[]): Promise<string[]> {
  const stale: string[] = [];
  for (const file of files) {
    const committed = await readFile(join(REPOSITORY, file.path), 'utf8').catch(() => null);
    if (committed !== file.text) stale.push(file.path);
  }
  return stale;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const files = await generatedClientFiles();
  const stale = await staleFiles(files);
  for (const file of files) if (stale.includes(file.path)) await writeFile(join(REPOSITORY, file.path), file.text);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${stale.length === 0 ? 'client types already up to date' : `wrote ${stale.join(', ')}`} (${seconds} s)\n`);
}
