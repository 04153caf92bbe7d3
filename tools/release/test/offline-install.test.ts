import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARRIED_NODE_LINE, NODE_RUNTIMES } from '../node-runtime.ts';
import { builtRelease, currentRelease, RELEASE_DIR, REPOSITORY, type ReleaseManifest } from '../release.ts';
import { httpClient, offlineNamespace, run, startServer, whyNotHere, type HttpAnswer, type Namespace, type Run, type Server } from './installed.ts';

/**
 * The release as an outsider installs it, proved offline: `npm run release` (or the `release/`
 * already built from these very sources), then each server's tarball extracted into an empty
 * directory and run inside a network namespace that has a loopback interface and nothing else —
 * no route out, no DNS, no registry. The vendor's and the customer's operators go through one
 * whole offline cycle with the installed commands (`bin/airlock …`); the documents cross as
 * files in a folder. Then each Debian package is installed with dpkg, its command run as its
 * system user (in the namespace too), and removed, then purged.
 *
 * Needs root and `unshare -n` (CI has both); anywhere else it says why it is skipped.
 */
const exec = promisify(execFile);
const skipReason = await whyNotHere();
const BUILD_TIMEOUT_MS = 15 * 60_000;
const STEP_TIMEOUT_MS = 180_000;
const AUTHORITY_PASSPHRASE = 'the offline test authority passphrase';
const SITE_PASSPHRASE = 'the offline test site passphrase';

/** What the test measured, printed at the end (the release's build time is in its manifest). */
const measured: Record<string, number | string> = {};

async function extract(tarball: string, into: string): Promise<string> {
  await mkdir(into, { recursive: true });
  await exec('tar', ['-xzf', tarball, '-C', into]);
  const [top, ...more] = await readdir(into);
  expect(more).toEqual([]);
  return join(into, top!);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

const ok = (answer: Run) => {
  expect(answer.code, `${answer.stdout}\n${answer.stderr}`).toBe(0);
  return answer;
};

describe.skipIf(skipReason !== null)(`the release, installed and run with no network${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let manifest: ReleaseManifest;
  let scratch = '';
  let namespace: Namespace | undefined;
  const servers: Server[] = [];

  beforeAll(async () => {
    const started = performance.now();
    const reused = await currentRelease();
    if (reused) {
      manifest = reused;
      measured.release = 'reused release/ (built from these sources)';
    } else {
      const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS')) as Record<string, string>;
      await exec('npm', ['run', 'release', '--silent'], { cwd: REPOSITORY, env, maxBuffer: 64 * 1024 * 1024 });
      manifest = (await builtRelease())!;
      expect(manifest, 'npm run release left no release/').toBeTruthy();
      measured.release = `built in ${Math.round((performance.now() - started) / 1000)} s`;
    }
    scratch = await mkdtemp(join(tmpdir(), 'airlock-offline-'));
    await chmod(scratch, 0o755);
    namespace = await offlineNamespace();
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    for (const server of servers) await server.kill();
    await namespace?.close();
    if (scratch !== '') await rm(scratch, { recursive: true, force: true });
    process.stderr.write(`offline install: ${JSON.stringify({ ...measured, buildSeconds: manifest?.buildSeconds, sizes: sizesOf(manifest) })}\n`);
  });

  it('lists every artefact in SHA256SUMS, with the sums they have', async () => {
    const check = ok(await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: RELEASE_DIR }));
    const names = [...Object.values(manifest.servers).flatMap((server) => [server.tarball.file, server.deb.file]), manifest.sdks.python.file].sort();
    expect(names).toEqual([
      `airlock-authority-${manifest.version}-linux-x64.tar.gz`, `airlock-authority_${manifest.version}_amd64.deb`,
      `airlock-site-${manifest.version}-linux-x64.tar.gz`, `airlock-site_${manifest.version}_amd64.deb`,
      `airlock_sdk-${manifest.version}-py3-none-any.whl`,
    ]);
    for (const name of names) expect(check.stdout).toContain(`${name}: OK`);
    // Beside the servers, the C SDK's source release (sdks/c/test/ builds and installs it).
    expect(manifest.sdks.c.file).toBe(`libairlock-${manifest.version}.tar.gz`);
    expect(check.stdout).toContain(`${manifest.sdks.c.file}: OK`);
  });

  describe('from the tarballs, in a namespace with loopback only', () => {
    let authorityDir = '';
    let siteDir = '';
    let http: Awaited<ReturnType<typeof httpClient>>;
    let authority: Server;
    let site: Server;
    let carried = '';
    const authorityEnv: Record<string, string> = {};
    const siteEnv: Record<string, string> = {};
    let guid = '';

    const authorityCli = (...args: string[]) => namespace!.run(join(authorityDir, 'bin', 'airlock'), [...args, '--json'], { env: authorityEnv, cwd: carried });
    const siteCli = (...args: string[]) => namespace!.run(join(siteDir, 'bin', 'airlock'), [...args, '--json'], { env: siteEnv, cwd: carried });
    const json = <T = Record<string, unknown>>(answer: Run) => JSON.parse(ok(answer).stdout) as T;

    const templateDir = () => join(authorityDir, 'lib', 'node_modules', '.cache', 'airlock-authority');

    it('extracts each into an empty directory: its own Node.js, its production tree, a launcher, the unit, the note; the site without the authority', async () => {
      authorityDir = await extract(join(RELEASE_DIR, manifest.servers.authority!.tarball.file), join(scratch, 'authority-install'));
      siteDir = await extract(join(RELEASE_DIR, manifest.servers.site!.tarball.file), join(scratch, 'site-install'));
      for (const [dir, name] of [[authorityDir, 'authority'], [siteDir, 'site']] as const) {
        for (const file of ['bin/airlock', 'node/bin/node', 'INSTALL.md', `systemd/airlock-${name}.service`, `systemd/${name}.env`, `lib/node_modules/@airlock/${name}/package.json`]) {
          expect(await exists(join(dir, file)), file).toBe(true);
        }
        expect((await stat(join(dir, 'bin', 'airlock'))).mode & 0o111).toBe(0o111);
        expect(ok(await run(join(dir, 'node', 'bin', 'node'), ['--version'])).stdout.trim()).toBe(manifest.node);
        // The pinned official build of the carried LTS line, whatever Node.js ran the build.
        expect(manifest.node).toBe(`v${NODE_RUNTIMES[CARRIED_NODE_LINE].version}`);
        expect(await readFile(join(dir, 'VERSION'), 'utf8')).toContain(`\nnode ${manifest.node}\n`);
        // No development tree came along.
        for (const devOnly of ['typescript', 'vitest', 'tsx', 'eslint']) expect(await exists(join(dir, 'lib', 'node_modules', devOnly)), devOnly).toBe(false);
        // argon2, the native addon, loads and hashes with the carried Node.js.
        const hashed = ok(await run(join(dir, 'node', 'bin', 'node'), ['--input-type=module', '-e', "console.log(await (await import('argon2')).hash('offline'))"], { cwd: join(dir, 'lib') }));
        expect(hashed.stdout).toMatch(/^\$argon2id\$/);
      }
      expect(await exists(join(authorityDir, 'lib', 'node_modules', '@electric-sql', 'pglite'))).toBe(true);
      // The embedded store's template comes made, so a first start unpacks it instead of running initdb.
      expect(await readdir(templateDir())).toEqual([expect.stringMatching(/^pglite-[\d.]+-[0-9a-f]+\.tar\.gz$/)]);
      const siteModules = await readdir(join(siteDir, 'lib', 'node_modules', '@airlock'));
      expect(siteModules.sort()).toEqual(['cli-kit', 'client', 'core', 'http', 'site', 'web']);
      // The typed client of both APIs comes built, as JavaScript with its types, in each tree.
      for (const dir of [authorityDir, siteDir]) {
        for (const file of ['package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/generated/authority.d.ts', 'dist/generated/site.d.ts']) {
          expect(await exists(join(dir, 'lib', 'node_modules', '@airlock', 'client', file)), `${dir}: @airlock/client/${file}`).toBe(true);
        }
        expect(await exists(join(dir, 'lib', 'node_modules', '@airlock', 'client', 'src')), 'no TypeScript source').toBe(false);
      }
      expect(await exists(join(siteDir, 'lib', 'node_modules', '@electric-sql'))).toBe(false);
      expect(await exists(join(siteDir, 'lib', 'node_modules', 'pg'))).toBe(false);
    });

    it('has no network in the namespace: only loopback, no route out', async () => {
      const links = ok(await namespace!.run('ip', ['-o', 'link', 'show']));
      expect(links.stdout.trim().split('\n').map((line) => line.split(':')[1]!.trim())).toEqual(['lo']);
      const probe = await namespace!.run(join(siteDir, 'node', 'bin', 'node'), ['-e', "require('node:net').connect(443, '192.0.2.1').on('error', (e) => { console.log(e.code); })"]);
      expect(probe.stdout.trim()).toBe('ENETUNREACH');
      http = await httpClient(namespace!, join(siteDir, 'node', 'bin', 'node'), scratch);
      carried = join(scratch, 'carried');
      await mkdir(carried);
    });

    it('says its version with --version', async () => {
      for (const dir of [authorityDir, siteDir]) {
        const version = ok(await namespace!.run(join(dir, 'bin', 'airlock'), ['--version']));
        expect(version.stdout).toContain(manifest.version);
      }
    });

    it('starts the authority on its own Node.js; /readyz answers 200', async () => {
      Object.assign(authorityEnv, { HOME: scratch, AIRLOCK_DATA_DIR: join(scratch, 'authority-data'), AIRLOCK_KEY_PASSPHRASE: AUTHORITY_PASSPHRASE, AIRLOCK_PORT: '0', AIRLOCK_LOG_LEVEL: 'warn' });
      authority = await startServer(namespace!, join(authorityDir, 'bin', 'airlock'), ['authority', 'start'], authorityEnv);
      servers.push(authority);
      measured.authorityStartMs = authority.startMs;
      expect(authority.executable).toBe(join(authorityDir, 'node', 'bin', 'node'));
      expect((await http('GET', `${authority.url}/readyz`)).status).toBe(200);
      // The start used the shipped template: it made no other (a template is named by the migrations' code).
      expect(await readdir(templateDir())).toHaveLength(1);
      authorityEnv.AIRLOCK_URL = authority.url;
    }, STEP_TIMEOUT_MS);

    it('lets the vendor in: the first administrator changes the one-time password and makes an API token', async () => {
      const firstAdmin = /First administrator: (\S+), one-time password: (\S+) /.exec(authority.output());
      expect(firstAdmin, authority.output()).not.toBeNull();
      const [, email, password] = firstAdmin!;
      const signedIn = await http('POST', `${authority.url}/v1/auth/sign-in`, { json: { email, password } });
      expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
      const cookie = signedIn.cookies.find((value) => value.startsWith('airlock_session='))!.split(';')[0]!;
      const session = { cookie, 'x-airlock-csrf': '1' };
      expect((await http('POST', `${authority.url}/v1/auth/password`, { headers: session, json: { currentPassword: password, newPassword: 'the vendor administrator password' } })).status).toBe(204);
      const scopes = ['catalogue:read', 'catalogue:write', 'customers:read', 'customers:write', 'approvals:write', 'licenses:read', 'licenses:write', 'audit:read', 'keys:write'];
      const created = await http<{ token: string }>('POST', `${authority.url}/v1/api-tokens`, { headers: session, json: { name: 'offline test', scopes } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      authorityEnv.AIRLOCK_TOKEN = created.body.token;
    }, STEP_TIMEOUT_MS);

    it('initialises and starts the site with the root key the authority exports; /readyz answers 200', async () => {
      const root = json<{ kid: string }>(await authorityCli('authority', 'keys', 'export-root', '--out', 'root.jwk'));
      expect(root.kid).toMatch(/^[\w-]{43}$/);
      Object.assign(siteEnv, {
        HOME: scratch, AIRLOCK_SITE_DATA_DIR: join(scratch, 'site-data'), AIRLOCK_SITE_WITNESS_DIR: join(scratch, 'site-witness'),
        AIRLOCK_SITE_PASSPHRASE: SITE_PASSPHRASE, AIRLOCK_SITE_PORT: '0', AIRLOCK_SITE_LOG_LEVEL: 'warn',
      });
      const initialised = json<{ guid: string; tenants: { tenant: string; registrationKey: string }[] }>(await siteCli('site', 'init', '--root-key', join(carried, 'root.jwk')));
      expect(initialised.tenants.map((tenant) => tenant.tenant)).toEqual(['default']);
      guid = initialised.guid;
      site = await startServer(namespace!, join(siteDir, 'bin', 'airlock'), ['site', 'start'], siteEnv);
      servers.push(site);
      measured.siteStartMs = site.startMs;
      expect(site.executable).toBe(join(siteDir, 'node', 'bin', 'node'));
      expect((await http('GET', `${site.url}/readyz`)).status).toBe(200);
      siteEnv.AIRLOCK_SITE_URL = site.url;
    }, STEP_TIMEOUT_MS);

    it('goes through one offline cycle with the installed commands: token, LFR, OLF, install, a seat checked out', async () => {
      const cycleStarted = performance.now();
      const vendor = { authorization: `Bearer ${authorityEnv.AIRLOCK_TOKEN}` };
      const expectStatus = async (status: number, answer: Promise<HttpAnswer>) => {
        const { status: seen, body } = await answer;
        expect(seen, JSON.stringify(body)).toBe(status);
        return body;
      };
      // The catalogue, the policy and the purchase have no command: the vendor's API sets them.
      await expectStatus(201, http('POST', `${authority.url}/v1/products`, { headers: vendor, json: { id: 'automation', name: 'Automation' } }));
      await expectStatus(201, http('POST', `${authority.url}/v1/products/automation/license-types`, { headers: vendor, json: { id: 'bot-runner', name: 'Bot Runner', category: 'seat' } }));
      await expectStatus(201, http('POST', `${authority.url}/v1/policies`, { headers: vendor, json: { id: 'standard', name: 'Standard' } }));
      json(await authorityCli('customer', 'create', '--id', 'acme', '--name', 'Acme', '--contact-email', 'it@acme.test', '--account-ends-on', '2099-12-31', '--policy', 'standard'));
      await expectStatus(200, http('PUT', `${authority.url}/v1/customers/acme/entitlements`, { headers: vendor, json: { entitlements: [{ licenseTypeId: 'bot-runner', quantity: 2 }] } }));
      const asked = await expectStatus(201, http('POST', `${authority.url}/v1/customers/acme/offline-requests`, { headers: vendor, json: { reason: 'air-gapped', details: 'no network at all' } }));
      expect(json(await authorityCli('customer', 'approve', String(asked.id), '--note', 'ok'))).toMatchObject({ status: 'approved' });
      json(await authorityCli('site', 'register', '--customer', 'acme', '--guid', guid, '--name', 'Plant 1'));

      // Files carried across the gap: token → site, LFR → authority, OLF → site.
      json(await authorityCli('token', 'issue', '--customer', 'acme', '--site', guid, '--out', 'token.txt'));
      expect(json(await siteCli('site', 'token', 'install', join(carried, 'token.txt')))).toMatchObject({ customerId: 'acme', tenant: 'default' });
      const lfr = json<{ id: string }>(await siteCli('site', 'lfr', 'generate', '--out', join(carried, 'request.lfr')));
      const uploaded = json<{ lfr: { id: string } }>(await authorityCli('lfr', 'upload', 'request.lfr', '--customer', 'acme'));
      expect(uploaded.lfr.id).toBe(lfr.id);
      json(await authorityCli('olf', 'issue', '--customer', 'acme', '--lfr', lfr.id, '--end', '2099-06-30', '--entitlement', 'bot-runner=2', '--out', 'license.olf'));
      expect(json(await siteCli('site', 'olf', 'install', join(carried, 'license.olf')))).toMatchObject({ tenant: 'default' });

      // A licensed application checks seats out through the enforcement API, with its own key.
      const key = json<{ key: string }>(await siteCli('site', 'key', 'create', '--name', 'plant-app')).key;
      const application = { authorization: `Bearer ${key}` };
      const checkout = (user: string) => http('POST', `${site.url}/v1/tenants/default/seats/bot-runner/checkout`, { headers: application, json: { user } });
      expect((await checkout('ada')).status).toBe(200);
      expect((await checkout('grace')).status).toBe(200);
      const third = await checkout('linus');
      expect({ status: third.status, code: third.body.code }).toEqual({ status: 409, code: 'SEAT_LIMIT_REACHED' });
      const status = json<{ seats: { type: string; used: number; limit: number }[] }>(await siteCli('site', 'status'));
      expect(status.seats).toEqual([expect.objectContaining({ type: 'bot-runner', used: 2, limit: 2 })]);
      measured.cycleMs = Math.round(performance.now() - cycleStarted);
    }, STEP_TIMEOUT_MS);

    it('calls both servers with the installed @airlock/client: a typed answer each, and a refusal as ApiProblem', async () => {
      // The package as an outsider's program imports it: the carried Node.js, from the installed tree, no source condition.
      const script = [
        "import { ApiProblem, createAuthorityClient, createSiteClient } from '@airlock/client';",
        'const authority = createAuthorityClient({ baseUrl: process.env.AUTHORITY_URL, token: process.env.AUTHORITY_TOKEN });',
        'const site = createSiteClient({ baseUrl: process.env.SITE_URL, token: process.env.SITE_TOKEN });',
        "const customer = await authority.get('/v1/customers/{customerId}', { path: { customerId: 'acme' } });",
        "const status = await site.get('/v1/tenants/{tenant}/status', { path: { tenant: 'default' } });",
        "const refusal = await authority.get('/v1/customers/{customerId}', { path: { customerId: 'nobody' } }).then(() => null, (error) => error);",
        'console.log(JSON.stringify({ customer: customer.id, tenant: status.tenant, refused: refusal instanceof ApiProblem ? [refusal.status, refusal.code] : String(refusal) }));',
      ].join('\n');
      const env = { AUTHORITY_URL: authority.url, AUTHORITY_TOKEN: authorityEnv.AIRLOCK_TOKEN!, SITE_URL: site.url, SITE_TOKEN: (await readFile(join(siteEnv.AIRLOCK_SITE_DATA_DIR!, 'operator.token'), 'utf8')).trim() };
      for (const dir of [authorityDir, siteDir]) {
        const answer = json(await namespace!.run(join(dir, 'node', 'bin', 'node'), ['--input-type=module', '-e', script], { env, cwd: join(dir, 'lib') }));
        expect(answer).toEqual({ customer: 'acme', tenant: 'default', refused: [404, 'NOT_FOUND'] });
      }
    }, STEP_TIMEOUT_MS);

    it('stops both servers cleanly on SIGTERM', async () => {
      expect(await site.stop(), site.output()).toBe(0);
      expect(await authority.stop(), authority.output()).toBe(0);
    }, STEP_TIMEOUT_MS);
  });

  describe('from the Debian packages', () => {
    let rootKey = '';
    beforeAll(async () => {
      // Left over by an interrupted run of this test: a machine it runs on is a throwaway one.
      await forgetPackages();
      const { publicKey } = generateKeyPairSync('ed25519');
      rootKey = join(scratch, 'root.jwk');
      await writeFile(rootKey, JSON.stringify(publicKey.export({ format: 'jwk' })), { mode: 0o644 });
    });

    afterAll(forgetPackages);

    for (const name of ['authority', 'site'] as const) {
      const user = `airlock-${name}`;
      it(`installs ${user} with dpkg -i, runs it as its user, then removes and purges it`, async () => {
        const deb = join(RELEASE_DIR, manifest.servers[name]!.deb.file);
        const installStarted = performance.now();
        ok(await run('dpkg', ['-i', deb]));
        measured[`${name}DebInstallMs`] = Math.round(performance.now() - installStarted);

        // What the package put where.
        for (const path of [`/opt/${user}/bin/airlock`, `/opt/${user}/node/bin/node`, `/usr/bin/${user}`, `/lib/systemd/system/${user}.service`, `/etc/airlock/${name}.env`]) {
          expect(await exists(path), path).toBe(true);
        }
        expect(ok(await run('getent', ['passwd', user])).stdout).toMatch(new RegExp(`^${user}:x:\\d+:\\d+:.*:/usr/sbin/nologin\\n$`));
        const data = `/var/lib/${user}`;
        const owner = ok(await run('stat', ['-c', '%U %a', data, `/etc/airlock/${name}.env`])).stdout.trim().split('\n');
        expect(owner).toEqual([`${user} 700`, 'root 640']);
        expect(ok(await run(`/usr/bin/${user}`, ['--version'])).stdout).toContain(manifest.version);

        // Run as its system user, with its configuration file, inside the namespace (port 0: nothing else is in the way).
        const asUser = (command: string, args: string[]): [string, string[]] => ['setpriv', ['--reuid', user, '--regid', user, '--init-groups', '--', command, ...args]];
        let env: Record<string, string>;
        if (name === 'site') {
          await writeFile('/etc/airlock/site.passphrase', `${SITE_PASSPHRASE}\n`, { mode: 0o640 });
          ok(await run('chgrp', [user, '/etc/airlock/site.passphrase']));
          env = { HOME: data, AIRLOCK_SITE_PORT: '0' };
          const init = await namespace!.run(...asUser(`/usr/bin/${user}`, ['site', 'init', '--root-key', rootKey, '--json']), { env });
          expect(JSON.parse(ok(init).stdout)).toMatchObject({ dataDir: data, witnessFile: expect.stringMatching(/^\/var\/lib\/airlock-site-witness\//) });
        } else {
          env = { HOME: data, AIRLOCK_PORT: '0' };
        }
        const server = await startServer(namespace!, ...asUser(`/usr/bin/${user}`, [name, 'start']), env);
        servers.push(server);
        measured[`${name}DebStartMs`] = server.startMs;
        expect(server.executable).toBe(`/opt/${user}/node/bin/node`);
        const http = await httpClient(namespace!, `/opt/${user}/node/bin/node`, scratch);
        expect((await http('GET', `${server.url}/readyz`)).status).toBe(200);
        expect(ok(await run('stat', ['-c', '%U', ...(await readdir(data)).map((entry) => join(data, entry))])).stdout.trim().split('\n').every((found) => found === user)).toBe(true);
        expect(await server.stop(), server.output()).toBe(0);

        // Remove: the program goes; configuration, data and user stay.
        ok(await run('dpkg', ['--remove', user]));
        for (const gone of [`/opt/${user}`, `/usr/bin/${user}`, `/lib/systemd/system/${user}.service`]) expect(await exists(gone), gone).toBe(false);
        for (const kept of [`/etc/airlock/${name}.env`, data]) expect(await exists(kept), kept).toBe(true);
        expect((await run('getent', ['passwd', user])).code).toBe(0);

        // Purge: configuration and user go too; the data stays, by policy, and the purge says so.
        const purge = ok(await run('dpkg', ['--purge', user]));
        expect(purge.stderr).toContain(`kept ${data}`);
        expect(await exists(`/etc/airlock/${name}.env`)).toBe(false);
        expect((await run('getent', ['passwd', user])).code).toBe(2);
        expect((await run('getent', ['group', user])).code).toBe(2);
        expect(await exists(data)).toBe(true);
        expect((await run('dpkg', ['-s', user])).code).not.toBe(0);
        expect(ok(await run('sh', ['-c', `dpkg -L ${user} 2>/dev/null | wc -l`])).stdout.trim()).toBe('0');

      }, STEP_TIMEOUT_MS);
    }
  });
});

/**
 * Purges both packages and removes what a purge keeps by policy (the data directories, the
 * passphrase file the operator wrote): before the packages' test, in case an interrupted run
 * left them, and after it. The machines this test runs on as root are throwaway ones.
 */
async function forgetPackages(): Promise<void> {
  for (const name of ['airlock-site', 'airlock-authority']) if ((await run('dpkg', ['-s', name])).code === 0) ok(await run('dpkg', ['--purge', name]));
  for (const leftover of ['/var/lib/airlock-site', '/var/lib/airlock-site-witness', '/var/lib/airlock-authority', '/etc/airlock/site.passphrase']) await rm(leftover, { recursive: true, force: true });
  await rmdir('/etc/airlock').catch(() => {});
}

function sizesOf(manifest: ReleaseManifest | undefined): Record<string, string> {
  const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
  return Object.fromEntries(Object.entries(manifest?.servers ?? {}).flatMap(([name, server]) => [
    [`${name}.tar.gz`, mib(server.tarball.bytes)], [`${name}.deb`, mib(server.deb.bytes)], [`${name} installed`, mib(server.installedBytes)],
  ]));
}
