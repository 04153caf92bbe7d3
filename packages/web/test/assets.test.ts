import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { loadWebAssets } from '../src/assets.ts';

const assetsDir = fileURLToPath(new URL('../assets/', import.meta.url));
const GENERATED_HEADER = /^\/\/ Generated from [a-z-]+\.js by TypeScript \(declaration emit\); test\/assets\.test\.ts checks it matches\.\n/;

async function scripts(): Promise<string[]> {
  return (await readdir(assetsDir)).filter((name) => name.endsWith('.js')).sort();
}

describe('the client script', () => {
  it('type-checks under strict TypeScript with the browser’s types (every file is // @ts-check)', async () => {
    const names = await scripts();
    expect(names).toEqual(['airlock.js', 'countdown.js', 'forms.js', 'problems.js', 'qr-chunks.js', 'qr-reader.js']);
    for (const name of names) expect(await readFile(`${assetsDir}${name}`, 'utf8'), name).toMatch(/^\/\/ @ts-check\n/);
    const program = ts.createProgram(
      names.map((name) => `${assetsDir}${name}`),
      {
        allowJs: true,
        checkJs: true,
        noEmit: true,
        strict: true,
        noImplicitAny: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
        types: [],
        skipLibCheck: true,
      },
    );
    const diagnostics = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file
        ? `${diagnostic.file.fileName.slice(assetsDir.length)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
        : '';
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  });

  it('ships declarations for the modules the server imports, exactly as TypeScript generates them', async () => {
    const declared = (await readdir(assetsDir)).filter((name) => name.endsWith('.d.ts')).sort();
    expect(declared).toEqual(['countdown.d.ts', 'forms.d.ts', 'qr-chunks.d.ts']);
    const emitted = new Map<string, string>();
    const program = ts.createProgram(
      declared.map((name) => `${assetsDir}${name.replace(/\.d\.ts$/, '.js')}`),
      {
        allowJs: true,
        declaration: true,
        emitDeclarationOnly: true,
        strict: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        outDir: '/generated',
        lib: ['lib.es2023.d.ts'],
        types: [],
        skipLibCheck: true,
      },
    );
    program.emit(undefined, (fileName, text) => emitted.set(fileName.replace('/generated/', ''), text));
    for (const name of declared) {
      const committed = await readFile(`${assetsDir}${name}`, 'utf8');
      expect(committed, name).toMatch(GENERATED_HEADER);
      expect(committed.replace(GENERATED_HEADER, ''), `${name} is stale: regenerate it from the .js`).toBe(emitted.get(name));
    }
  });
});

describe('serving the assets', () => {
  it('serves each file with its type, a year of caching under its versioned URL and revalidation otherwise', async () => {
    const assets = await loadWebAssets();
    const app = Fastify();
    await app.register(assets.plugin);
    const versioned = await app.inject({ method: 'GET', url: assets.url('airlock.css') });
    expect(versioned.statusCode).toBe(200);
    expect(versioned.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(versioned.body).toBe(await readFile(`${assetsDir}airlock.css`, 'utf8'));

    const unversioned = await app.inject({ method: 'GET', url: '/assets/qr-chunks.js' });
    expect(unversioned.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(unversioned.headers['cache-control']).toBe('no-cache');
    const etag = unversioned.headers.etag;
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    const again = await app.inject({ method: 'GET', url: '/assets/qr-chunks.js', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    const stale = await app.inject({ method: 'GET', url: '/assets/airlock.css?v=0000000000000000' });
    expect(stale.headers['cache-control']).toBe('no-cache');
    await app.close();
  });

  it('serves the QR decoder from node_modules and nothing that is not listed', async () => {
    const assets = await loadWebAssets();
    const app = Fastify();
    await app.register(assets.plugin);
    const decoder = await app.inject({ method: 'GET', url: assets.pageAssets().qrDecoder });
    expect(decoder.statusCode).toBe(200);
    expect(decoder.body).toContain('jsQR');
    for (const url of ['/assets/..%2Fpackage.json', '/assets/package.json', '/assets/%2e%2e', '/assets/airlock.d.ts', '/assets/qr-chunks.d.ts']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
    expect(assets.names).toEqual(
      expect.arrayContaining(['airlock.css', 'airlock.js', 'forms.js', 'problems.js', 'qr-reader.js', 'qr-chunks.js', 'countdown.js', 'jsqr.js']),
    );
    await app.close();
  });

  it('takes extra files of the app and refuses names it could not serve safely', async () => {
    const logo = fileURLToPath(new URL('../assets/airlock.css', import.meta.url));
    const assets = await loadWebAssets({ extra: { 'brand-extra.css': logo } });
    expect(assets.url('brand-extra.css')).toMatch(/^\/assets\/brand-extra\.css\?v=[0-9a-f]{16}$/);
    await expect(loadWebAssets({ extra: { '../x.css': logo } })).rejects.toThrow(/asset name/);
    await expect(loadWebAssets({ extra: { 'x.exe': logo } })).rejects.toThrow(/content type/);
    await expect(loadWebAssets({ prefix: 'assets' })).rejects.toThrow(/prefix/);
    expect(() => assets.url('missing.css')).toThrow(/no such asset/);
  });
});
