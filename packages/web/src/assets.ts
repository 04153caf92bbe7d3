import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';
import type { PageAssets } from './layout.ts';

/**
 * The kit's static files — the stylesheet, the client script and its modules, and the QR
 * decoder (`jsqr`, served from node_modules) — read once at start and served from the app's
 * own origin, as the Content-Security-Policy requires.
 */

/** The kit's own files, by the name they are served under. */
const kitFiles: Readonly<Record<string, string>> = {
  'airlock.css': fileURLToPath(new URL('../assets/airlock.css', import.meta.url)),
  'airlock.js': fileURLToPath(new URL('../assets/airlock.js', import.meta.url)),
  'forms.js': fileURLToPath(new URL('../assets/forms.js', import.meta.url)),
  'problems.js': fileURLToPath(new URL('../assets/problems.js', import.meta.url)),
  'qr-reader.js': fileURLToPath(new URL('../assets/qr-reader.js', import.meta.url)),
  'qr-chunks.js': fileURLToPath(new URL('../assets/qr-chunks.js', import.meta.url)),
  'countdown.js': fileURLToPath(new URL('../assets/countdown.js', import.meta.url)),
  'jsqr.js': createRequire(import.meta.url).resolve('jsqr'),
};

const contentTypes: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** A year: what a URL carrying the file's version may be cached for. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Unversioned URLs (module imports) are revalidated by ETag every time. */
const REVALIDATE = 'no-cache';

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly version: string;
  readonly etag: string;
}

export interface WebAssets {
  /** The path prefix, e.g. `/assets/`. */
  readonly prefix: string;
  /** Every file served. */
  readonly names: readonly string[];
  /** A file's URL with its version, cacheable for a year: `/assets/airlock.css?v=…`. */
  url(name: string): string;
  /** The URLs `page()` needs. */
  pageAssets(): PageAssets;
  /**
   * The Fastify plugin that serves the files. `routeConfig` is merged into the route's
   * `config` (an app's access rule, for instance).
   */
  readonly plugin: FastifyPluginAsync<{ routeConfig?: object }>;
}

/**
 * Reads the kit's files (and `extra` ones: name → absolute path) and returns what serves them.
 *
 * @example
 * ```ts
 * const assets = await loadWebAssets({ extra: { 'logo.svg': '/srv/brand/logo.svg' } });
 * await app.register(assets.plugin, { routeConfig: { access: 'public' } });
 * page({ ..., assets: assets.pageAssets() });
 * ```
 */
export async function loadWebAssets(options: { readonly prefix?: string; readonly extra?: Readonly<Record<string, string>> } = {}): Promise<WebAssets> {
  const prefix = options.prefix ?? '/assets/';
  if (!/^\/(?:[a-z0-9-]+\/)*$/.test(prefix)) throw new Error(`the assets prefix must be a path ending in "/", not ${prefix}`);
  const files = { ...kitFiles, ...options.extra };
  const assets = new Map<string, Asset>();
  for (const [name, file] of Object.entries(files)) {
    if (!/^[a-z0-9][a-z0-9.-]*$/.test(name)) throw new Error(`an asset name must be lower-case letters, digits, dots and dashes: ${name}`);
    const type = contentTypes[extname(name)];
    if (!type) throw new Error(`no content type known for the asset ${name}`);
    const body = await readFile(file);
    const version = createHash('sha256').update(body).digest('hex').slice(0, 16);
    assets.set(name, { body, type, version, etag: `"${version}"` });
  }

  const url = (name: string) => {
    const asset = assets.get(name);
    if (!asset) throw new Error(`no such asset: ${name}`);
    return `${prefix}${name}?v=${asset.version}`;
  };

  const plugin: FastifyPluginAsync<{ routeConfig?: object }> = async (app, pluginOptions) => {
    app.get<{ Params: { name: string }; Querystring: { v?: string } }>(
      `${prefix}:name`,
      {
        config: { ...pluginOptions.routeConfig },
        schema: { hide: true },
      },
      async (request, reply) => {
        const asset = assets.get(request.params.name);
        if (!asset) return reply.callNotFound();
        const versioned = request.query.v === asset.version;
        void reply
          .header('cache-control', versioned ? IMMUTABLE : REVALIDATE)
          .header('etag', asset.etag)
          .type(asset.type);
        if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
        return reply.send(asset.body);
      },
    );
  };

  return {
    prefix,
    names: [...assets.keys()],
    url,
    pageAssets: () => ({ stylesheet: url('airlock.css'), script: url('airlock.js'), qrDecoder: url('jsqr.js') }),
    plugin,
  };
}
