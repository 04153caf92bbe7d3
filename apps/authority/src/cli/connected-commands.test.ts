import { permissions } from '@airlock/authority';
import { deriveRegistrationKey } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliAuthority, type CliAuthority } from './testing/cli-authority.ts';

/**
 * `airlock customer static-licenses`, `airlock static-licenses list` and `airlock sites
 * connected` against an authority listening on 127.0.0.1, called with a real API token: the
 * command runs in this process (its `main`), the calls cross the authority's HTTP edge.
 */
const site = createTestParty('cli-connected/plant');
const plantGuid = site.guid.toLowerCase();
const plant = deriveRegistrationKey({ siteGuid: site.guid, tenantId: 'default', siteKeyThumbprint: site.signingKey.kid });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('the airlock commands of connected sites and static licenses', () => {
  let cli: CliAuthority;
  const lrns: string[] = [];

  beforeAll(async () => {
    cli = await startCliAuthority({ name: 'cli connected', scopes: permissions.filter((permission) => permission !== 'tokens:write') });
    await cli.api('POST', '/v1/products', { id: 'automation', name: 'Automation' });
    await cli.api('POST', '/v1/products/automation/license-types', { id: 'bot-runner', name: 'Bot Runner', category: 'seat' });
    await cli.api('POST', '/v1/policies', { id: 'standard', name: 'Standard' });
    await cli.api('POST', '/v1/customers', { id: 'acme', name: 'Acme', contactEmail: 'licenses@acme.test', accountEndsOn: '2099-12-31', policyId: 'standard' });
    await cli.api('POST', '/v1/customers/acme/sites', { guid: site.guid, name: 'Plant 4' });
    for (let i = 0; i < 2; i++)
      lrns.push(
        (
          await cli.api<{ lrn: string }>('POST', '/v1/customers/acme/orders', {
            items: [{ product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' }],
          })
        ).lrn,
      );
    await cli.api('POST', '/v1/activations', { lrn: lrns[0], registrationKey: plant });
  }, 60_000);
  afterAll(() => cli.close());

  it('marks a customer for migration with a date, shows it, and clears it with none', async () => {
    const marked = await cli.run(['customer', 'static-licenses', 'acme', '--renew-until', '2099-06-30']);
    expect(marked.code, marked.stderr).toBe(0);
    expect(marked.stdout).toMatch(
      new RegExp(
        `^Customer acme has its static licenses renewed until 2099-06-30; 1 Registration Key is still on static licenses\\.\\n  ${plant}  revision 1 \\([0-9a-f-]+\\), activated \\S+: 5 automation:bot-runner permanent; renewed until 2099-06-30\\n$`,
      ),
    );
    const shown = await cli.run(['customer', 'static-licenses', 'acme', '--json']);
    expect(shown.json()).toMatchObject({
      customerId: 'acme',
      renewUntil: '2099-06-30',
      ended: false,
      licenses: [{ registrationKey: plant, revision: 1, moving: false }],
    });
    const cleared = await cli.run(['customer', 'static-licenses', 'acme', '--renew-until', 'none', '--json']);
    expect(cleared.json()).toMatchObject({ renewUntil: null, ended: false });
  });

  it('says when the date has passed, and the authority then refuses to activate the customer’s orders', async () => {
    const ended = await cli.run(['customer', 'static-licenses', 'acme', '--renew-until', '2000-01-31']);
    expect(ended.stdout.split('\n')[0]).toBe(
      'Customer acme had its static licenses renewed until 2000-01-31: activating its orders is refused; 1 Registration Key is still on static licenses.',
    );
    const refused = await cli.run(['order', 'activate', '--lrn', lrns[1] ?? '', '--rk', plant, '--json']);
    expect({ code: refused.code, error: refused.json<{ error: { code: string; errors: unknown } }>().error }).toEqual({
      code: 1,
      error: expect.objectContaining({ code: 'STATIC_LICENSES_ENDED', errors: { customerId: 'acme', renewUntil: '2000-01-31' } }),
    });
  });

  it('lists every Registration Key still on static licenses', async () => {
    const words = await cli.run(['static-licenses', 'list']);
    expect(words.code, words.stderr).toBe(0);
    expect(words.stdout).toMatch(
      new RegExp(`^1 Registration Key of 1 customer is still on static licenses:\\n  acme  ${plant}  revision 1 .*; renewed until 2000-01-31\\n$`),
    );
    expect((await cli.run(['static-licenses', 'list', '--customer', 'acme', '--json'])).json<unknown[]>()).toEqual([
      expect.objectContaining({ customerId: 'acme', registrationKey: plant }),
    ]);
    expect((await cli.run(['static-licenses', 'list', '--customer', 'nobody'])).stdout).toBe('No Registration Key is on static licenses.\n');
  });

  it('lists the connected site tenants, and only the late ones with --late', async () => {
    expect((await cli.run(['sites', 'connected'])).stdout).toBe('No site tenant has exchanged over the link yet.\n');
    const now = cli.clock.now().getTime();
    const link = (tenant: string, last: number) =>
      cli.db
        .insertInto('site_links')
        .values({
          site_guid: plantGuid,
          tenant,
          customer_id: 'acme',
          site_version: '41.2',
          first_exchange_at: new Date(now - 10 * DAY),
          last_exchange_at: new Date(last),
          last_status: 'answered',
          last_lfr_id: null,
          last_code: null,
        })
        .execute();
    await link('default', now - HOUR);
    await link('lab', now - 3 * DAY);
    const all = await cli.run(['sites', 'connected']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(
      new RegExp(
        `^2 connected site tenants:\\n  acme  Plant 4 \\(${plantGuid}\\)  tenant default  version 41\\.2  last exchange \\S+: answered; on time until \\S+\\n  acme  Plant 4 \\(${plantGuid}\\)  tenant lab  version 41\\.2  last exchange \\S+: answered; LATE since \\S+\\n$`,
      ),
    );
    const late = await cli.run(['sites', 'connected', '--late', '--json']);
    expect(late.json<{ tenant: string; late: boolean }[]>().map(({ tenant, late: isLate }) => ({ tenant, late: isLate }))).toEqual([
      { tenant: 'lab', late: true },
    ]);
    expect((await cli.run(['sites', 'connected', '--late', '--customer', 'globex'])).stdout).toBe('No connected site tenant is late.\n');
  });

  it('exits 2 on a malformed date, and 1 with the code when the authority refuses', async () => {
    const malformed = await cli.run(['customer', 'static-licenses', 'acme', '--renew-until', 'tomorrow']);
    expect({ code: malformed.code, line: malformed.stderr.split('\n')[0] }).toEqual({
      code: 2,
      line: 'airlock: --renew-until takes a day as YYYY-MM-DD, or none',
    });
    const impossible = await cli.run(['customer', 'static-licenses', 'acme', '--renew-until', '2099-02-30']);
    expect({ code: impossible.code, stderr: impossible.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/^airlock: refused: DATE_INVALID: /) });
    const unknown = await cli.run(['customer', 'static-licenses', 'nobody']);
    expect({ code: unknown.code, stderr: unknown.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/^airlock: refused: NOT_FOUND: /) });
  });
});
