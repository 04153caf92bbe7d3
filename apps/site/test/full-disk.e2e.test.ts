import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteOperatorHeaders } from '../src/accounts/operator-token.ts';
import { readSiteConfig } from '../src/config.ts';
import { initSite } from '../src/identity/site-identity.ts';
import { openLedger } from '../src/ledger/index.ts';
import { explainStartFailure, startSite, systemRandom, type RunningSite } from '../src/main.ts';
import { START, TestAuthorityDesk, TestClock, testPasswords } from '../src/testing/site-fixtures.ts';

/**
 * A site whose data directory is on a real file system that fills up: a 4 MiB tmpfs mounted by
 * the test. Mounting needs root (CAP_SYS_ADMIN); without it the suite is skipped, and says why.
 */
const PASSPHRASE = 'a site passphrase for tests';
const root = await mkdtemp(join(tmpdir(), 'airlock-site-full-'));
const mountPoint = join(root, 'disk');
const mounted = await mountSmallDisk();

async function mountSmallDisk(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'not root: mounting a small tmpfs needs root';
  await mkdir(mountPoint);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', mountPoint], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `mount refused (${(error as Error).message.split('\n')[0]}): the container lacks CAP_SYS_ADMIN`;
  }
}

/** Writes filler files until the disk refuses even a small one: ENOSPC for the next page. */
async function fill(): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024, 1);
  for (let index = 0; ; index++) {
    try {
      await writeFile(join(mountPoint, `filler-${index}`), index < 1_000 ? chunk : Buffer.alloc(16));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      if (index >= 1_000) return;
      index = 999; // then small files, until even those are refused
    }
  }
}

async function free(): Promise<void> {
  for (const name of await readdir(mountPoint)) if (name.startsWith('filler-')) await rm(join(mountPoint, name));
}

describe.skipIf(mounted !== null)(`a site whose disk fills up, on a real file system${mounted === null ? '' : ` (skipped: ${mounted})`}`, () => {
  let env: Record<string, string>;
  let running: RunningSite | null = null;
  const said: string[] = [];
  const say = (line: string) => said.push(line);
  const start = async () => (running = await startSite(readSiteConfig(env), say));
  const stop = async () => {
    await running?.close();
    running = null;
  };
  const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${running!.url}${path}`, {
      method,
      headers: { ...(await siteOperatorHeaders(env.AIRLOCK_SITE_DATA_DIR!)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const storage = async () => (await call<{ storage: { writable: boolean; cause: string | null; since: string | null } }>('GET', '/v1/site')).body.storage;

  beforeAll(async () => {
    await writeFile(join(root, 'clock'), START.toISOString());
    env = {
      AIRLOCK_SITE_DATA_DIR: join(mountPoint, 'site'),
      AIRLOCK_SITE_PASSPHRASE: PASSPHRASE,
      AIRLOCK_SITE_PORT: '0',
      AIRLOCK_SITE_LOG_LEVEL: 'silent',
      AIRLOCK_SITE_TEST_CLOCK_FILE: join(root, 'clock'),
    };
    const clock = new TestClock(START);
    const desk = await TestAuthorityDesk.create(clock);
    await initSite({
      dataDir: env.AIRLOCK_SITE_DATA_DIR!,
      passphrase: PASSPHRASE,
      rootPublicKey: desk.authority.root.publicJwk,
      tenants: ['default'],
      witnessDir: join(root, 'witness'),
      siteVersion: '0.1.0',
      clock,
      random: systemRandom,
      openLedger,
      passwords: testPasswords,
    });
  });
  afterAll(async () => {
    await stop();
    if (mounted === null) execFileSync('umount', [mountPoint]);
    await rm(root, { recursive: true, force: true });
  });

  it('refuses changes while the disk is full, says why, recovers by itself once space is freed, and loses or repeats nothing', async () => {
    await start();
    const acknowledged: string[] = ['default'];
    for (let index = 0; index < 5; index++) {
      expect((await call('POST', '/v1/tenants', { tenant: `before-${index}` })).status).toBe(201);
      acknowledged.push(`before-${index}`);
    }
    await fill();
    // The segment's last page may still hold a small record or two; then the disk refuses.
    let refused: { status: number; body: { code?: string } } | null = null;
    for (let index = 0; index < 200 && refused === null; index++) {
      const added = await call<{ code?: string }>('POST', '/v1/tenants', { tenant: `full-${index}` });
      if (added.status === 201) acknowledged.push(`full-${index}`);
      else refused = added;
    }
    expect(refused).toEqual({ status: 503, body: expect.objectContaining({ code: 'LEDGER_UNAVAILABLE' }) as unknown });
    expect(await storage()).toEqual({ writable: false, cause: 'ENOSPC', since: expect.any(String) as string });
    expect((await call('GET', '/v1/tenants/default/status')).body).toMatchObject({ storage: { writable: false, cause: 'ENOSPC' } });
    expect(said.some((line) => line.startsWith('Error: the ledger cannot be written (ENOSPC'))).toBe(true);
    const again = await call<{ code: string; errors?: Record<string, unknown> }>('POST', '/v1/tenants', { tenant: 'while-full' });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 503, code: 'LEDGER_UNAVAILABLE' });
    expect((await call<{ code: string }>('GET', '/readyz')).body.code).toBe('LEDGER_UNAVAILABLE');

    await free();
    for (let waited = 0; !(await storage()).writable; waited += 200) {
      expect(waited).toBeLessThan(60_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(said.at(-1)).toBe('The ledger can be written again: the site records changes again.');
    for (let index = 0; index < 5; index++) {
      expect((await call('POST', '/v1/tenants', { tenant: `after-${index}` })).status).toBe(201);
      acknowledged.push(`after-${index}`);
    }
    await stop();

    said.length = 0;
    await start();
    const site = await call<{ ledger: { problem: unknown }; tenants: { tenant: string }[] }>('GET', '/v1/site');
    expect(site.body.ledger.problem).toBeNull();
    expect(site.body.tenants.map((tenant) => tenant.tenant)).toEqual(acknowledged);
    await stop();
  });

  it('refuses to start on a full disk with a sentence and its code, and leaves no lock behind', async () => {
    await fill();
    try {
      const error = await startSite(readSiteConfig(env), say).then(
        () => null,
        (failure: unknown) => failure,
      );
      expect(error).not.toBeNull();
      expect(explainStartFailure(error, say)).toBe(1);
      expect(said.at(-1)).toMatch(/^airlock: the site could not start: the disk is full: free space on it, then start again( \(.*\))? \(ENOSPC\)$/);
      expect((await readdir(join(env.AIRLOCK_SITE_DATA_DIR!, 'ledger'))).filter((name) => name.startsWith('LOCK') || name.endsWith('.tmp'))).toEqual([]);
    } finally {
      await free();
    }
    await start();
    expect((await call('POST', '/v1/tenants', { tenant: 'after-restart' })).status).toBe(201);
    await stop();
  });
});
