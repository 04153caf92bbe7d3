import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createApiToken,
  createApp,
  createAuthenticator,
  openDatabase,
  openPersistentAuthorityKeys,
  permissions,
  type OpenedDatabase,
  type Permission,
} from '@airlock/authority';
import { issueLicenseFileRequest, openEnablementToken, verifyKeyCertificate, type PublicJwk, type Random } from '@airlock/core';
import { type Clock } from '@airlock/core/internal';
import { createTestParty } from '@airlock/core/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.ts';

/**
 * The CLI as an operator runs it: its command lines against an authority listening on
 * 127.0.0.1, authenticated by a real API token (minted with the accounts feature's use case
 * and checked by the production authenticator), so every call crosses the same HTTP edge
 * that a deployed authority has.
 */
const clock: Clock = { now: () => new Date() };
const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };
const site = createTestParty('cli-site');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  json<T = Record<string, unknown>>(): T;
}

let url: string;
let token: string;
let files: string;

/**
 * Runs one command line in this process, through the `main` the `airlock-authority` executable
 * runs, with the environment, directory and output a process would get (starting a process per
 * command line cost most of this file's time; the executables run as processes in the release test).
 */
async function airlock(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    env: { AIRLOCK_URL: url, AIRLOCK_TOKEN: token, ...env },
    cwd: files,
    out: (text) => (stdout += `${text}\n`),
    err: (text) => (stderr += `${text}\n`),
  });
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}

describe('the airlock command', () => {
  let database: OpenedDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    files = await mkdtemp(join(tmpdir(), 'airlock-cli-'));
    database = await openDatabase({ kind: 'embedded', dataDir: null });
    const keys = await openPersistentAuthorityKeys(database.db, { clock, random, passphrase: 'the cli test passphrase' });
    app = await createApp({ db: database.db, clock, random, keys, authenticate: createAuthenticator(database.db, clock) });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    const scopes = permissions.filter((permission) => permission !== 'tokens:write');
    ({ token } = await createApiToken(
      database.db,
      { name: 'cli test', scopes },
      { actor: 'admin:test', now: clock.now(), random, principal: { kind: 'admin', id: 'test' } },
    ));
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.close();
    await rm(files, { recursive: true, force: true });
  });

  let pinnedRoot: PublicJwk;

  it('exports the root key as JSON, and saves it as PEM', async () => {
    const run = await airlock(['authority', 'keys', 'export-root', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const root = run.json<{ kid: string; jwk: PublicJwk; pem: string }>();
    expect(root).toEqual({
      kid: expect.stringMatching(/^[\w-]{43}$/),
      jwk: { kty: 'OKP', crv: 'Ed25519', x: expect.any(String) },
      pem: expect.stringContaining('BEGIN PUBLIC KEY'),
    });
    pinnedRoot = root.jwk;
    const saved = await airlock(['authority', 'keys', 'export-root', '--pem', '--out', 'root.pem']);
    expect({ code: saved.code, stdout: saved.stdout }).toEqual({ code: 0, stdout: `Wrote the root key ${root.kid} to ${join(files, 'root.pem')}.\n` });
    expect(await readFile(join(files, 'root.pem'), 'utf8')).toBe(root.pem);
  });

  it('exports the encryption-key certificate that apps ship, checked against the pinned root', async () => {
    const run = await airlock(['authority', 'keys', 'export-encryption', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const found = run.json<{ kid: string; certificate: string; notAfter: string }>();
    const certificate = await verifyKeyCertificate(found.certificate, pinnedRoot, 'enc');
    expect({ kid: certificate.kid, notAfter: new Date(certificate.exp * 1000).toISOString() }).toEqual({ kid: found.kid, notAfter: found.notAfter });
    await expect(verifyKeyCertificate(found.certificate, pinnedRoot, 'sig')).rejects.toMatchObject({ code: 'KEY_CERTIFICATE_INVALID' });
    const saved = await airlock(['authority', 'keys', 'export-encryption', '--out', 'authority-enc.txt']);
    expect(saved.code, saved.stderr).toBe(0);
    expect(await readFile(join(files, 'authority-enc.txt'), 'utf8')).toBe(`${found.certificate}\n`);
  });

  it('rotates the signing key', async () => {
    const run = await airlock(['authority', 'keys', 'rotate', '--purpose', 'sig', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ active: { purpose: 'sig', status: 'active' }, retired: { purpose: 'sig', status: 'retired' } });
  });

  it('exits 1 with the code when the authority refuses, in JSON and in words', async () => {
    const rootKid = (await airlock(['authority', 'keys', 'export-root', '--json'])).json<{ kid: string }>().kid;
    const json = await airlock(['authority', 'keys', 'revoke', rootKid, '--reason', 'test', '--json']);
    expect(json.code).toBe(1);
    expect(json.json()).toEqual({ error: expect.objectContaining({ status: 422, code: 'KEY_NOT_REVOCABLE' }) });
    const words = await airlock(['authority', 'keys', 'revoke', rootKid, '--reason', 'test']);
    expect({ code: words.code, stdout: words.stdout }).toEqual({ code: 1, stdout: '' });
    expect(words.stderr).toMatch(/^airlock: refused: KEY_NOT_REVOCABLE: /);
    const unknownToken = await airlock(['authority', 'keys', 'rotate'], { AIRLOCK_TOKEN: 'alk_not_a_real_token' });
    expect({ code: unknownToken.code, stderr: unknownToken.stderr }).toEqual({ code: 1, stderr: expect.stringContaining('refused: UNAUTHENTICATED') });
  });

  it('exits 2 on a usage error and 3 when the authority cannot be reached', async () => {
    const missing = await airlock(['customer', 'create', '--id', 'acme']);
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({
      code: 2,
      stderr: expect.stringMatching(/^airlock: --name is required\nusage: airlock customer create /),
    });
    expect((await airlock(['token', 'issue', '--customer', 'acme', '--colour', 'red'])).code).toBe(2);
    expect((await airlock(['no', 'such', 'verb'])).code).toBe(2);
    const closed = await airlock(['authority', 'keys', 'export-root', '--json'], { AIRLOCK_URL: 'http://127.0.0.1:9' });
    expect(closed.code).toBe(3);
    expect(closed.json()).toEqual({ error: { message: expect.stringContaining('cannot reach the authority at http://127.0.0.1:9') } });
  });

  it('runs the offline cycle: customer, approval, site, token, LFR upload, OLF', async () => {
    for (const setup of [
      ['product', 'create', '--id', 'automation', '--name', 'Automation'],
      ['license-type', 'create', 'automation', '--id', 'bot-runner', '--name', 'Bot Runner', '--category', 'seat'],
      ['policy', 'create', '--id', 'standard', '--name', 'Standard', '--kind', 'term', '--allow-offline', 'true'],
    ]) {
      const run = await airlock(setup);
      expect(run.code, run.stderr).toBe(0);
    }

    const customer = await airlock([
      'customer',
      'create',
      '--id',
      'acme',
      '--name',
      'Acme',
      '--contact-email',
      'it@acme.test',
      '--account-ends-on',
      '2099-12-31',
      '--policy',
      'standard',
      '--json',
    ]);
    expect(customer.code, customer.stderr).toBe(0);
    expect(customer.json()).toMatchObject({ id: 'acme', offlineApproval: null });
    expect((await airlock(['customer', 'purchases', 'acme', '--set', 'bot-runner=10'])).code).toBe(0);
    const requestId = (
      await airlock(['offline-request', 'create', '--customer', 'acme', '--reason', 'air-gapped', '--details', 'plant floor', '--print', 'id'])
    ).stdout.trim();

    const approved = await airlock(['customer', 'approve', requestId, '--note', 'ok', '--json']);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.json()).toMatchObject({ id: requestId, status: 'approved' });
    const registered = await airlock(['site', 'register', '--customer', 'acme', '--guid', site.guid, '--name', 'Plant 1']);
    expect({ code: registered.code, stdout: registered.stdout }).toEqual({ code: 0, stdout: `Registered site ${site.guid} (Plant 1) to customer acme.\n` });

    const issued = await airlock(['token', 'issue', '--customer', 'acme', '--site', site.guid, '--out', 'token.txt', '--json']);
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.json()).toEqual({ id: expect.any(String), siteGuid: site.guid, expiresAt: expect.any(String), file: join(files, 'token.txt') });

    // The site installs the token and makes its LFR, as a site does.
    const trust = { root: pinnedRoot };
    const opened = await openEnablementToken(await readFile(join(files, 'token.txt'), 'utf8'), { now: clock.now(), siteGuid: site.guid, trust });
    const lfr = await issueLicenseFileRequest(
      {
        enablementToken: opened.claims,
        tenant: 'default',
        siteVersion: '41.2',
        siteEncryptionKey: site.encryptionKey.publicJwk,
        cycle: 1,
        sequence: 1,
        cycleOpenedAt: clock.now(),
        installed: null,
        usage: { seats: [{ type: 'bot-runner', users: ['ana', 'bo'] }], meters: [], ledger: { sequence: 0, head: '0'.repeat(64) } },
      },
      { now: clock.now(), random, signer: site.signingKey, trust },
    );
    await writeFile(join(files, 'request.lfr'), lfr.text);

    const uploaded = await airlock(['lfr', 'upload', 'request.lfr', '--customer', 'acme', '--json']);
    expect(uploaded.code, uploaded.stderr).toBe(0);
    const { lfr: accepted } = uploaded.json<{ lfr: { id: string; cycle: number } }>();
    expect(accepted).toMatchObject({ id: lfr.claims.jti, cycle: 1 });

    const olf = await airlock([
      'olf',
      'issue',
      '--customer',
      'acme',
      '--lfr',
      accepted.id,
      '--end',
      '2099-06-30',
      '--entitlement',
      'bot-runner=1',
      '--accept-below-use',
      '--out',
      'license.olf',
      '--json',
    ]);
    expect(olf.code, olf.stderr).toBe(0);
    expect(olf.json()).toMatchObject({ file: join(files, 'license.olf'), warnings: [{ type: 'bot-runner', requested: 1, used: 2 }] });
    expect(await readFile(join(files, 'license.olf'), 'utf8')).toMatch(/^-----BEGIN AIRLOCK OFFLINE LICENSE FILE-----\n/);

    const again = await airlock(['lfr', 'upload', 'request.lfr', '--customer', 'acme']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^airlock: refused: [A-Z_]+: /);
  });

  it('refuses what the token may not do, with FORBIDDEN', async () => {
    const limited: Permission[] = ['audit:read'];
    const { token: reader } = await createApiToken(
      database.db,
      { name: 'reader', scopes: limited },
      { actor: 'admin:test', now: clock.now(), random, principal: { kind: 'admin', id: 'test' } },
    );
    const run = await airlock(['site', 'register', '--customer', 'acme', '--guid', site.guid, '--name', 'again', '--json'], { AIRLOCK_TOKEN: reader });
    expect(run.code).toBe(1);
    expect(run.json()).toEqual({ error: expect.objectContaining({ status: 403, code: 'FORBIDDEN' }) });
  });
});
