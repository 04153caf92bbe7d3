/**
 * `npm run release`: builds, per server, what an outsider installs on a host without network —
 * a self-contained tarball and a Debian package — into `release/`, with `SHA256SUMS` and a
 * `manifest.json` (version, sizes, the source fingerprint it was built from). Beside them, the C
 * SDK's source release: `libairlock-<version>.tar.gz` (`make dist` in sdks/c).
 *
 * The production dependency tree is what an outsider gets: the server's workspace and its
 * workspace dependencies are `npm pack`ed, and the tarballs installed with
 * `npm install --omit=dev --prefer-offline` into an empty staging directory. The tree carries
 * its own Node.js, which `bin/airlock` uses: the pinned official build of the LTS line
 * `CARRIED_NODE_LINE` (node-runtime.ts), whatever Node.js runs the build; or the executable
 * `AIRLOCK_RELEASE_NODE` names, for a vendor who carries a runtime of their own.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { CARRIED_NODE_LINE, nodeRuntime, type NodeRuntime } from './node-runtime.ts';
import { buildPythonWheel } from './python-wheel.ts';
import { servers, type ServerSpec } from './servers.ts';
import { sourceFingerprint } from './source-hash.ts';
import {
  debianCommand, debianControl, envFileOf, environmentFile, installDirOf, installNote, launcher, postinst, postrm, prerm, systemdUnit,
} from './templates.ts';

const run = promisify(execFile);
export const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
export const RELEASE_DIR = join(REPOSITORY, 'release');
/**
 * Held (flock) while compiling to dist/ and packing: two `tsc -b` writing the same dist/ at once
 * (another test packing a package while a release builds) could read each other's half-written
 * files. Whatever else builds in the tree during the tests should take it too.
 */
export const BUILD_LOCK = join(REPOSITORY, 'node_modules', '.airlock-build.lock');

export interface Artefact {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ReleaseManifest {
  readonly version: string;
  readonly node: string;
  readonly source: string;
  readonly builtAt: string;
  readonly buildSeconds: number;
  readonly servers: Record<string, { readonly tarball: Artefact; readonly deb: Artefact; readonly installedBytes: number }>;
  /** The device SDKs in other languages: the Python SDK's wheel (tools/release/python-wheel.ts), libairlock's source tarball (sdks/c/README.md). */
  readonly sdks: { readonly python: Artefact; readonly c: Artefact };
}

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly bin?: string | Record<string, string>;
}

const log = (line: string) => process.stderr.write(`release: ${line}\n`);

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

/** Every workspace by package name. */
async function workspaces(): Promise<Map<string, { dir: string; manifest: PackageJson }>> {
  const found = new Map<string, { dir: string; manifest: PackageJson }>();
  for (const group of ['packages', 'apps']) {
    for (const entry of await readdir(join(REPOSITORY, group))) {
      const dir = `${group}/${entry}`;
      const manifest = await readJson<PackageJson>(join(REPOSITORY, dir, 'package.json')).catch(() => null);
      if (manifest) found.set(manifest.name, { dir, manifest });
    }
  }
  return found;
}

/** The server's workspace and every workspace it depends on in production, transitively. */
function closure(all: Map<string, { dir: string; manifest: PackageJson }>, start: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dependency of Object.keys(all.get(name)!.manifest.dependencies ?? {})) if (all.has(dependency)) visit(dependency);
  };
  visit(start);
  return [...seen];
}

/** Bytes of every file under a directory (what the tree takes once installed). */
async function treeBytes(directory: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function artefact(path: string): Promise<Artefact> {
  return { file: relative(RELEASE_DIR, path), bytes: (await stat(path)).size, sha256: await sha256Of(path) };
}

/** The release version: the root package's, which every shipped workspace must share. */
async function releaseVersion(all: Map<string, { dir: string; manifest: PackageJson }>): Promise<string> {
  const { version } = await readJson<{ version?: string }>(join(REPOSITORY, 'package.json'));
  if (!version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error('the root package.json needs a semver "version": the release version');
  const names = new Set(servers.flatMap((server) => closure(all, server.packageName)));
  const behind = [...names].filter((name) => all.get(name)!.manifest.version !== version);
  if (behind.length > 0) throw new Error(`every shipped workspace must be at the release version ${version}: ${behind.map((name) => `${name}@${all.get(name)!.manifest.version}`).join(', ')}`);
  return version;
}

/** The path, inside the installed package, of the server's command (its package.json `bin`). */
async function binPathOf(installedPackage: string, server: ServerSpec): Promise<string> {
  const { bin } = await readJson<PackageJson>(join(installedPackage, 'package.json'));
  const path = typeof bin === 'string' ? bin : bin?.[server.command];
  if (!path) throw new Error(`${server.packageName} has no bin "${server.command}": build it from a tree where the app has its own command`);
  return path.replace(/^\.\//, '');
}

/** Native prebuilds for other systems than linux-x64 with glibc: dead weight here. */
async function pruneForeignPrebuilds(nodeModules: string): Promise<void> {
  for (const entry of await readdir(nodeModules, { recursive: true, withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name !== 'prebuilds') continue;
    const prebuilds = join(entry.parentPath, entry.name);
    for (const platform of await readdir(prebuilds)) {
      if (platform !== 'linux-x64') await rm(join(prebuilds, platform), { recursive: true, force: true });
      else for (const file of await readdir(join(prebuilds, platform))) if (/\bmusl\b/.test(file)) await rm(join(prebuilds, platform, file));
    }
  }
}

/**
 * Native addons as this machine's `npm ci` built them: an addon's install script (node-gyp-build)
 * keeps a prebuild only when it loads here, else compiles `build/Release` — which is then what
 * an install on this platform gives (the glibc prebuild of argon2 0.45 crashes on Debian 12's
 * Node.js 20, so CI compiles it). The staged tree was installed without running scripts, so it
 * gets the same binaries, of the same package version; the other prebuilds go.
 */
async function nativeBuilds(nodeModules: string): Promise<string[]> {
  const natives: string[] = [];
  for (const entry of await readdir(nodeModules, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name !== 'binding.gyp') continue;
    const staged = entry.parentPath;
    const name = relative(nodeModules, staged);
    natives.push(name);
    const built = join(REPOSITORY, 'node_modules', name);
    const [ours, theirs] = await Promise.all([readJson<PackageJson>(join(staged, 'package.json')), readJson<PackageJson>(join(built, 'package.json')).catch(() => null)]);
    const release = join(built, 'build', 'Release');
    const binaries = theirs?.version === ours.version ? (await readdir(release).catch(() => [])).filter((file) => file.endsWith('.node')) : [];
    if (binaries.length === 0) continue;
    await mkdir(join(staged, 'build', 'Release'), { recursive: true });
    for (const binary of binaries) await copyFile(join(release, binary), join(staged, 'build', 'Release', binary));
    await rm(join(staged, 'prebuilds'), { recursive: true, force: true });
  }
  return natives;
}

/** Loads every native addon of the tree with the carried Node.js (argon2 also hashes): a crash fails the release, not the install. */
async function checkNatives(tree: string, natives: readonly string[]): Promise<void> {
  const script = `for (const name of ${JSON.stringify(natives)}) { const module = await import(name); if (name === 'argon2') await module.hash('release check'); }`;
  await run(join(tree, 'node', 'bin', 'node'), ['--input-type=module', '-e', script], { cwd: join(tree, 'lib'), env: { PATH: '/usr/bin:/bin' } }).catch((error: Error & { signal?: string; stderr?: string }) => {
    throw new Error(`a native addon of ${tree} does not load with the carried Node.js (${error.signal ?? ''}): ${error.stderr ?? error.message}`);
  });
}

/**
 * Makes the embedded store's template inside the tree, with the carried Node.js and the compiled
 * code it will run (the template is named by the migrations' code): a new data directory then
 * unpacks in a second or two at the first start, instead of running initdb there (15 s and more),
 * and the installed tree need not be writable by the authority's user.
 */
async function prepareStoreTemplate(tree: string): Promise<void> {
  const script = join(tree, 'lib', 'node_modules', '@airlock', 'authority', 'dist', 'db', 'prepare-store.js');
  const { stdout } = await run(join(tree, 'node', 'bin', 'node'), [script], { cwd: join(tree, 'lib'), env: { PATH: '/usr/bin:/bin' } });
  if (!stdout.includes('template ready')) throw new Error(`the embedded store template was not made: ${stdout.trim()}`);
  log(`authority: ${stdout.trim()}`);
}

/** The runtime the release carries: `AIRLOCK_RELEASE_NODE` when it names one, else the pinned LTS build. */
async function carriedRuntime(): Promise<NodeRuntime> {
  const given = process.env.AIRLOCK_RELEASE_NODE;
  if (!given) return nodeRuntime(CARRIED_NODE_LINE);
  const { stdout } = await run(given, ['--version']);
  const license = [join(given, '..', '..', 'LICENSE'), join(given, '..', '..', 'share', 'doc', 'nodejs', 'LICENSE')];
  const found = (await Promise.all(license.map((path) => stat(path).then((entry) => (entry.isFile() ? path : null), () => null)))).find((path) => path !== null);
  if (!found) throw new Error(`AIRLOCK_RELEASE_NODE=${given}: no LICENSE beside it (../../LICENSE) to carry with it`);
  return { version: stdout.trim(), node: given, license: found };
}

async function carryNode(tree: string, runtime: NodeRuntime): Promise<void> {
  await mkdir(join(tree, 'node', 'bin'), { recursive: true });
  await copyFile(runtime.node, join(tree, 'node', 'bin', 'node'));
  await chmod(join(tree, 'node', 'bin', 'node'), 0o755);
  await copyFile(runtime.license, join(tree, 'node', 'LICENSE'));
}

async function write(path: string, text: string, mode = 0o644): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
  await chmod(path, mode);
}

/** A reproducible tarball: sorted names, root-owned, one modification time; gzip without a name or time of its own. */
async function tarball(parent: string, name: string, out: string, epoch: number): Promise<void> {
  // tar writes straight into gzip: no uncompressed copy of the tree on disk first.
  await run('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--mtime=@${epoch}`, '--use-compress-program=gzip -n -6', '-C', parent, '-cf', out, name]);
}

async function buildServer(server: ServerSpec, context: { version: string; runtime: NodeRuntime; packs: Map<string, string>; all: Map<string, { dir: string; manifest: PackageJson }>; work: string; epoch: number }): Promise<ReleaseManifest['servers'][string]> {
  const { version, work, runtime } = context;
  const base = `airlock-${server.name}-${version}-linux-x64`;
  const tree = join(work, server.name, base);
  const lib = join(tree, 'lib');
  await mkdir(lib, { recursive: true });

  // The production tree, as an outsider installs the packed workspaces.
  const members = closure(context.all, server.packageName);
  const dependencies = Object.fromEntries(members.map((name) => [name, `file:${context.packs.get(name)!}`]));
  await write(join(lib, 'package.json'), `${JSON.stringify({ name: `airlock-${server.name}-tree`, version, private: true, description: `The installed tree of ${server.title} ${version}.`, dependencies }, null, 2)}\n`);
  log(`${server.name}: npm install --omit=dev --prefer-offline (${members.join(', ')})`);
  await run('npm', ['install', '--omit=dev', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--install-links', '--loglevel=error'], { cwd: lib, maxBuffer: 64 * 1024 * 1024 });
  const natives = await nativeBuilds(join(lib, 'node_modules'));
  await pruneForeignPrebuilds(join(lib, 'node_modules'));
  // Only the lock stays, as the list of what is inside; the tarball paths it names were the build's own.
  await rm(join(lib, 'package.json'));
  const binPath = await binPathOf(join(lib, 'node_modules', server.packageName), server);

  await carryNode(tree, runtime);
  await checkNatives(tree, natives);
  if (server.name === 'authority') await prepareStoreTemplate(tree);
  await write(join(tree, 'bin', 'airlock'), launcher(server, version, binPath), 0o755);
  await write(join(tree, 'systemd', `${server.user}.service`), systemdUnit(server));
  await write(join(tree, 'systemd', `${server.name}.env`), environmentFile(server));
  await write(join(tree, 'INSTALL.md'), installNote(server, version, runtime.version));
  await write(join(tree, 'VERSION'), `${server.packageName} ${version}\nnode ${runtime.version}\n`);
  const installedBytes = await treeBytes(tree);

  const tarballPath = join(RELEASE_DIR, `${base}.tar.gz`);
  log(`${server.name}: ${relative(REPOSITORY, tarballPath)}`);
  await tarball(join(work, server.name), base, tarballPath, context.epoch);

  // The Debian package: the same tree under /opt, a command, the unit, the configuration.
  const root = join(work, `${server.name}-deb`);
  await cp(tree, join(root, installDirOf(server)), { recursive: true, verbatimSymlinks: true });
  await write(join(root, 'usr', 'bin', server.command), debianCommand(server), 0o755);
  await write(join(root, 'lib', 'systemd', 'system', `${server.user}.service`), systemdUnit(server));
  await write(join(root, envFileOf(server)), environmentFile(server), 0o640);
  await write(join(root, 'usr', 'share', 'doc', server.user, 'copyright'), `Airlock: Apache-2.0. Node.js (${installDirOf(server)}/node): MIT and others, see ${installDirOf(server)}/node/LICENSE.\n`);
  await write(join(root, 'DEBIAN', 'control'), debianControl(server, version, Math.ceil(installedBytes / 1024), runtime.version));
  await write(join(root, 'DEBIAN', 'conffiles'), `${envFileOf(server)}\n`);
  await write(join(root, 'DEBIAN', 'postinst'), postinst(server), 0o755);
  await write(join(root, 'DEBIAN', 'prerm'), prerm(server), 0o755);
  await write(join(root, 'DEBIAN', 'postrm'), postrm(server), 0o755);
  const debPath = join(RELEASE_DIR, `${server.user}_${version}_amd64.deb`);
  log(`${server.name}: ${relative(REPOSITORY, debPath)}`);
  await run('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z6', '--build', root, debPath], { env: { ...process.env, SOURCE_DATE_EPOCH: String(context.epoch) } });

  return { tarball: await artefact(tarballPath), deb: await artefact(debPath), installedBytes };
}

/**
 * The C SDK's source release, `make dist` in sdks/c: its sources, header, Makefile, pkg-config
 * template, README and example, as `libairlock-<version>.tar.gz`. Its Makefile's VERSION must be
 * the release version, as every shipped workspace's must.
 */
async function buildCSdk(version: string): Promise<Artefact> {
  const sdk = join(REPOSITORY, 'sdks', 'c');
  const declared = /^VERSION\s*:=\s*(\S+)/m.exec(await readFile(join(sdk, 'Makefile'), 'utf8'))?.[1];
  if (declared !== version) throw new Error(`sdks/c/Makefile's VERSION (${declared ?? 'none'}) must be the release version ${version}`);
  log(`make -C sdks/c dist`);
  await run('make', ['-s', '-C', sdk, 'dist', `DIST_DIR=${RELEASE_DIR}`]);
  return artefact(join(RELEASE_DIR, `libairlock-${version}.tar.gz`));
}

/** Builds every server's artefacts into `release/` and returns the manifest it wrote there. */
export async function buildRelease(): Promise<ReleaseManifest> {
  const started = performance.now();
  const source = sourceFingerprint(REPOSITORY);
  const all = await workspaces();
  const version = await releaseVersion(all);
  const epoch = Number((await run('git', ['log', '-1', '--format=%ct'], { cwd: REPOSITORY })).stdout.trim()) || 0;
  await rm(RELEASE_DIR, { recursive: true, force: true });
  await mkdir(RELEASE_DIR, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'airlock-release-'));
  try {
    log('npm run build; the carried Node.js');
    const runtimeFetched = carriedRuntime();
    // Settled here already: a failed fetch is reported where it is awaited, not as an unhandled rejection.
    runtimeFetched.catch(() => undefined);
    await run('flock', [BUILD_LOCK, 'npm', 'run', 'build', '--silent'], { cwd: REPOSITORY, maxBuffer: 64 * 1024 * 1024 });

    const names = [...new Set(servers.flatMap((server) => closure(all, server.packageName)))];
    const packDir = join(work, 'packs');
    await mkdir(packDir);
    log(`npm pack ${names.map((name) => all.get(name)!.dir).join(' ')}`);
    const { stdout } = await run('flock', [BUILD_LOCK, 'npm', 'pack', '--json', '--pack-destination', packDir, ...names.flatMap((name) => ['-w', all.get(name)!.dir])], { cwd: REPOSITORY, maxBuffer: 64 * 1024 * 1024 });
    const packed = JSON.parse(stdout) as { name: string; filename: string }[];
    const packs = new Map(packed.map((pack) => [pack.name, join(packDir, pack.filename)]));
    const runtime = await runtimeFetched;
    log(`carrying Node.js ${runtime.version}`);

    // The servers and the SDKs are built side by side: each in a directory of its own, and most
    // of the time goes to gzip and npm, one process each, so a second core halves it.
    const [trees, python, c] = await Promise.all([
      Promise.all(servers.map(async (server) => [server.name, await buildServer(server, { version, runtime, packs, all, work, epoch })] as const)),
      (async () => {
        log('python sdk: the wheel');
        return artefact(await buildPythonWheel(REPOSITORY, RELEASE_DIR, version, epoch));
      })(),
      buildCSdk(version),
    ]);
    const built: ReleaseManifest['servers'] = Object.fromEntries(trees);
    const sdks = { python, c };

    const files = [...Object.values(built).flatMap((server) => [server.tarball, server.deb]), sdks.python, sdks.c];
    await writeFile(join(RELEASE_DIR, 'SHA256SUMS'), files.map((file) => `${file.sha256}  ${file.file}\n`).join(''));
    const manifest: ReleaseManifest = {
      version, node: runtime.version, source, builtAt: new Date().toISOString(), buildSeconds: Math.round((performance.now() - started) / 100) / 10, servers: built, sdks,
    };
    await writeFile(join(RELEASE_DIR, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The manifest of `release/` when it was built from the sources as they are now, else null. */
export async function currentRelease(): Promise<ReleaseManifest | null> {
  const manifest = await builtRelease();
  return manifest && manifest.source === sourceFingerprint(REPOSITORY) ? manifest : null;
}

/** The manifest of `release/` when every artefact it names is there, whatever it was built from. */
export async function builtRelease(): Promise<ReleaseManifest | null> {
  const manifest = await readJson<ReleaseManifest>(join(RELEASE_DIR, 'manifest.json')).catch(() => null);
  // A release/ built before the SDKs were released with it lacks their artefacts: built again.
  if (!manifest?.sdks?.python || !manifest.sdks.c) return null;
  const artefacts = [...Object.values(manifest.servers).flatMap((server) => [server.tarball, server.deb]), manifest.sdks.python, manifest.sdks.c];
  for (const file of artefacts) {
    if ((await stat(join(RELEASE_DIR, file.file)).catch(() => null))?.size !== file.bytes) return null;
  }
  return manifest;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const manifest = await buildRelease();
  for (const [name, server] of Object.entries(manifest.servers)) {
    const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
    process.stdout.write(`${name}: ${server.tarball.file} ${mib(server.tarball.bytes)}, ${server.deb.file} ${mib(server.deb.bytes)}, installed ${mib(server.installedBytes)}\n`);
  }
  process.stdout.write(`python sdk: ${manifest.sdks.python.file} ${(manifest.sdks.python.bytes / 1024).toFixed(1)} KiB\n`);
  process.stdout.write(`sdks/c: ${manifest.sdks.c.file} ${(manifest.sdks.c.bytes / 1024).toFixed(0)} KiB\n`);
  process.stdout.write(`release/ ${manifest.version} (node ${manifest.node}) built in ${manifest.buildSeconds} s\n`);
}
