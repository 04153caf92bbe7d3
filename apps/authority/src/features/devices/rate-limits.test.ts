import { beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../../test/harness.ts';
import { DEVICE_REQUESTS_PER_ADDRESS_PER_MINUTE, DEVICE_REQUESTS_PER_LICENSE_PER_MINUTE } from './device-api-routes.ts';
import { activationRequest, countDeviceWrites, createLicense, seedDeviceCatalogue, testDevice } from './testing/device-fixtures.ts';

describeEachStore('rate limits on the portal and device routes', (context) => {
  beforeAll(async () => {
    const { database, clock } = context();
    await seedDeviceCatalogue(database.db, clock.now());
  });

  it('refuses a client address past its limit with RATE_LIMITED and Retry-After, on every public device route, and not another address', async () => {
    const { request, clock } = context();
    const from = (remoteAddress: string, url = '/v1/portal/activations') => request({ method: 'POST', url, payload: { request: 'junk' }, remoteAddress });
    clock.advance(15_000);
    for (let i = 0; i < DEVICE_REQUESTS_PER_ADDRESS_PER_MINUTE; i++) expect((await from('203.0.113.7')).statusCode).toBe(400);
    for (const url of [
      '/v1/portal/activations',
      '/v1/portal/deactivations',
      '/v1/portal/refreshes',
      '/v1/devices/activate',
      '/v1/devices/validate',
      '/v1/devices/check-in',
      '/v1/devices/deactivate',
      '/v1/portal/code-activations',
      '/v1/portal/code-deactivations',
    ]) {
      const refused = await from('203.0.113.7', url);
      expect([url, refused.statusCode, refused.headers['retry-after'], refused.json()]).toMatchObject([
        url,
        429,
        '60',
        { code: 'RATE_LIMITED', errors: { retryAfterSeconds: 60 } },
      ]);
    }
    expect((await from('203.0.113.8')).statusCode).toBe(400);
    clock.advance(60_000);
    expect((await from('203.0.113.7')).statusCode).toBe(400);
  });

  it('refuses requests naming one license past its limit, from any address, before a password is tried, and writes nothing', async () => {
    const { request, authority, clock, deps, database } = context();
    await createLicense(request, { credential: 'user', users: [{ username: 'guessed', password: 'correct horse battery' }] });
    const text = await activationRequest(authority, testDevice('guesser'), { method: 'user', username: 'guessed' }, { now: clock.now(), random: deps.random });
    // Validations name the license and cost no argon2 work: they fill its window quickly.
    for (let i = 0; i < DEVICE_REQUESTS_PER_LICENSE_PER_MINUTE; i++) {
      const validation = await request({ method: 'POST', url: '/v1/devices/validate', payload: { request: text }, remoteAddress: `192.0.2.${i % 200}` });
      expect(validation.json<{ code: string }>().code).toBe('DEVICE_NOT_ACTIVE');
    }
    const before = await countDeviceWrites(database.db);
    const refused = await request({
      method: 'POST',
      url: '/v1/devices/activate',
      payload: { request: text, password: 'correct horse battery' },
      remoteAddress: '192.0.2.250',
    });
    expect([refused.statusCode, refused.headers['retry-after'], refused.json()]).toMatchObject([
      429,
      '60',
      { code: 'RATE_LIMITED', errors: { limitedBy: 'license' } },
    ]);
    expect(await countDeviceWrites(database.db)).toEqual(before);
    clock.advance(60_000);
    const later = await request({
      method: 'POST',
      url: '/v1/devices/activate',
      payload: { request: text, password: 'correct horse battery' },
      remoteAddress: '192.0.2.250',
    });
    expect(later.statusCode).toBe(201);
  });

  it('refuses new trials of a product past its limit, whatever fingerprints and addresses ask, and writes nothing', async () => {
    const { request, authority, clock, deps, database } = context();
    clock.advance(60_000);
    const ask = async (seed: string, remoteAddress: string) =>
      request({
        method: 'POST',
        url: '/v1/devices/activate',
        payload: { request: await activationRequest(authority, testDevice(seed), { method: 'trial' }, { now: clock.now(), random: deps.random }) },
        remoteAddress,
      });
    // The product offers no trial: each request is counted, then refused for that.
    for (let i = 0; i < DEVICE_REQUESTS_PER_LICENSE_PER_MINUTE; i++)
      expect((await ask(`trial-${i}`, `198.51.100.${i % 200}`)).json<{ code: string }>().code).toBe('TRIAL_NOT_AVAILABLE');
    const before = await countDeviceWrites(database.db);
    const refused = await ask('trial-one-more', '198.51.100.250');
    expect([refused.statusCode, refused.headers['retry-after'], refused.json()]).toMatchObject([
      429,
      '60',
      { code: 'RATE_LIMITED', errors: { limitedBy: 'trial starts' } },
    ]);
    expect(await countDeviceWrites(database.db)).toEqual(before);
    clock.advance(60_000);
    expect((await ask('trial-one-more', '198.51.100.250')).json<{ code: string }>().code).toBe('TRIAL_NOT_AVAILABLE');
  });
});
