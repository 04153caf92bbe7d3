import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApiToken, permissions, type Permission } from '@airlock/authority';
import { issueLicenseFileRequest, openEnablementToken, verifyKeyCertificate, type PublicJwk } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliAuthority, type CliAuthority } from './testing/cli-authority.ts';

/**
 * The CLI as an operator runs it: its command lines against an authority listening on
 * 127.0.0.1, authenticated by a real API token (minted with the accounts feature's use case
 * and checked by the production authenticator), so every call crosses the same HTTP edge
 * that a deployed authority has. Each command line runs in this process, through the `main`
 * the `airlock-authority` executable runs (the executables run as processes in the release test).
 */
const site = createTestParty('cli-site');

describe('the airlock command', () => {
  let cli: CliAuthority;

  beforeAll(async () => {
    cli = await startCliAuthority({ name: 'cli test', scopes: permissions.filter((permission) => permission !== 'tokens:write') });
  }, 60_000);
  afterAll(() => cli.close());

  let pinnedRoot: PublicJwk;

  it('exports the root key as JSON, and saves it as PEM', async () => {
    const run = await cli.run(['authority', 'keys', 'export-root', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const root = run.json<{ kid: string; jwk: PublicJwk; pem: string }>();
    expect(root).toEqual({
      kid: expect.stringMatching(/^[\w-]{43}$/),
      jwk: { kty: 'OKP', crv: 'Ed25519', x: expect.any(String) },
      pem: expect.stringContaining('BEGIN PUBLIC KEY'),
    });
    pinnedRoot = root.jwk;
    const saved = await cli.run(['authority', 'keys', 'export-root', '--pem', '--out', 'root.pem']);
    expect({ code: saved.code, stdout: saved.stdout }).toEqual({ code: 0, stdout: `Wrote the root key ${root.kid} to ${join(cli.files, 'root.pem')}.\n` });
    expect(await readFile(join(cli.files, 'root.pem'), 'utf8')).toBe(root.pem);
  });

  it('exports the encryption-key certificate that apps ship, checked against the pinned root', async () => {
    const run = await cli.run(['authority', 'keys', 'export-encryption', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const found = run.json<{ kid: string; certificate: string; notAfter: string }>();
    const certificate = await verifyKeyCertificate(found.certificate, pinnedRoot, 'enc');
    expect({ kid: certificate.kid, notAfter: new Date(certificate.exp * 1000).toISOString() }).toEqual({ kid: found.kid, notAfter: found.notAfter });
    await expect(verifyKeyCertificate(found.certificate, pinnedRoot, 'sig')).rejects.toMatchObject({ code: 'KEY_CERTIFICATE_INVALID' });
    const saved = await cli.run(['authority', 'keys', 'export-encryption', '--out', 'authority-enc.txt']);
    expect(saved.code, saved.stderr).toBe(0);
    expect(await readFile(join(cli.files, 'authority-enc.txt'), 'utf8')).toBe(`${found.certificate}\n`);
  });

  it('rotates the signing key', async () => {
    const run = await cli.run(['authority', 'keys', 'rotate', '--purpose', 'sig', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ active: { purpose: 'sig', status: 'active' }, retired: { purpose: 'sig', status: 'retired' } });
  });

  it('exits 1 with the code when the authority refuses, in JSON and in words', async () => {
    const rootKid = (await cli.run(['authority', 'keys', 'export-root', '--json'])).json<{ kid: string }>().kid;
    const json = await cli.run(['authority', 'keys', 'revoke', rootKid, '--reason', 'test', '--json']);
    expect(json.code).toBe(1);
    expect(json.json()).toEqual({ error: expect.objectContaining({ status: 422, code: 'KEY_NOT_REVOCABLE' }) });
    const words = await cli.run(['authority', 'keys', 'revoke', rootKid, '--reason', 'test']);
    expect({ code: words.code, stdout: words.stdout }).toEqual({ code: 1, stdout: '' });
    expect(words.stderr).toMatch(/^airlock: refused: KEY_NOT_REVOCABLE: /);
    const unknownToken = await cli.run(['authority', 'keys', 'rotate'], { AIRLOCK_TOKEN: 'alk_not_a_real_token' });
    expect({ code: unknownToken.code, stderr: unknownToken.stderr }).toEqual({ code: 1, stderr: expect.stringContaining('refused: UNAUTHENTICATED') });
  });

  it('exits 2 on a usage error and 3 when the authority cannot be reached', async () => {
    const missing = await cli.run(['customer', 'create', '--id', 'acme']);
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({
      code: 2,
      stderr: expect.stringMatching(/^airlock: --name is required\nusage: airlock customer create /),
    });
    expect((await cli.run(['token', 'issue', '--customer', 'acme', '--colour', 'red'])).code).toBe(2);
    expect((await cli.run(['no', 'such', 'verb'])).code).toBe(2);
    const closed = await cli.run(['authority', 'keys', 'export-root', '--json'], { AIRLOCK_URL: 'http://127.0.0.1:9' });
    expect(closed.code).toBe(3);
    expect(closed.json()).toEqual({ error: { message: expect.stringContaining('cannot reach the authority at http://127.0.0.1:9') } });
  });

  it('runs the offline cycle: customer, approval, site, token, LFR upload, OLF', async () => {
    for (const setup of [
      ['product', 'create', '--id', 'automation', '--name', 'Automation'],
      ['license-type', 'create', 'automation', '--id', 'bot-runner', '--name', 'Bot Runner', '--category', 'seat'],
      ['policy', 'create', '--id', 'standard', '--name', 'Standard', '--kind', 'term', '--allow-offline', 'true'],
    ]) {
      const run = await cli.run(setup);
      expect(run.code, run.stderr).toBe(0);
    }

    const customer = await cli.run([
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
    expect((await cli.run(['customer', 'purchases', 'acme', '--set', 'bot-runner=10'])).code).toBe(0);
    const requestId = (
      await cli.run(['offline-request', 'create', '--customer', 'acme', '--reason', 'air-gapped', '--details', 'plant floor', '--print', 'id'])
    ).stdout.trim();

    const approved = await cli.run(['customer', 'approve', requestId, '--note', 'ok', '--json']);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.json()).toMatchObject({ id: requestId, status: 'approved' });
    const registered = await cli.run(['site', 'register', '--customer', 'acme', '--guid', site.guid, '--name', 'Plant 1']);
    expect({ code: registered.code, stdout: registered.stdout }).toEqual({ code: 0, stdout: `Registered site ${site.guid} (Plant 1) to customer acme.\n` });

    const issued = await cli.run(['token', 'issue', '--customer', 'acme', '--site', site.guid, '--out', 'token.txt', '--json']);
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.json()).toEqual({ id: expect.any(String), siteGuid: site.guid, expiresAt: expect.any(String), file: join(cli.files, 'token.txt') });

    // The site installs the token and makes its LFR, as a site does.
    const trust = { root: pinnedRoot };
    const opened = await openEnablementToken(await readFile(join(cli.files, 'token.txt'), 'utf8'), { now: cli.clock.now(), siteGuid: site.guid, trust });
    const lfr = await issueLicenseFileRequest(
      {
        enablementToken: opened.claims,
        tenant: 'default',
        siteVersion: '41.2',
        siteEncryptionKey: site.encryptionKey.publicJwk,
        cycle: 1,
        sequence: 1,
        cycleOpenedAt: cli.clock.now(),
        installed: null,
        usage: { seats: [{ type: 'bot-runner', users: ['ana', 'bo'] }], meters: [], ledger: { sequence: 0, head: '0'.repeat(64) } },
      },
      { now: cli.clock.now(), random: cli.random, signer: site.signingKey, trust },
    );
    await writeFile(join(cli.files, 'request.lfr'), lfr.text);

    const uploaded = await cli.run(['lfr', 'upload', 'request.lfr', '--customer', 'acme', '--json']);
    expect(uploaded.code, uploaded.stderr).toBe(0);
    const { lfr: accepted } = uploaded.json<{ lfr: { id: string; cycle: number } }>();
    expect(accepted).toMatchObject({ id: lfr.claims.jti, cycle: 1 });

    const olf = await cli.run([
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
    expect(olf.json()).toMatchObject({ file: join(cli.files, 'license.olf'), warnings: [{ type: 'bot-runner', requested: 1, used: 2 }] });
    expect(await readFile(join(cli.files, 'license.olf'), 'utf8')).toMatch(/^-----BEGIN AIRLOCK OFFLINE LICENSE FILE-----\n/);

    const again = await cli.run(['lfr', 'upload', 'request.lfr', '--customer', 'acme']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^airlock: refused: [A-Z_]+: /);
  });

  it('refuses what the token may not do, with FORBIDDEN', async () => {
    const limited: Permission[] = ['audit:read'];
    const { token: reader } = await createApiToken(
      cli.db,
      { name: 'reader', scopes: limited },
      { actor: 'admin:test', now: cli.clock.now(), random: cli.random, principal: { kind: 'admin', id: 'test' } },
    );
    const run = await cli.run(['site', 'register', '--customer', 'acme', '--guid', site.guid, '--name', 'again', '--json'], { AIRLOCK_TOKEN: reader });
    expect(run.code).toBe(1);
    expect(run.json()).toEqual({ error: expect.objectContaining({ status: 403, code: 'FORBIDDEN' }) });
  });
});
