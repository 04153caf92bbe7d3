import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { siteOperatorHeaders } from './accounts/operator-token.ts';
import { readSiteConfig } from './config.ts';
import { initSite } from './identity/site-identity.ts';
import { openLedger } from './ledger/index.ts';
import { blocksOf, editFile } from './ledger/testing/ledger-test-kit.ts';
import { startSite, systemRandom, type RunningSite } from './main.ts';
import { feature, seat, START, TestAuthorityDesk, TestClock, testPasswords } from './testing/site-fixtures.ts';

/**
 * A site whose ledger was edited on disk (one byte of its first, a middle or its last block)
 * still knows every tenant, account and application key — from the newest sealed checkpoint,
 * which lies past the damage — and answers LEDGER_TAMPERED for each tenant over HTTP.
 */
const PASSPHRASE = 'a site passphrase for tests';
const NEW_PASSWORD = 'the administrator chose this';

describe('a site whose ledger was edited', () => {
  let root: string;
  let env: Record<string, string>;
  let appKey: string;
  let running: RunningSite | null = null;
  const said: string[] = [];

  const data = () => env.AIRLOCK_SITE_DATA_DIR!;
  const start = async () => (running = await startSite(readSiteConfig(env), (line) => said.push(line)));
  const stop = async () => {
    await running?.close();
    running = null;
  };
  const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const auth = headers ?? (await siteOperatorHeaders(data()));
    const response = await fetch(`${running!.url}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-site-damaged-'));
    const clock = new TestClock(START);
    const desk = await TestAuthorityDesk.create(clock);
    await writeFile(join(root, 'clock'), START.toISOString());
    env = {
      AIRLOCK_SITE_DATA_DIR: join(root, 'data'),
      AIRLOCK_SITE_WITNESS_DIR: join(root, 'witness'),
      AIRLOCK_SITE_PASSPHRASE: PASSPHRASE,
      AIRLOCK_SITE_PORT: '0',
      AIRLOCK_SITE_LOG_LEVEL: 'silent',
      AIRLOCK_SITE_TEST_CLOCK_FILE: join(root, 'clock'),
    };
    const { guid, administrator } = await initSite({
      dataDir: data(),
      passphrase: PASSPHRASE,
      rootPublicKey: desk.authority.root.publicJwk,
      tenants: ['default', 'blue'],
      witnessDir: env.AIRLOCK_SITE_WITNESS_DIR!,
      siteVersion: '0.1.0',
      clock,
      random: systemRandom,
      openLedger,
      passwords: testPasswords,
    });
    await start();
    expect((await call('POST', '/v1/tenants/default/token', { text: await desk.token(guid) })).status).toBe(200);
    const lfr = await call<{ text: string }>('POST', '/v1/tenants/default/lfr');
    const olf = await desk.answer(lfr.body.text, { entitlements: [seat('bot-runner', 2), feature('export')] });
    expect((await call('POST', '/v1/tenants/default/olf', { text: olf })).status).toBe(200);
    const key = await call<{ key: string }>('POST', '/v1/tenants/default/keys', { name: 'robot' });
    appKey = key.body.key;
    const asApp = { authorization: `Bearer ${appKey}` };
    expect((await call('POST', '/v1/tenants/default/seats/bot-runner/checkout', { user: 'ana' }, asApp)).body).toMatchObject({ assigned: true });
    expect((await call('POST', '/v1/tenants', { tenant: 'green' })).status).toBe(201);
    const signedIn = await fetch(`${running!.url}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'admin', password: administrator.password }),
    });
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    expect(
      (await call('POST', '/v1/auth/password', { currentPassword: administrator.password, newPassword: NEW_PASSWORD }, { cookie, 'x-airlock-csrf': '1' }))
        .status,
    ).toBe(200);
    await stop();
    await cp(root, `${root}-pristine`, { recursive: true });
  });
  afterEach(stop);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(`${root}-pristine`, { recursive: true, force: true });
  });

  const firstSegment = async () => {
    const ledger = join(data(), 'ledger');
    return join(ledger, (await readdir(ledger)).filter((name) => name.startsWith('segment-')).sort()[0]!);
  };

  it('still knows a tenant added just before a crash when the first block is damaged: a site change is checkpointed at once', async () => {
    await rm(root, { recursive: true, force: true });
    await cp(`${root}-pristine`, root, { recursive: true });
    await start();
    expect((await call('POST', '/v1/tenants', { tenant: 'orange' })).status).toBe(201);
    const head = running!.site.info().ledger.sequence;
    const ledger = join(data(), 'ledger');
    const checkpointed = async () => (await readdir(ledger)).some((name) => name === `checkpoint-${String(head).padStart(16, '0')}.ckpt`);
    for (let waited = 0; !(await checkpointed()); waited += 20) {
      expect(waited).toBeLessThan(20_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // What a crash leaves: the files as they are while the site runs, without the checkpoint a clean stop saves.
    await cp(data(), `${root}-crashed`, { recursive: true });
    await stop();
    await rm(data(), { recursive: true });
    await cp(`${root}-crashed`, data(), { recursive: true });
    await rm(`${root}-crashed`, { recursive: true });
    const segment = await firstSegment();
    const [first] = await blocksOf(segment);
    await editFile(segment, (bytes) => {
      bytes[first!.start + 40]! ^= 0x01;
      return bytes;
    });
    await start();
    const site = await call<{ tenants: { tenant: string; status: string }[] }>('GET', '/v1/site');
    expect(site.body.tenants.map(({ tenant, status }) => ({ tenant, status }))).toEqual(
      ['default', 'blue', 'green', 'orange'].map((tenant) => ({ tenant, status: 'tampered' })),
    );
  });

  for (const which of ['first', 'middle', 'last'] as const) {
    it(`keeps every tenant known and answers LEDGER_TAMPERED for each, when one byte of its ${which} block changes`, async () => {
      await rm(root, { recursive: true, force: true });
      await cp(`${root}-pristine`, root, { recursive: true });
      const segment = await firstSegment();
      const blocks = await blocksOf(segment);
      expect(blocks.length).toBeGreaterThanOrEqual(3);
      const block = blocks[which === 'first' ? 0 : which === 'last' ? blocks.length - 1 : Math.floor(blocks.length / 2)]!;
      await editFile(segment, (bytes) => {
        bytes[block.start + 40]! ^= 0x01;
        return bytes;
      });
      said.length = 0;
      await start();
      expect(said.some((line) => line.startsWith('Warning: the ledger did not verify (LEDGER_TAMPERED'))).toBe(true);

      const site = await call<{ ledger: { problem: { code: string } | null }; tenants: { tenant: string; status: string }[] }>('GET', '/v1/site');
      expect(site.body.ledger.problem).toMatchObject({ code: 'LEDGER_TAMPERED', detail: { sequence: block.firstSequence } });
      expect(site.body.tenants.map(({ tenant, status }) => ({ tenant, status }))).toEqual([
        { tenant: 'default', status: 'tampered' },
        { tenant: 'blue', status: 'tampered' },
        { tenant: 'green', status: 'tampered' },
      ]);
      for (const tenant of ['default', 'blue', 'green']) {
        expect((await call('GET', `/v1/tenants/${tenant}/status`)).body).toMatchObject({ tenant, status: 'tampered', tampered: { code: 'LEDGER_TAMPERED' } });
      }
      const asApp = { authorization: `Bearer ${appKey}` };
      const checkout = await call<{ code: string }>('POST', '/v1/tenants/default/seats/bot-runner/checkout', { user: 'bo' }, asApp);
      expect({ status: checkout.status, code: checkout.body.code }).toEqual({ status: 422, code: 'LEDGER_TAMPERED' });
      const check = await call<{ code: string }>('POST', '/v1/tenants/default/features/export/check', undefined, asApp);
      expect({ status: check.status, code: check.body.code }).toEqual({ status: 422, code: 'LEDGER_TAMPERED' });
      const usage = await call<{ seats: { type: string; users: { user: string }[] }[] }>('GET', '/v1/tenants/default/usage');
      expect(usage.body.seats.find((entry) => entry.type === 'bot-runner')?.users.map((entry) => entry.user)).toEqual(['ana']);

      const signIn = await call<{ account: { account: string; mustChangePassword: boolean } }>(
        'POST',
        '/v1/auth/sign-in',
        { account: 'admin', password: NEW_PASSWORD },
        {},
      );
      expect({ status: signIn.status, account: signIn.body.account }).toMatchObject({ status: 200, account: { account: 'admin', mustChangePassword: false } });
      const added = await call<{ code: string }>('POST', '/v1/tenants', { tenant: 'orange' });
      expect({ status: added.status, code: added.body.code }).toEqual({ status: 422, code: 'LEDGER_TAMPERED' });
    });
  }
});
