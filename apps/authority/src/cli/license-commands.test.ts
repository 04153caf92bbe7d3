import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { permissions } from '@airlock/authority';
import { checkLicenseKey, issueDeviceActivationRequest, openDeviceRefreshFile } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '@airlock/cli-kit';
import { parseMeter } from './commands/license-create.ts';
import { startCliAuthority, type CliAuthority } from './testing/cli-authority.ts';

/**
 * `airlock license create` and `airlock license refresh-file` against an authority listening on
 * 127.0.0.1, with a real API token; a device activates on the portal route as the SDK would.
 */
const device = { ...createTestParty('cli-licenses/device'), fingerprint: 'fp-cli-device' };

describe('the airlock license commands', () => {
  let cli: CliAuthority;

  beforeAll(async () => {
    cli = await startCliAuthority({ name: 'cli licenses', scopes: permissions.filter((permission) => permission !== 'tokens:write') });
    await cli.api('POST', '/v1/products', { id: 'studio', name: 'Studio' });
    await cli.api('POST', '/v1/policies', { id: 'standard', name: 'Standard' });
    await cli.api('POST', '/v1/customers', { id: 'acme', name: 'Acme', contactEmail: 'licenses@acme.test', accountEndsOn: '2099-12-31', policyId: 'standard' });
  }, 120_000);
  afterAll(() => cli.close());

  it('creates a key-based license, prints its key once, and writes a refresh file after an edit', async () => {
    const run = await cli.run([
      'license',
      'create',
      '--customer',
      'acme',
      '--product',
      'studio',
      '--expires',
      '2099-01-01T00:00:00Z',
      '--feature',
      'export',
      '--meter',
      'renders=100',
      '--meter',
      'exports=unlimited',
      '--meta',
      'seat=Lab 4',
      '--max-activations',
      '2',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const license = JSON.parse(run.stdout) as { id: string; licenseKey: string; entitlements: unknown; metadata: unknown; settings: unknown };
    expect(checkLicenseKey(license.licenseKey).ok).toBe(true);
    expect(license).toMatchObject({
      entitlements: {
        features: ['export'],
        meters: [
          { meter: 'renders', limit: 100 },
          { meter: 'exports', limit: null },
        ],
      },
      metadata: [{ name: 'seat', value: 'Lab 4' }],
      settings: { kind: 'term', maxActivations: 2 },
    });

    const { text: request } = await issueDeviceActivationRequest(
      {
        product: 'studio',
        fingerprint: device.fingerprint,
        credential: { method: 'license-key', licenseKey: license.licenseKey },
        deviceEncryptionKey: device.encryptionKey.publicJwk,
        sdkVersion: '0.1.0',
        authorityEncryptionKey: await cli.keys.encryptionCertificate(),
      },
      { now: cli.clock.now(), random: cli.random, signer: device.signingKey, trust: await cli.keys.trust() },
    );
    const { activationId } = await cli.api<{ activationId: string }>('POST', '/v1/portal/activations', { request }, { bearer: false });
    const early = await cli.run(['license', 'refresh-file', license.id, '--activation', activationId]);
    expect([early.code, early.stderr]).toEqual([1, expect.stringContaining('LICENSE_UP_TO_DATE')]);

    const response = await fetch(`${cli.url}/v1/device-licenses/${license.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${cli.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ entitlements: { features: ['export', 'batch'], meters: [] } }),
    });
    expect(response.status).toBe(200);
    const written = await cli.run(['license', 'refresh-file', license.id, '--activation', activationId, '--out', 'refresh.txt']);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toContain('revision 2');
    const refresh = await openDeviceRefreshFile(await readFile(join(cli.files, 'refresh.txt'), 'utf8'), {
      now: cli.clock.now(),
      trust: await cli.keys.trust(),
      fingerprint: device.fingerprint,
      deviceEncryptionKey: device.encryptionKey,
      deviceSigningKid: device.signingKey.kid,
    });
    expect(refresh.claims).toMatchObject({ licenseId: license.id, revision: 2, entitlements: { features: ['export', 'batch'] } });
  });

  it("frees, suspends, resumes, blocks and unblocks a license's devices, and manages its users", async () => {
    const created = await cli.run(['license', 'create', '--customer', 'acme', '--product', 'studio', '--expires', '2099-01-01T00:00:00Z', '--json']);
    const license = JSON.parse(created.stdout) as { id: string; licenseKey: string };
    const vendorDevice = { ...createTestParty('cli-licenses/controlled'), fingerprint: 'fp-cli-controlled' };
    const { text: request } = await issueDeviceActivationRequest(
      {
        product: 'studio',
        fingerprint: vendorDevice.fingerprint,
        credential: { method: 'license-key', licenseKey: license.licenseKey },
        deviceEncryptionKey: vendorDevice.encryptionKey.publicJwk,
        sdkVersion: '0.1.0',
        authorityEncryptionKey: await cli.keys.encryptionCertificate(),
      },
      { now: cli.clock.now(), random: cli.random, signer: vendorDevice.signingKey, trust: await cli.keys.trust() },
    );
    const { activationId } = await cli.api<{ activationId: string }>('POST', '/v1/portal/activations', { request }, { bearer: false });

    expect(await cli.run(['license', 'suspend', license.id, '--reason', 'invoice unpaid'])).toMatchObject({
      code: 0,
      stdout: `Suspended license ${license.id} (invoice unpaid).\n`,
    });
    expect(await cli.run(['license', 'suspend', license.id])).toMatchObject({ code: 1, stderr: expect.stringContaining('LICENSE_ALREADY_SUSPENDED') });
    expect(await cli.run(['license', 'resume', license.id])).toMatchObject({ code: 0, stdout: `Resumed license ${license.id}.\n` });
    const freed = await cli.run(['license', 'deactivate-device', license.id, activationId]);
    expect([freed.code, freed.stdout]).toEqual([0, expect.stringContaining('activated offline and cannot be told: it may still run')]);
    expect(await cli.run(['license', 'deactivate-device', license.id, activationId])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('ACTIVATION_ALREADY_FREED'),
    });
    expect(await cli.run(['license', 'reset', license.id])).toMatchObject({ code: 1, stderr: expect.stringContaining('ACTIVATION_ALREADY_FREED') });
    expect(await cli.run(['license', 'block-device', license.id, vendorDevice.fingerprint, '--reason', 'stolen'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Blocked device fp-cli-controlled'),
    });
    const viewed = await fetch(`${cli.url}/v1/device-licenses/${license.id}`, { headers: { authorization: `Bearer ${cli.token}` } });
    expect(await viewed.json()).toMatchObject({ blockedDevices: [{ fingerprint: vendorDevice.fingerprint, reason: 'stolen' }] });
    expect(await cli.run(['license', 'unblock-device', license.id, vendorDevice.fingerprint])).toMatchObject({ code: 0 });
    expect(await cli.run(['license', 'unblock-device', license.id, vendorDevice.fingerprint])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('NOT_FOUND'),
    });

    const userBased = await cli.api<{ id: string; users: { id: string; username: string }[] }>('POST', '/v1/device-licenses', {
      productId: 'studio',
      customerId: 'acme',
      credential: 'user',
      expiresAt: '2099-01-01T00:00:00Z',
      users: [
        { username: 'ada@cli.test', password: 'correct horse battery' },
        { username: 'bob@cli.test', password: 'staple battery horse' },
      ],
    });
    const removed = await cli.run(['license', 'remove-user', userBased.id, 'ada@cli.test', '--json']);
    expect([removed.code, JSON.parse(removed.stdout)]).toEqual([
      0,
      { userId: userBased.users.find((user) => user.username === 'ada@cli.test')!.id, username: 'ada@cli.test', freed: 0 },
    ]);
    expect(await cli.run(['license', 'remove-user', userBased.id, 'ada@cli.test'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('has no user ada@cli.test'),
    });
    expect(await cli.run(['license', 'set-password', userBased.id, 'bob@cli.test'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--password-file'),
    });
    await writeFile(join(cli.files, 'new-password'), 'a brand new password\n');
    expect(await cli.run(['license', 'set-password', userBased.id, 'bob@cli.test', '--password-file', 'new-password'])).toMatchObject({ code: 0 });
    expect(await cli.run(['license', 'set-password', userBased.id, 'bob@cli.test'], { AIRLOCK_NEW_PASSWORD: 'short' })).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('REQUEST_INVALID'),
    });
    const audit = await cli.db
      .selectFrom('audit_events')
      .select('action')
      .where('object_id', '=', userBased.id)
      .where('action', '=', 'device-license.user-password')
      .execute();
    expect(audit).toHaveLength(1);
    const help = await cli.run(['license', 'set-password', '--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('<licenseId> <user id or name> [--password-file <file>|/dev/stdin]')]);
  });

  it('says what is wrong with a bad option before calling the authority', async () => {
    expect(() => parseMeter('renders')).toThrow(UsageError);
    expect(parseMeter('renders=unlimited')).toEqual({ meter: 'renders', limit: null });
    expect(parseMeter('renders=1000+50')).toEqual({ meter: 'renders', limit: 1000, overage: 50 });
    expect(() => parseMeter('renders=unlimited+5')).toThrow(UsageError);
    const run = await cli.run(['license', 'create', '--customer', 'acme', '--product', 'studio', '--max-activations', 'many']);
    expect([run.code, run.stderr]).toEqual([2, expect.stringContaining('--max-activations')]);
    const missing = await cli.run(['license', 'refresh-file', 'some-license']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('--activation')]);
  });
});
