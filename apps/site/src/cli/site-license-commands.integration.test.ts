import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { item, TestActivationDesk } from '../testing/activated-license-testing.ts';
import { createTestSiteApp, TEST_OPERATOR_TOKEN } from '../testing/site-callers.ts';
import { createTestSite, type TestSite } from '../testing/site-fixtures.ts';
import { runCommandLine } from '@airlock/cli-kit/testing';
import { main } from './main.ts';

/**
 * `airlock site tenant list` and `airlock site license install` against a site's real HTTP app,
 * listening on 127.0.0.1: the command runs in this process (its `main`), its calls cross the
 * site's HTTP edge, authenticated with the site's operator token (AIRLOCK_SITE_TOKEN).
 */
describe('the airlock site license and tenant commands', () => {
  let test: TestSite;
  let app: FastifyInstance;
  let url: string;
  let files: string;
  let desk: TestActivationDesk;
  let rk: Record<string, string>;

  const airlock = (args: readonly string[]) =>
    runCommandLine(main, args, { env: { AIRLOCK_SITE_URL: url, AIRLOCK_SITE_TOKEN: TEST_OPERATOR_TOKEN }, cwd: files });

  beforeAll(async () => {
    files = await mkdtemp(join(tmpdir(), 'airlock-cli-site-license-'));
    test = await createTestSite({ tenants: ['blue', 'green'] });
    app = await createTestSiteApp(test);
    desk = new TestActivationDesk(test.desk.authority, test.clock);
    rk = Object.fromEntries(test.site.tenants().map((tenant) => [tenant.tenant, tenant.registrationKey]));
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await rm(files, { recursive: true, force: true });
  });

  it('lists the tenants with their Registration Keys and status', async () => {
    const listed = await airlock(['site', 'tenant', 'list']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toBe(['tenant  registration key     status', `blue    ${rk.blue}  unlicensed`, `green   ${rk.green}  unlicensed`, ''].join('\n'));
    expect((await airlock(['site', 'tenant', 'list', '--json'])).json()).toEqual([
      { tenant: 'blue', registrationKey: rk.blue, status: 'unlicensed' },
      { tenant: 'green', registrationKey: rk.green, status: 'unlicensed' },
    ]);
  });

  it('installs a license file on the tenant whose Registration Key it names, and shows it in the status', async () => {
    const first = await desk.activate(rk.blue!, [item('bot-runner', 5), item('bot-runner', 2, 'term', '2027-06-30')]);
    await writeFile(join(files, 'blue-1.license'), first.text);
    const installed = await airlock(['site', 'license', 'install', 'blue-1.license']);
    expect({ code: installed.code, stdout: installed.stdout }).toEqual({
      code: 0,
      stdout: `Installed activated license revision 1 (${first.lrn}) on tenant blue: bot-runner 5 permanent, bot-runner 2 term until 2027-06-30.\n`,
    });
    const status = await airlock(['site', 'status', '--tenant', 'blue']);
    expect(status.stdout).toContain(
      [`  activated license revision 1 (${first.lrn})`, '    permanent bot-runner 5', '    term bot-runner 2 until 2027-06-30'].join('\n'),
    );

    const pilot = await desk.activate(rk.blue!, [item('bot-creator', 1, 'pilot', '2026-12-31')]);
    await writeFile(join(files, 'blue-2.license'), pilot.text);
    const onTenant = await airlock(['site', 'license', 'install', 'blue-2.license', '--tenant', 'blue', '--json']);
    expect(onTenant.code, onTenant.stderr).toBe(0);
    expect(onTenant.json()).toMatchObject({
      tenant: 'blue',
      revision: 2,
      lrns: [first.lrn, pilot.lrn],
      replaces: { document: 'activated-license', id: first.claims.jti },
      entitlements: [
        { licenseType: 'bot-creator', quantity: 1 },
        { licenseType: 'bot-runner', quantity: 7 },
      ],
    });
  });

  it("prints the refusal's code: another tenant's license, an old one; and a usage error for a missing file", async () => {
    const green = await desk.activate(rk.green!, [item('bot-runner', 1)]);
    await writeFile(join(files, 'green-1.license'), green.text);
    const wrong = await airlock(['site', 'license', 'install', 'green-1.license', '--tenant', 'blue']);
    expect({ code: wrong.code, stderr: wrong.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/^airlock: refused: WRONG_RECIPIENT: /m) });
    const old = await airlock(['site', 'license', 'install', 'blue-1.license', '--json']);
    expect({ code: old.code, body: old.json() }).toEqual({
      code: 1,
      body: { error: expect.objectContaining({ code: 'ACTIVATED_LICENSE_NOT_NEWER', errors: { tenant: 'blue', installed: 2, found: 1 } }) },
    });
    expect((await airlock(['site', 'license', 'install', 'no-such.license'])).code).toBe(2);
    expect((await airlock(['site', 'license', 'install'])).code).toBe(2);
  });
});
