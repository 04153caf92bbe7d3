import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../../apps/authority/test/harness.ts';
import { PRODUCT, runRenderApp, type RenderAppConfig } from '../src/render-app.ts';

/**
 * The render tool, licensed with @airlock/sdk, against a real authority (built in-process,
 * listening on a loopback port): the vendor sets the license up through the admin API, the
 * end user carries files between the tool and the offline portal API, and the tool itself
 * talks to the authority only in the online steps. Every run of the tool opens its license
 * afresh, as a program started from a shell does.
 */
interface LicenseSetup {
  readonly kind?: 'term' | 'subscription' | 'permanent';
  readonly allowOffline?: boolean;
  readonly maxActivations?: number | null;
  readonly renders?: number;
}

describeEachStore('the render tool licensed with the SDK', (context) => {
  let directory: string;
  let authorityUrl: string;
  let shipped: Pick<RenderAppConfig, 'rootKey' | 'authorityEncryptionKey'>;
  let licenses = 0;

  beforeAll(async () => {
    const { app, request, deps } = context();
    directory = await mkdtemp(join(tmpdir(), 'render-app-'));
    authorityUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    // What the vendor builds into the app: the root key it pins and the encryption-key certificate.
    shipped = { rootKey: (await request({ method: 'GET', url: '/v1/keys/root' })).body, authorityEncryptionKey: await deps.keys.encryptionCertificate() };
    await ok(request({ method: 'POST', url: '/v1/products', payload: { id: PRODUCT, name: 'Render Studio' } }));
    await ok(
      request({
        method: 'POST',
        url: '/v1/policies',
        payload: { id: 'render-term', name: 'Render term', kind: 'term', allowOffline: true, maxActivations: 1 },
      }),
    );
    await ok(
      request({
        method: 'POST',
        url: '/v1/customers',
        payload: { id: 'acme', name: 'Acme', contactEmail: 'it@acme.test', accountEndsOn: '2028-12-31', policyId: 'render-term' },
      }),
    );
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  /** A new key-based license of the render tool; its id and key. */
  async function createLicense(setup: LicenseSetup = {}): Promise<{ id: string; key: string }> {
    const response = await ok(
      context().request({
        method: 'POST',
        url: '/v1/device-licenses',
        payload: {
          productId: PRODUCT,
          customerId: 'acme',
          policyId: 'render-term',
          credential: 'license-key',
          overrides: {
            ...(setup.kind ? { kind: setup.kind } : {}),
            ...(setup.allowOffline === undefined ? {} : { allowOffline: setup.allowOffline }),
            ...(setup.maxActivations === undefined ? {} : { maxActivations: setup.maxActivations }),
          },
          expiresAt: setup.kind === 'permanent' ? null : '2027-11-23T00:00:00.000Z',
          entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: setup.renders ?? 3 }] },
        },
      }),
    );
    const created = response.json<{ id: string; licenseKey: string }>();
    return { id: created.id, key: created.licenseKey };
  }

  /** One device: the tool with its own store and fingerprint. */
  function device(name: string) {
    licenses += 1;
    const config: RenderAppConfig = {
      ...shipped,
      storePath: join(directory, `${name}-${licenses}`, 'license'),
      fingerprint: `${name}-${licenses}`,
      authorityUrl,
      now: () => context().clock.now(),
    };
    const file = (base: string) => join(directory, `${name}-${licenses}-${base}`);
    return {
      file,
      run: (...argv: string[]) => runRenderApp(argv, config),
      /** The end user uploads a file on the portal and keeps what it answers. */
      async portal(url: string, body: Record<string, string>) {
        return context().request({ method: 'POST', url, payload: body });
      },
    };
  }

  /** Writes the activation request, uploads it on the portal and saves the license file it gets. */
  async function activateOffline(tool: ReturnType<typeof device>, key: string): Promise<string> {
    expect(await tool.run('request-activation', '--key', key, '--out', tool.file('activation.req'))).toMatchObject({ exitCode: 0 });
    const answer = await tool.portal('/v1/portal/activations', { request: await readFile(tool.file('activation.req'), 'utf8') });
    expect(answer.statusCode, answer.body).toBe(201);
    await writeFile(tool.file('license.lic'), answer.json<{ text: string }>().text);
    return tool.file('license.lic');
  }

  it('goes offline through activation, features, consumption, refresh and deactivation, then activates another device', async () => {
    const license = await createLicense();
    const workstation = device('workstation');
    expect(await workstation.run('status')).toEqual({ exitCode: 0, output: 'not licensed: NOT_ACTIVATED' });

    const licenseFile = await activateOffline(workstation, license.key);
    expect(await workstation.run('install', licenseFile)).toEqual({
      exitCode: 0,
      output: `licensed: ${license.id} (term, revision 1) until 2027-11-23; features: export; renders 0/3`,
    });

    // The feature, and the meter up to its limit.
    expect(await workstation.run('scene', 'turbine', '--export', workstation.file('turbine.png'))).toEqual({
      exitCode: 0,
      output: `rendered turbine (render 1 of 3), exported to ${workstation.file('turbine.png')}`,
    });
    expect(await readFile(workstation.file('turbine.png'), 'utf8')).toBe('rendered turbine\n');
    await workstation.run('scene', 'rotor');
    expect(await workstation.run('scene', 'hub')).toMatchObject({ exitCode: 0, output: 'rendered hub (render 3 of 3)' });
    expect(await workstation.run('scene', 'blade')).toMatchObject({ exitCode: 1, output: expect.stringMatching(/^refused: METER_LIMIT_REACHED/) as string });

    // The vendor raises the limit; the portal gives the device a refresh file.
    await ok(
      context().request({
        method: 'PATCH',
        url: `/v1/device-licenses/${license.id}`,
        payload: { entitlements: { features: ['export', 'batch'], meters: [{ meter: 'renders', limit: 10 }] } },
      }),
    );
    expect(await workstation.run('request-refresh', '--out', workstation.file('refresh.req'))).toMatchObject({ exitCode: 0 });
    const refreshed = await workstation.portal('/v1/portal/refreshes', { request: await readFile(workstation.file('refresh.req'), 'utf8') });
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    await writeFile(workstation.file('refresh.lic'), refreshed.json<{ text: string }>().text);
    expect(await workstation.run('apply-refresh', workstation.file('refresh.lic'))).toEqual({
      exitCode: 0,
      output: `licensed: ${license.id} (term, revision 2) until 2027-11-23; features: export, batch; renders 3/10`,
    });
    expect(await workstation.run('scene', 'blade')).toMatchObject({ exitCode: 0, output: 'rendered blade (render 4 of 10)' });
    // The same refresh file again is stale now.
    expect(await workstation.run('apply-refresh', workstation.file('refresh.lic'))).toMatchObject({
      exitCode: 1,
      output: expect.stringMatching(/^refused: REFRESH_NOT_NEWER/) as string,
    });

    // Deactivation: the file frees the slot and brings the consumption back, once.
    expect(await workstation.run('deactivate', '--out', workstation.file('deactivation.txt'))).toMatchObject({ exitCode: 0 });
    expect(await workstation.run('status')).toEqual({ exitCode: 0, output: 'not licensed: DEVICE_DEACTIVATED' });
    const file = await readFile(workstation.file('deactivation.txt'), 'utf8');
    const deactivated = await workstation.portal('/v1/portal/deactivations', { file });
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    expect(deactivated.json()).toMatchObject({ licenseId: license.id, consumption: [{ meter: 'renders', amount: 4 }] });
    const replayed = await workstation.portal('/v1/portal/deactivations', { file });
    expect([replayed.statusCode, replayed.json<{ code: string }>().code]).toEqual([409, 'DOCUMENT_REPLAYED']);
    expect((await ok(context().request({ method: 'GET', url: `/v1/device-licenses/${license.id}` }))).json()).toMatchObject({
      activeActivations: 0,
      usage: [{ meter: 'renders', total: 4 }],
    });

    // The freed slot takes another device, with the license as it now stands: the limit is the
    // license's, so the 4 renders the workstation used count on the laptop too.
    const laptop = device('laptop');
    expect(await laptop.run('install', await activateOffline(laptop, license.key))).toEqual({
      exitCode: 0,
      output: `licensed: ${license.id} (term, revision 2) until 2027-11-23; features: export, batch; renders 4/10`,
    });

    // The vendor edits the license again and hands that device a refresh file of its own making.
    await ok(context().request({ method: 'PATCH', url: `/v1/device-licenses/${license.id}`, payload: { expiresAt: '2028-11-23T00:00:00.000Z' } }));
    const { activations } = (await ok(context().request({ method: 'GET', url: `/v1/device-licenses/${license.id}` }))).json<{
      activations: { id: string; status: string }[];
    }>();
    const active = activations.filter((activation) => activation.status === 'active');
    expect(active).toHaveLength(1);
    const vendorRefresh = await ok(context().request({ method: 'POST', url: `/v1/device-licenses/${license.id}/activations/${active[0]!.id}/refresh-file` }));
    await writeFile(laptop.file('vendor-refresh.lic'), vendorRefresh.json<{ text: string }>().text);
    expect(await laptop.run('apply-refresh', laptop.file('vendor-refresh.lic'))).toEqual({
      exitCode: 0,
      output: `licensed: ${license.id} (term, revision 3) until 2028-11-23; features: export, batch; renders 4/10`,
    });
  });

  it('activates a user-based license offline: the request names the user, who signs in on the portal', async () => {
    const created = await ok(
      context().request({
        method: 'POST',
        url: '/v1/device-licenses',
        payload: {
          productId: PRODUCT,
          customerId: 'acme',
          policyId: 'render-term',
          credential: 'user',
          users: [{ username: 'ada@acme.test', password: 'correct horse battery' }],
          expiresAt: '2027-11-23T00:00:00.000Z',
          entitlements: { features: [], meters: [{ meter: 'renders', limit: 1 }] },
        },
      }),
    );
    const tool = device('ada');
    await tool.run('request-activation', '--user', 'ada@acme.test', '--out', tool.file('activation.req'));
    const request = await readFile(tool.file('activation.req'), 'utf8');
    expect(request).not.toContain('correct horse');
    const wrong = await tool.portal('/v1/portal/activations', { request, password: 'wrong password' });
    expect([wrong.statusCode, wrong.json<{ code: string }>().code]).toEqual([401, 'INVALID_CREDENTIALS']);
    const answer = await tool.portal('/v1/portal/activations', { request, password: 'correct horse battery' });
    expect(answer.statusCode, answer.body).toBe(201);
    await writeFile(tool.file('license.lic'), answer.json<{ text: string }>().text);
    expect(await tool.run('install', tool.file('license.lic'))).toEqual({
      exitCode: 0,
      output: `licensed: ${created.json<{ id: string }>().id} (term, revision 1) until 2027-11-23; features: none; renders 0/1`,
    });
    expect(await tool.run('scene', 'rotor', '--export', tool.file('rotor.png'))).toMatchObject({ exitCode: 1, output: 'refused: FEATURE_NOT_LICENSED' });
    expect(await tool.run('status')).toMatchObject({ output: expect.stringContaining('renders 0/1') as string });
  });

  it('refuses offline activation of a license that forbids it (OFFLINE_NOT_ALLOWED)', async () => {
    const license = await createLicense({ allowOffline: false });
    const tool = device('offline-forbidden');
    await tool.run('request-activation', '--key', license.key, '--out', tool.file('activation.req'));
    const answer = await tool.portal('/v1/portal/activations', { request: await readFile(tool.file('activation.req'), 'utf8') });
    expect([answer.statusCode, answer.json<{ code: string }>().code]).toEqual([422, 'OFFLINE_NOT_ALLOWED']);
  });

  it('refuses offline activation of a subscription (SUBSCRIPTION_NOT_OFFLINE)', async () => {
    const license = await createLicense({ kind: 'subscription' });
    const tool = device('subscriber');
    await tool.run('request-activation', '--key', license.key, '--out', tool.file('activation.req'));
    const answer = await tool.portal('/v1/portal/activations', { request: await readFile(tool.file('activation.req'), 'utf8') });
    expect([answer.statusCode, answer.json<{ code: string }>().code]).toEqual([422, 'SUBSCRIPTION_NOT_OFFLINE']);
  });

  it('refuses a license file made for another device (WRONG_RECIPIENT)', async () => {
    const license = await createLicense({ maxActivations: 2 });
    const first = device('first');
    const licenseFile = await activateOffline(first, license.key);
    const second = device('second');
    await second.run('request-activation', '--key', license.key, '--out', second.file('activation.req'));
    expect(await second.run('install', licenseFile)).toMatchObject({ exitCode: 1, output: expect.stringMatching(/^refused: WRONG_RECIPIENT/) as string });
    expect(await second.run('status')).toEqual({ exitCode: 0, output: 'not licensed: NOT_ACTIVATED' });
  });

  it('refuses a device past the activation limit (ACTIVATIONS_EXHAUSTED)', async () => {
    const license = await createLicense({ maxActivations: 1 });
    const first = device('holder');
    expect(await first.run('install', await activateOffline(first, license.key))).toMatchObject({ exitCode: 0 });
    const second = device('latecomer');
    await second.run('request-activation', '--key', license.key, '--out', second.file('activation.req'));
    const answer = await second.portal('/v1/portal/activations', { request: await readFile(second.file('activation.req'), 'utf8') });
    expect([answer.statusCode, answer.json<{ code: string }>().code]).toEqual([422, 'ACTIVATIONS_EXHAUSTED']);
  });

  it('does the same online: activation, check-in, refresh and deactivation over the device API', async () => {
    const license = await createLicense({ renders: 5 });
    const tool = device('online');
    expect(await tool.run('activate', '--key', license.key)).toEqual({
      exitCode: 0,
      output: `licensed: ${license.id} (term, revision 1) until 2027-11-23; features: export; renders 0/5`,
    });
    await tool.run('scene', 'a');
    await tool.run('scene', 'b');
    expect(await tool.run('check-in')).toEqual({ exitCode: 0, output: 'reported 2 renders to the authority' });
    expect(await tool.run('check-in')).toEqual({ exitCode: 0, output: 'reported 0 renders to the authority' });
    expect(await tool.run('refresh')).toEqual({ exitCode: 0, output: 'authority says active; the license is current' });
    await ok(
      context().request({
        method: 'PATCH',
        url: `/v1/device-licenses/${license.id}`,
        payload: { entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 50 }] } },
      }),
    );
    expect(await tool.run('refresh')).toEqual({ exitCode: 0, output: 'authority says active; a newer license is now in force' });
    expect(await tool.run('status')).toMatchObject({ output: expect.stringContaining('revision 2') as string });
    await tool.run('scene', 'c');
    expect(await tool.run('deactivate', '--online')).toMatchObject({ exitCode: 0 });
    expect((await ok(context().request({ method: 'GET', url: `/v1/device-licenses/${license.id}` }))).json()).toMatchObject({
      activeActivations: 0,
      usage: [{ meter: 'renders', total: 3 }],
    });
  });
});

/** The response, after checking it succeeded. */
async function ok<T extends { statusCode: number; body: string }>(response: Promise<T>): Promise<T> {
  const answer = await response;
  expect(answer.statusCode, answer.body).toBeLessThan(300);
  return answer;
}

describe('the render tool without a license', () => {
  it('explains its usage and refuses unknown commands with exit code 2', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'render-app-'));
    try {
      const config = { rootKey: '{}', storePath: join(directory, 'license') };
      expect(await runRenderApp(['fly'], config)).toMatchObject({ exitCode: 2, output: expect.stringContaining('unknown command fly') as string });
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
