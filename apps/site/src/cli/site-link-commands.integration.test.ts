import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SiteLicensing } from '@airlock/core';
import { runCommandLine } from '@airlock/cli-kit/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSiteApp, TEST_OPERATOR_TOKEN } from '../testing/site-callers.ts';
import { createTestSite, seat, type TestSite } from '../testing/site-fixtures.ts';
import { StubAuthority } from '../testing/stub-authority.ts';
import { main } from './main.ts';

const CONNECTED: SiteLicensing = { files: true, connected: true, approval: 'automatic', exchangeInterval: 86_400, connectedMinimumSiteVersion: null };

/**
 * `airlock site tenant mode`, `airlock site link status|exchange` and the link in `airlock site
 * status`, against a site's real HTTP app and a stub authority (docs/connected.md).
 */
describe('the airlock site connected-mode commands', () => {
  let test: TestSite;
  let app: FastifyInstance;
  let stub: StubAuthority;
  let url: string;
  let files: string;

  const airlock = (args: readonly string[]) =>
    runCommandLine(main, args, { env: { AIRLOCK_SITE_URL: url, AIRLOCK_SITE_TOKEN: TEST_OPERATOR_TOKEN }, cwd: files });

  beforeAll(async () => {
    files = await mkdtemp(join(tmpdir(), 'airlock-cli-site-link-'));
    test = await createTestSite({ tenants: ['blue', 'green'] });
    app = await createTestSiteApp(test);
    stub = await StubAuthority.start(test.desk);
    stub.behave({ kind: 'answer', entitlements: [seat('bot-runner', 5)] });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    await writeFile(join(files, 'connected.token'), await test.desk.token(test.identity.guid, { siteLicensing: CONNECTED }));
    await writeFile(join(files, 'files.token'), await test.desk.token(test.identity.guid));
  });
  afterAll(async () => {
    await app.close();
    await test.site.close();
    await stub.close();
    await rm(files, { recursive: true, force: true });
  });

  it('moves a tenant to connected mode with its token, exchanges now, and shows the link', async () => {
    const moved = await airlock(['site', 'tenant', 'mode', 'blue', 'connected', '--authority', stub.url, '--token', 'connected.token']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(new RegExp(`^Tenant blue is in connected mode with ${stub.url}: an exchange has started\\.`));
    const exchanged = await airlock(['site', 'link', 'exchange', 'blue']);
    expect(exchanged.code, exchanged.stderr).toBe(0);
    expect(exchanged.stdout).toBe(
      [
        'Tenant blue: connected, last exchange 2026-11-23 10:00 UTC',
        `  authority ${stub.url}`,
        '  next exchange 2026-11-24T10:00:00.000Z',
        '  OLF due by 2027-11-24T00:00:00.000Z',
        '',
      ].join('\n'),
    );
    expect((await airlock(['site', 'link', 'status', 'blue'])).stdout).toBe(exchanged.stdout);
    expect((await airlock(['site', 'status', '--tenant', 'blue'])).stdout).toContain('\n  link: connected, last exchange 2026-11-23 10:00 UTC\n');
  });

  it('moves a tenant with no OLF to files and writes its first LFR; refuses an exchange for it with NOT_CONNECTED', async () => {
    const moved = await airlock(['site', 'tenant', 'mode', 'green', 'files', '--token', 'files.token', '--out', 'first.lfr']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(
      /^Tenant green is in mode files\. Wrote its first license file request \S+ \(cycle 1\) to .*first\.lfr: carry it to the authority\.\n$/,
    );
    expect(await readFile(join(files, 'first.lfr'), 'utf8')).toMatch(/^-----BEGIN AIRLOCK LICENSE FILE REQUEST-----/);
    const refused = await airlock(['site', 'link', 'exchange', 'green']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('NOT_CONNECTED');
    expect((await airlock(['site', 'tenant', 'mode', 'green', 'online'])).code).toBe(2);
  });
});
