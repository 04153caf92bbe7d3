import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DAY } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { expectCode } from '../test/test-vendor.ts';
import { APP_KEY, intruderKey, startTestSite, type TestSite } from '../test/test-site.ts';
import { Airlock, machineFingerprint, type LeaseLoss, type SiteConnection, type SiteOptions } from './index.ts';

let directory: string;
let site: TestSite;
let storeCount = 0;
const connections: SiteConnection[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'airlock-seats-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(async () => {
  // No lease of one test heartbeats into the next test's site.
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
  await site.stop();
});

/** Options for a device of the test site, with a fresh seat store unless given. */
function options(overrides: Partial<SiteOptions> = {}): SiteOptions {
  return {
    url: site.url,
    tenant: site.tenant,
    appKey: APP_KEY,
    rootKey: site.rootKey,
    fingerprint: 'device-a',
    user: 'ana',
    storePath: join(directory, `seats-${++storeCount}.store`),
    now: site.clock.now,
    ...overrides,
  };
}

/** A connection of a device of the test site, closed after the test. */
async function connect(overrides: Partial<SiteOptions> = {}): Promise<SiteConnection> {
  const connection = await Airlock.connectSite(options(overrides));
  connections.push(connection);
  return connection;
}

/** Whether a promise has settled, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  return (await Promise.race([promise, Promise.resolve(marker)])) !== marker;
}

describe('leasing a floating seat', () => {
  it('touches no network when connecting', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    await connect({ fetch });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("names the machine's fingerprint and the system's user unless told otherwise", async () => {
    const defaults: SiteOptions = { ...options() };
    delete (defaults as { fingerprint?: unknown }).fingerprint;
    delete (defaults as { user?: unknown }).user;
    const connection = await Airlock.connectSite(defaults);
    expect(connection.fingerprint).toBe(machineFingerprint('airlock-site'));
    expect((await Airlock.connectSite({ ...defaults, product: 'studio' })).fingerprint).toBe(machineFingerprint('studio'));
    const name = userInfo().username;
    expect(connection.user).toBe(name.length > 0 && name.length <= 200 ? name : 'user');
    expect((await connect()).user).toBe('ana');
  });

  it('refuses bad options before anything is sent', async () => {
    await expectCode(Airlock.connectSite(options({ tenant: 'no such/tenant' })), 'REQUEST_INVALID');
    await expectCode(Airlock.connectSite(options({ url: 'ftp://site' })), 'REQUEST_INVALID');
    await expectCode(Airlock.connectSite(options({ rootKey: '{"kty":"OKP"}' })), 'KEY_INVALID');
    const connection = await connect();
    await expectCode(connection.lease('designer', { wait: 301 }), 'REQUEST_INVALID');
    await expectCode(connection.borrow('designer', { days: 0 }), 'REQUEST_INVALID');
    expect(site.calls).toEqual([]);
  });

  it('is granted with a lease document it verified, naming the key it sent', async () => {
    const connection = await connect();
    const lease = await connection.lease('designer');

    const [grant] = site.calls;
    expect(grant).toMatchObject({ method: 'POST', path: `/v1/tenants/${site.tenant}/leases`, authorization: `Bearer ${APP_KEY}` });
    expect(grant!.body).toMatchObject({ type: 'designer', user: 'ana', fingerprint: 'device-a', deviceKey: { kty: 'OKP', crv: 'X25519' } });
    expect(grant!.body).not.toHaveProperty('wait');
    expect(site.leases.get(lease.leaseId)!.deviceKey).toEqual(grant!.body!.deviceKey);
    expect(lease).toMatchObject({
      type: 'designer',
      user: 'ana',
      siteGuid: site.scenario.site.guid,
      ttlSeconds: 900,
      heartbeatSeconds: 300,
      renewed: false,
      used: 1,
      limit: 5,
    });
    expect(lease.expiresAt).toEqual(new Date(site.clock.now().getTime() + 900_000));
    expect(lease.check()).toBe(true);
    expect(connection.check('designer')).toMatchObject({ ok: true, kind: 'lease' });
    expect(await connection.lease('designer')).toBe(lease);
    expect(site.calls).toHaveLength(1);
    await lease.close();
  });

  it('sends a fresh nonce at each heartbeat and takes the new end from the authenticated answer', async () => {
    const lease = await (await connect()).lease('designer');
    site.clock.advance(200_000);
    expect(await lease.renew()).toBe(true);
    expect(lease.expiresAt).toEqual(new Date(site.clock.now().getTime() + 900_000));
    site.clock.advance(800_000); // past the grant's end, within the renewal's
    expect(lease.check()).toBe(true);
    expect(await lease.renew()).toBe(true);
    const nonces = site.heartbeats().map((call) => call.body!.nonce as string);
    expect(nonces).toHaveLength(2);
    expect(nonces[0]).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(nonces[0]).not.toBe(nonces[1]);
    expect(site.heartbeats()[0]!.path).toBe(`/v1/tenants/${site.tenant}/leases/${lease.leaseId}/heartbeat`);
    await lease.close();
  });

  it('heartbeats on its own every heartbeatSeconds, on timers that keep no process alive', async () => {
    site.ttlSeconds = 60;
    site.heartbeatSeconds = 0.02;
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const lease = await (await connect()).lease('designer');
    await vi.waitFor(() => expect(site.heartbeats().length).toBeGreaterThanOrEqual(3), { timeout: 5_000, interval: 5 });
    expect(lease.check()).toBe(true);
    // The heartbeat timers are the ones set for the period (20 ms): none holds the process open.
    const heartbeatTimers = timers.mock.calls.flatMap((call, index) => (call[1] === 20 ? [timers.mock.results[index]!.value as NodeJS.Timeout] : []));
    timers.mockRestore();
    expect(heartbeatTimers.length).toBeGreaterThanOrEqual(3);
    expect(heartbeatTimers.filter((timer) => timer.hasRef())).toEqual([]);
    // Closed right after a heartbeat's answer, so none is on its way: the count is final.
    await lease.renew();
    await lease.close();
    const after = site.heartbeats().length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(site.heartbeats().length).toBe(after);
  });

  it('is lost, once, with LEASE_NOT_FOUND when the site no longer holds it', async () => {
    const lease = await (await connect()).lease('designer');
    const losses: LeaseLoss[] = [];
    lease.onLost((loss) => losses.push(loss));
    site.leases.clear(); // culled, or revoked
    expect(await lease.renew()).toBe(false);
    expect(await lease.lost).toMatchObject({ code: 'LEASE_NOT_FOUND' });
    expect(await lease.renew()).toBe(false);
    expect(lease.check()).toBe(false);
    site.clock.advance(1_000_000);
    expect(lease.check()).toBe(false);
    const late: LeaseLoss[] = [];
    lease.onLost((loss) => late.push(loss));
    await Promise.resolve();
    expect(losses.map((loss) => loss.code)).toEqual(['LEASE_NOT_FOUND']);
    expect(late.map((loss) => loss.code)).toEqual(['LEASE_NOT_FOUND']);
    expect(site.heartbeats()).toHaveLength(1);
    expect(await lease.close()).toBe(false);
    expect(site.calls.filter((call) => call.method === 'DELETE')).toEqual([]);
  });

  it('rides out a site that does not answer until the end passes, then is lost with SITE_UNREACHABLE', async () => {
    const lease = await (await connect()).lease('designer');
    const losses: LeaseLoss[] = [];
    lease.onLost((loss) => losses.push(loss));
    site.mode = 'down';
    site.clock.advance(600_000);
    expect(await lease.renew()).toBe(false);
    expect(lease.check()).toBe(true);
    expect(await settled(lease.lost)).toBe(false);
    site.clock.advance(300_000); // the end, as the grant set it
    expect(await lease.renew()).toBe(false);
    expect(lease.check()).toBe(false);
    expect(await lease.lost).toMatchObject({ code: 'SITE_UNREACHABLE' });
    site.mode = 'ok';
    expect(await lease.renew()).toBe(false);
    await Promise.resolve();
    expect(losses.map((loss) => loss.code)).toEqual(['SITE_UNREACHABLE']);
  });

  it('is lost when a check finds its end passed, even if no heartbeat ran', async () => {
    const lease = await (await connect()).lease('designer');
    site.clock.advance(900_000);
    expect(lease.check()).toBe(false);
    expect(await lease.lost).toMatchObject({ code: 'SITE_UNREACHABLE', detail: { reason: 'the lease ended without a renewal' } });
  });

  it.each(['bad-mac', 'replay'] as const)('does not take an end from a heartbeat answer it cannot authenticate (%s)', async (mode) => {
    const lease = await (await connect()).lease('designer');
    const end = lease.expiresAt;
    if (mode === 'replay') {
      site.clock.advance(1_000);
      expect(await lease.renew()).toBe(true);
    }
    site.mode = mode;
    site.clock.advance(200_000);
    expect(await lease.renew()).toBe(false);
    expect(lease.expiresAt.getTime()).toBeLessThanOrEqual(end.getTime() + 1_000);
    site.clock.advance(800_000);
    expect(await lease.renew()).toBe(false);
    expect(await lease.lost).toMatchObject({
      code: 'SITE_UNREACHABLE',
      detail: { reason: "the heartbeat answer is not authenticated by the lease's heartbeat key" },
    });
  });

  it('refuses a lease signed by a site key the license does not name, and never holds it', async () => {
    site.signer = intruderKey();
    const connection = await connect();
    await expectCode(connection.lease('designer'), 'SITE_KEY_NOT_CERTIFIED');
    expect(connection.check('designer')).toMatchObject({ ok: false, code: 'SEAT_NOT_HELD' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(site.heartbeats()).toEqual([]);
  });

  it('refuses a lease from another site than the one pinned', async () => {
    await expectCode((await connect({ siteGuid: '00000000-0000-4000-8000-000000000000' })).lease('designer'), 'WRONG_RECIPIENT');
    const pinned = await (await connect({ siteGuid: site.scenario.site.guid.toUpperCase() })).lease('designer');
    expect(pinned.check()).toBe(true);
  });

  it('refuses a lease that names another device key than the one it sent', async () => {
    site.deviceKeyOverride = createTestParty('other-device').encryptionKey.publicJwk;
    await expectCode((await connect()).lease('designer'), 'WRONG_RECIPIENT');
  });

  it("refuses a lease made for another device's fingerprint", async () => {
    // Something on the way asks for device-a's seat, and the answer reaches device-b.
    const fetch: typeof globalThis.fetch = (input, init) => {
      const body = JSON.parse(init!.body as string) as Record<string, unknown>;
      return globalThis.fetch(input, { ...init, body: JSON.stringify({ ...body, fingerprint: 'device-a' }) });
    };
    await expectCode((await connect({ fingerprint: 'device-b', fetch })).lease('designer'), 'WRONG_RECIPIENT');
  });

  it('raises the refusals of the site with their codes', async () => {
    site.refuse = 'SEAT_LIMIT_REACHED';
    const error = await expectCode((await connect()).lease('designer', { wait: 5 }), 'SEAT_LIMIT_REACHED');
    expect(error.detail).toEqual({ from: 'test-site' });
    expect(site.calls[0]!.body).toMatchObject({ wait: 5 });
    await expectCode((await connect({ appKey: 'ak_wrong' })).lease('designer'), 'UNAUTHENTICATED');
    site.mode = 'down';
    await expectCode((await connect()).lease('designer'), 'SITE_UNREACHABLE');
  });

  it('is released by close, once, and is not reported lost', async () => {
    const connection = await connect();
    const lease = await connection.lease('designer');
    expect(await lease.close()).toBe(true);
    expect(site.leases.size).toBe(0);
    expect(lease.check()).toBe(false);
    expect(connection.check('designer')).toMatchObject({ ok: false, code: 'SEAT_NOT_HELD' });
    expect(await lease.close()).toBe(true);
    expect(site.calls.filter((call) => call.method === 'DELETE').map((call) => call.path)).toEqual([`/v1/tenants/${site.tenant}/leases/${lease.leaseId}`]);
    expect(await lease.renew()).toBe(false);
    expect(await settled(lease.lost)).toBe(false);
  });

  it('closes without throwing when the site cannot be reached', async () => {
    const lease = await (await connect()).lease('designer');
    site.mode = 'down';
    expect(await lease.close()).toBe(false);
    expect(lease.check()).toBe(false);
  });
});

describe('borrowing a floating seat', () => {
  it('keeps the borrow on the device and works with the site stopped until its end, not after', async () => {
    const storePath = join(directory, 'borrowed.store');
    const connection = await connect({ storePath });
    const borrow = await connection.borrow('designer', { days: 3 });
    expect(site.calls[0]).toMatchObject({
      method: 'POST',
      path: `/v1/tenants/${site.tenant}/borrows`,
      body: { type: 'designer', user: 'ana', fingerprint: 'device-a', days: 3 },
    });
    const end = new Date(site.clock.now().getTime() + 3 * DAY);
    expect(borrow).toMatchObject({ type: 'designer', user: 'ana', tenant: site.tenant, siteGuid: site.scenario.site.guid, expiresAt: end });
    expect(await readFile(storePath, 'utf8')).not.toContain('designer');
    await site.stop();

    // A new start of the application, away from the site.
    site.clock.advance(2 * DAY);
    const away = await connect({ storePath });
    expect(away.borrowed('designer')).toMatchObject({ leaseId: borrow.leaseId, expiresAt: end });
    expect(away.check('designer')).toEqual({ ok: true, kind: 'borrow', expiresAt: end });
    expect(away.check('modeler')).toMatchObject({ ok: false, code: 'SEAT_NOT_HELD' });

    site.clock.set(end);
    expect(away.check('designer')).toMatchObject({ ok: false, code: 'BORROW_ENDED' });
    expect(away.borrowed('designer')).toBeNull();
    expect((await connect({ storePath })).check('designer')).toMatchObject({ ok: false, code: 'BORROW_ENDED' });
  });

  it('refuses a borrow store copied to another device, and never writes over it', async () => {
    const storePath = join(directory, 'original.store');
    await (await connect({ storePath })).borrow('designer', { days: 2 });
    const copy = join(directory, 'copied.store');
    await copyFile(storePath, copy);
    const elsewhere = await connect({ storePath: copy, fingerprint: 'device-b' });
    expect(elsewhere.check('designer')).toMatchObject({ ok: false, code: 'STORE_WRONG_DEVICE' });
    expect(elsewhere.borrowed('designer')).toBeNull();
    await expectCode(elsewhere.borrow('designer', { days: 1 }), 'STORE_WRONG_DEVICE');
    expect(await readFile(copy)).toEqual(await readFile(storePath));
  });

  it('refuses an edited borrow store, and a clock set back', async () => {
    const storePath = join(directory, 'edited.store');
    await (await connect({ storePath })).borrow('designer', { days: 2 });
    const original = await readFile(storePath, 'utf8');
    const edited = original.replace(/"data":"(.)/, (_, first: string) => `"data":"${first === 'A' ? 'B' : 'A'}`);
    await writeFile(join(directory, 'edited-copy.store'), edited);
    expect((await connect({ storePath: join(directory, 'edited-copy.store') })).check('designer')).toMatchObject({ ok: false, code: 'STORE_TAMPERED' });

    site.clock.advance(DAY);
    await connect({ storePath }); // seen a day later
    site.clock.advance(-DAY);
    expect((await connect({ storePath })).check('designer')).toMatchObject({ ok: false, code: 'CLOCK_ROLLED_BACK' });
  });

  it('is given back by returnBorrow, and forgotten', async () => {
    const storePath = join(directory, 'returned.store');
    const connection = await connect({ storePath });
    const borrow = await connection.borrow('designer', { days: 2 });
    expect(site.borrows.size).toBe(1);
    expect(await connection.returnBorrow('designer')).toBe(true);
    expect(site.calls.at(-1)).toMatchObject({ method: 'DELETE', path: `/v1/tenants/${site.tenant}/borrows/${borrow.leaseId}` });
    expect(site.borrows.size).toBe(0);
    expect(connection.check('designer')).toMatchObject({ ok: false, code: 'SEAT_NOT_HELD' });
    expect((await connect({ storePath })).borrowed('designer')).toBeNull();
    expect(await connection.returnBorrow('designer')).toBe(false);
  });

  it('keeps a borrow it could not give back', async () => {
    const storePath = join(directory, 'kept.store');
    const connection = await connect({ storePath });
    await connection.borrow('designer', { days: 2 });
    site.mode = 'down';
    await expectCode(connection.returnBorrow('designer'), 'SITE_UNREACHABLE');
    expect((await connect({ storePath })).check('designer')).toMatchObject({ ok: true, kind: 'borrow' });
  });

  it('turns a lease of the type into the borrow, which is not a loss', async () => {
    const connection = await connect();
    const lease = await connection.lease('designer');
    await connection.borrow('designer', { days: 1 });
    expect(lease.check()).toBe(false);
    expect(await settled(lease.lost)).toBe(false);
    expect(await lease.close()).toBe(false);
    expect(site.calls.filter((call) => call.method === 'DELETE')).toEqual([]);
    expect(connection.check('designer')).toMatchObject({ ok: true, kind: 'borrow' });
  });

  it('refuses a borrow file signed by a site key the license does not name, and keeps nothing', async () => {
    const storePath = join(directory, 'intruder.store');
    site.signer = intruderKey();
    const connection = await connect({ storePath });
    await expectCode(connection.borrow('designer', { days: 1 }), 'SITE_KEY_NOT_CERTIFIED');
    expect(connection.borrowed('designer')).toBeNull();
    await expect(readFile(storePath)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
