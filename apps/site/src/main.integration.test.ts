import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { operatorTokenFileOf, siteOperatorHeaders } from './accounts/operator-token.ts';
import { readSiteConfig } from './config.ts';
import { initSite, openSiteIdentity, siteFileOf } from './identity/site-identity.ts';
import { openLedger } from './ledger/index.ts';
import { runSite, startSite, systemRandom, type RunningSite } from './main.ts';
import { feature, seat, START, TestAuthorityDesk, TestClock, testPasswords } from './testing/site-fixtures.ts';

/**
 * The site on disk, as an operator runs it: initialised in a data directory with the real
 * ledger, started on a port, called over HTTP, stopped and started again. Its time comes from
 * a test clock file (AIRLOCK_SITE_TEST_CLOCK_FILE), kept equal to the test authority's.
 */
const PASSPHRASE = 'a site passphrase for tests';

describe('a site on disk', () => {
  let root: string;
  let env: Record<string, string>;
  let clock: TestClock;
  let desk: TestAuthorityDesk;
  let running: RunningSite | null = null;
  const said: string[] = [];
  const say = (line: string) => said.push(line);

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-site-'));
    clock = new TestClock(START);
    desk = await TestAuthorityDesk.create(clock);
    await writeFile(join(root, 'clock'), START.toISOString());
    env = {
      AIRLOCK_SITE_DATA_DIR: join(root, 'data'),
      AIRLOCK_SITE_WITNESS_DIR: join(root, 'witness'),
      AIRLOCK_SITE_PASSPHRASE: PASSPHRASE,
      AIRLOCK_SITE_PORT: '0',
      AIRLOCK_SITE_LOG_LEVEL: 'silent',
      AIRLOCK_SITE_TEST_CLOCK_FILE: join(root, 'clock'),
    };
    said.length = 0;
  });
  afterEach(async () => {
    await running?.close();
    running = null;
    await rm(root, { recursive: true, force: true });
  });

  const init = (tenants = ['default']) =>
    initSite({
      dataDir: env.AIRLOCK_SITE_DATA_DIR!,
      passphrase: PASSPHRASE,
      rootPublicKey: desk.authority.root.publicJwk,
      tenants,
      witnessDir: env.AIRLOCK_SITE_WITNESS_DIR!,
      siteVersion: '0.1.0',
      clock,
      random: systemRandom,
      openLedger,
      passwords: testPasswords,
    });
  const start = async () => (running = await startSite(readSiteConfig(env), say));
  const stop = async () => {
    await running?.close();
    running = null;
  };
  /** Calls the running site as its operator, with the token `init` wrote in the data directory (or with `headers` instead). */
  const call = async <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T; headers: Headers }> => {
    const auth = headers ?? (await siteOperatorHeaders(env.AIRLOCK_SITE_DATA_DIR!));
    const response = await fetch(`${running!.url}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T, headers: response.headers };
  };
  const setTime = async (to: Date) => {
    clock.set(to);
    await writeFile(join(root, 'clock'), to.toISOString());
  };

  it('initialises once: a GUID, sealed keys, a ledger, a witness outside the data directory, a Registration Key per tenant', async () => {
    const site = await init(['default', 'blue']);
    expect(site).toEqual({
      guid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      rootKid: desk.authority.root.kid,
      tenants: [
        { tenant: 'default', registrationKey: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/) },
        { tenant: 'blue', registrationKey: expect.any(String) },
      ],
      dataDir: env.AIRLOCK_SITE_DATA_DIR,
      witnessFile: join(root, 'witness', `${site.guid}.witness`),
      administrator: { account: 'admin', password: expect.stringMatching(/^[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){4}$/) },
      operatorTokenFile: operatorTokenFileOf(env.AIRLOCK_SITE_DATA_DIR!),
    });
    expect((await stat(siteFileOf(env.AIRLOCK_SITE_DATA_DIR!))).mode & 0o777).toBe(0o600);
    expect((await stat(site.operatorTokenFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(site.operatorTokenFile, 'utf8')).toMatch(/^airlock-site-op_[A-Za-z0-9_-]{43}\n$/);
    await stat(site.witnessFile);
    const identity = await openSiteIdentity(env.AIRLOCK_SITE_DATA_DIR!, PASSPHRASE);
    const file = await readFile(siteFileOf(env.AIRLOCK_SITE_DATA_DIR!), 'utf8');
    expect(file).not.toContain(Buffer.from(identity.ledgerKey).toString('base64url'));
    expect(file).not.toContain(identity.signingKey.privateKey.export({ format: 'jwk' }).d);
    await expect(init()).rejects.toMatchObject({ code: 'SITE_ALREADY_INITIALISED', detail: { guid: site.guid } });
    await expect(openSiteIdentity(env.AIRLOCK_SITE_DATA_DIR!, 'not the passphrase at all')).rejects.toMatchObject({ code: 'SITE_PASSPHRASE_WRONG' });
  });

  it('runs a cycle over HTTP, and keeps every license fact across a restart', async () => {
    const { guid } = await init();
    await start();
    expect(said.at(-1)).toMatch(new RegExp(`^Airlock site ${guid} listening on http://127\\.0\\.0\\.1:\\d+ `));
    expect(said[0]).toMatch(/^Warning: AIRLOCK_SITE_TEST_CLOCK_FILE is set/);
    expect((await call('GET', '/readyz')).body).toEqual({ status: 'ready' });
    expect((await call('POST', '/v1/tenants/default/token', { text: await desk.token(guid) })).status).toBe(200);
    const lfr = await call<{ text: string; ledger: { sequence: number } }>('POST', '/v1/tenants/default/lfr');
    expect(lfr.status).toBe(200);
    expect((await desk.read(lfr.body.text)).usage.ledger).toEqual(lfr.body.ledger);
    await setTime(new Date(START.getTime() + 3_600_000));
    const olf = await desk.answer(lfr.body.text, { entitlements: [seat('bot-runner', 2), feature('export')] });
    expect((await call('POST', '/v1/tenants/default/olf', { text: olf })).status).toBe(200);
    expect((await call('POST', '/v1/tenants/default/seats/bot-runner/checkout', { user: 'ana' })).body).toMatchObject({ assigned: true });
    const before = (await call('GET', '/v1/tenants/default/status')).body;

    await stop();
    await start();
    expect((await call('GET', '/v1/tenants/default/status')).body).toEqual(before);
    expect((await call('POST', '/v1/tenants/default/seats/bot-runner/checkout', { user: 'ana' })).body).toMatchObject({ assigned: false, used: 1 });
    expect((await call('POST', '/v1/tenants/default/features/export/check')).body).toEqual({ tenant: 'default', feature: 'export', granted: true });
  });

  it('refuses licensed work after its ledger files are edited', async () => {
    const { guid } = await init();
    await start();
    await call('POST', '/v1/tenants/default/token', { text: await desk.token(guid) });
    const lfr = await call<{ text: string }>('POST', '/v1/tenants/default/lfr');
    await call('POST', '/v1/tenants/default/olf', { text: await desk.answer(lfr.body.text, { entitlements: [seat('bot-runner', 2)] }) });
    await stop();
    const ledger = join(env.AIRLOCK_SITE_DATA_DIR!, 'ledger');
    const segment = join(ledger, (await readdir(ledger)).filter((name) => name.startsWith('segment-')).sort()[0]!);
    const bytes = await readFile(segment);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0x01;
    await writeFile(segment, bytes);

    await start();
    expect(said.some((line) => line.startsWith('Warning: the ledger did not verify (LEDGER_TAMPERED'))).toBe(true);
    const refused = await call<{ code: string }>('POST', '/v1/tenants/default/seats/bot-runner/checkout', { user: 'ana' });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'LEDGER_TAMPERED' });
    expect((await call('GET', '/v1/tenants/default/status')).body).toMatchObject({ status: 'tampered', tampered: { code: 'LEDGER_TAMPERED' } });
    expect((await call<{ code: string }>('GET', '/readyz')).body.code).toBe('LEDGER_TAMPERED');
  });

  it('refuses licensed work when an older copy of the data directory is put back', async () => {
    const { guid } = await init();
    await start();
    await call('POST', '/v1/tenants/default/token', { text: await desk.token(guid) });
    const lfr = await call<{ text: string }>('POST', '/v1/tenants/default/lfr');
    await call('POST', '/v1/tenants/default/olf', { text: await desk.answer(lfr.body.text, { entitlements: [seat('bot-runner', 1)] }) });
    await stop();
    await cp(env.AIRLOCK_SITE_DATA_DIR!, join(root, 'copy'), { recursive: true });
    await start();
    await call('POST', '/v1/tenants/default/seats/bot-runner/checkout', { user: 'ana' });
    await stop();
    await rm(env.AIRLOCK_SITE_DATA_DIR!, { recursive: true });
    await cp(join(root, 'copy'), env.AIRLOCK_SITE_DATA_DIR!, { recursive: true });

    await start();
    const refused = await call<{ code: string }>('POST', '/v1/tenants/default/seats/bot-runner/checkout', { user: 'bo' });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'LEDGER_ROLLED_BACK' });
  });

  it('refuses a clock set back past the ledger, over HTTP', async () => {
    const { guid } = await init();
    await start();
    await call('POST', '/v1/tenants/default/token', { text: await desk.token(guid) });
    await setTime(new Date(START.getTime() - 3_600_000));
    const refused = await call<{ code: string }>('POST', '/v1/tenants/default/lfr');
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'CLOCK_ROLLED_BACK' });
  });

  it('authenticates every call: the first administrator changes its password, a restart signs everyone out', async () => {
    const { administrator } = await init();
    await start();
    expect(said.at(-1)).toMatch(
      /; serving plain HTTP on the loopback interface only \(127\.0\.0\.1\): set AIRLOCK_SITE_TLS_CERT and AIRLOCK_SITE_TLS_KEY to serve HTTPS to other machines\.$/,
    );
    const anonymous = await call<{ code: string }>('GET', '/v1/tenants/default/status', undefined, {});
    expect({ status: anonymous.status, code: anonymous.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    const forged = await call<{ code: string }>('GET', '/v1/tenants/default/status', undefined, { authorization: `Bearer airlock-site-op_${'x'.repeat(43)}` });
    expect({ status: forged.status, code: forged.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });

    const signedIn = await call('POST', '/v1/auth/sign-in', { account: 'admin', password: administrator.password }, {});
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    expect(signedIn.headers.get('set-cookie')).toMatch(/^airlock_site_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    const session = { cookie, 'x-airlock-csrf': '1' };
    expect((await call<{ code: string }>('GET', '/v1/tenants/default/status', undefined, session)).body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await call('POST', '/v1/auth/password', { currentPassword: administrator.password, newPassword: 'the administrator chose this' }, session);
    expect(changed.body).toMatchObject({ account: 'admin', role: 'site-admin', mustChangePassword: false });
    expect((await call('GET', '/v1/tenants/default/status', undefined, session)).body).toMatchObject({ tenant: 'default', status: 'unlicensed' });

    await stop();
    await start();
    const after = await call<{ code: string }>('GET', '/v1/tenants/default/status', undefined, session);
    expect({ status: after.status, code: after.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    const again = await call('POST', '/v1/auth/sign-in', { account: 'admin', password: 'the administrator chose this' }, {});
    expect(again.body).toMatchObject({ account: { account: 'admin', mustChangePassword: false } });
    const audit = await call<{ events: { event: Record<string, unknown> }[] }>('GET', '/v1/audit?events=3');
    expect(audit.body.events.map((entry) => entry.event)).toEqual([
      { t: 'sign-in-attempted', account: 'admin', outcome: 'signed-in', address: '127.0.0.1' },
      { t: 'password-changed', account: 'admin', mustChangePassword: false, by: 'account:admin' },
      { t: 'sign-in-attempted', account: 'admin', outcome: 'signed-in', address: '127.0.0.1' },
    ]);
  });

  it('says why it cannot start, with the exit code', async () => {
    expect(await runSite({ ...env, AIRLOCK_SITE_PORT: 'many' }, say)).toBe(2);
    expect(said.at(-1)).toBe('airlock: AIRLOCK_SITE_PORT must be a port number from 0 to 65535, not "many"');
    expect(await runSite({ ...env, AIRLOCK_SITE_PASSPHRASE: '' }, say)).toBe(2);
    expect(said.at(-1)).toMatch(/^airlock: set AIRLOCK_SITE_PASSPHRASE or AIRLOCK_SITE_PASSPHRASE_FILE/);
    expect(await runSite(env, say)).toBe(1);
    expect(said.slice(-2)).toEqual([
      'airlock: This data directory holds no site: initialise one first. (SITE_NOT_INITIALISED)',
      "airlock: run `airlock site init` first, or set AIRLOCK_SITE_DATA_DIR to the site's data directory.",
    ]);
    await init();
    expect(await runSite({ ...env, AIRLOCK_SITE_PASSPHRASE: 'not the passphrase at all' }, say)).toBe(1);
    expect(said.at(-1)).toMatch(/\(SITE_PASSPHRASE_WRONG\)$/);
  });
});
