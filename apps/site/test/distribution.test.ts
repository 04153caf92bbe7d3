import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * What the two distributions are made of, read from the workspace: `npm pack` of a server and of
 * the workspace packages it depends on gives tarballs that install alone, so every package must
 * declare what its compiled code imports, and the site's set must hold nothing of the authority.
 */
const repository = fileURLToPath(new URL('../../../', import.meta.url));

interface Manifest {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly bin?: Record<string, string>;
  readonly files?: readonly string[];
}

const directories = ['packages', 'apps', 'examples'].flatMap((group) => readdirSync(join(repository, group)).map((name) => join(repository, group, name)));
const workspace = new Map(
  directories.map((directory) => {
    const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as Manifest;
    return [manifest.name, { directory, manifest }] as const;
  }),
);

/** The workspace packages a package needs at run time, itself included. */
function closure(name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name) || !workspace.has(name)) return seen;
  seen.add(name);
  for (const dependency of Object.keys(workspace.get(name)!.manifest.dependencies ?? {})) closure(dependency, seen);
  return seen;
}

/** The third-party packages a set of workspace packages brings. */
const thirdParty = (names: Iterable<string>) =>
  new Set([...names].flatMap((name) => Object.keys(workspace.get(name)!.manifest.dependencies ?? {})).filter((dependency) => !workspace.has(dependency)));

/** The files `npm run build` compiles: src/ without tests and test helpers. */
function shipped(directory: string): string[] {
  const files = readdirSync(join(directory, 'src'), { recursive: true, encoding: 'utf8' }).map((file) => join(directory, 'src', file));
  return files.filter((file) => file.endsWith('.ts') && !/\.test\.ts$|[/\\]testing[/\\]|-testing\.ts$/.test(file));
}

/** The packages a file imports at run time (type-only imports are erased). */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/^(?:import|export)(?!\s+type\b)[^'"]*?from\s+'([^'.][^']*)'/gm),
    ...text.matchAll(/^import\s+'([^'.][^']*)'/gm),
    ...text.matchAll(/\bimport\('([^'.][^']*)'\)/g),
  ].map((match) => match[1]!);
  return specifiers
    .filter((specifier) => !specifier.startsWith('node:'))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
}

describe('the distributions', () => {
  it("the site's holds nothing of the authority: no authority, no embedded database, no PostgreSQL client", () => {
    const site = closure('@airlock/site');
    expect([...site].sort()).toEqual(['@airlock/cli-kit', '@airlock/client', '@airlock/core', '@airlock/http', '@airlock/site', '@airlock/web']);
    const brought = thirdParty(site);
    for (const unwanted of ['@electric-sql/pglite', 'pg', 'kysely', 'nodemailer', 'tsx', 'esbuild']) expect(brought).not.toContain(unwanted);
    expect(closure('@airlock/authority')).not.toContain('@airlock/site');
  });

  it('every package a server needs declares each package its compiled code imports', () => {
    const undeclared: string[] = [];
    // The scan sees imports: the authority's embedded database, the site's HTTP kit, a lazy import.
    expect(shipped(workspace.get('@airlock/authority')!.directory).flatMap(imports)).toContain('@electric-sql/pglite');
    expect(shipped(workspace.get('@airlock/site')!.directory).flatMap(imports)).toEqual(
      expect.arrayContaining(['@airlock/http', '@airlock/cli-kit', '@airlock/core']),
    );
    for (const name of new Set([...closure('@airlock/site'), ...closure('@airlock/authority'), ...closure('@airlock/sdk')])) {
      const { directory, manifest } = workspace.get(name)!;
      const declared = new Set([name, ...Object.keys(manifest.dependencies ?? {})]);
      for (const file of shipped(directory)) {
        for (const dependency of imports(file)) if (!declared.has(dependency)) undeclared.push(`${relative(repository, file)} imports ${dependency}`);
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('each server has its command, run from dist/ by plain Node, and its tarball carries bin, dist and assets', () => {
    for (const [name, command] of [
      ['@airlock/site', 'airlock-site'],
      ['@airlock/authority', 'airlock-authority'],
    ] as const) {
      const { directory, manifest } = workspace.get(name)!;
      const bin = manifest.bin?.[command];
      expect(bin).toBe(`bin/${command}.js`);
      const script = readFileSync(join(directory, bin!), 'utf8');
      expect(script.startsWith('#!/usr/bin/env node\n')).toBe(true);
      expect(script).toContain("from '../dist/cli/main.js'");
      expect(script).not.toMatch(/tsx|\.ts'/);
      expect(manifest.files).toEqual(expect.arrayContaining(['bin', 'dist']));
    }
    expect(workspace.get('@airlock/site')!.manifest.files).toContain('assets');
    expect(workspace.get('@airlock/web')!.manifest.files).toContain('assets');
  });
});
