import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from './commands/list-page.ts';
import { policyCreate } from './commands/policy-create.ts';
import { startCliAuthority, type CliAuthority } from './testing/cli-authority.ts';

/**
 * The commands that replace the setup once done with curl — catalogue, policies, purchases,
 * offline requests, device licenses — against an authority listening on 127.0.0.1 with a real
 * API token; the command runs in this process (its `main`), the calls cross the HTTP edge.
 */
describe('the catalogue, policy, customer, offline-request and device-license commands', () => {
  let cli: CliAuthority;

  beforeAll(async () => {
    cli = await startCliAuthority({ name: 'cli catalogue' });
  }, 60_000);
  afterAll(() => cli.close());

  it('creates and lists products and their license types', async () => {
    expect((await cli.run(['product', 'create', '--id', 'studio', '--name', 'Studio'])).code).toBe(0);
    const type = await cli.run(['license-type', 'create', 'studio', '--id', 'renders', '--name', 'Renders', '--category', 'meter', '--json']);
    expect({ code: type.code, out: type.json() }).toEqual({ code: 0, out: { id: 'renders', productId: 'studio', name: 'Renders', category: 'meter' } });
    await cli.run(['license-type', 'create', 'studio', '--id', 'editor', '--name', 'Editor', '--category', 'seat']);
    expect((await cli.run(['product', 'list'])).stdout).toBe('1 product:\n  studio  Studio: editor (seat), renders (meter)\n');
    expect((await cli.run(['license-type', 'list', '--product', 'studio'])).stdout).toBe(
      '2 license types:\n  studio:editor  seat  Editor\n  studio:renders  meter  Renders\n',
    );
    expect((await cli.run(['license-type', 'list', '--product', 'none'])).stdout).toBe('No license type.\n');
    const unknownProduct = await cli.run(['license-type', 'create', 'nope', '--id', 'x', '--name', 'X', '--category', 'seat']);
    expect({ code: unknownProduct.code, stderr: unknownProduct.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/^airlock: refused: NOT_FOUND: /) });
    const badCategory = await cli.run(['license-type', 'create', 'studio', '--id', 'x', '--name', 'X', '--category', 'gadget']);
    expect({ code: badCategory.code, stderr: badCategory.stderr.split('\n')[0] }).toEqual({
      code: 2,
      stderr: 'airlock: --category is one of seat, meter, feature, not "gadget"',
    });
  });

  it('creates a policy with its settings given as options, and lists it', async () => {
    const run = await cli.run([
      'policy',
      'create',
      '--id',
      'plant',
      '--name',
      'Plant floor',
      '--kind',
      'term',
      '--allow-offline',
      'true',
      '--max-activations',
      'none',
      '--site-licensing',
      'files',
      '--minimum-site-version',
      '41.2',
      '--cycle-window-from-latest-lfr-ms',
      '86400000',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({
      id: 'plant',
      kind: 'term',
      allowOffline: true,
      maxActivations: null,
      siteLicensing: 'files',
      minimumSiteVersion: '41.2',
      cycleWindowFromLatestLfrMs: 86_400_000,
    });
    expect((await cli.run(['policy', 'list'])).stdout).toBe(
      '1 policy:\n  plant  Plant floor: term, offline allowed, activations unlimited, sites by files, site 41.2 or later\n',
    );
    const outOfRange = await cli.run(['policy', 'create', '--id', 'tiny', '--name', 'Tiny', '--cycle-window-from-latest-lfr-ms', '1']);
    expect({ code: outOfRange.code, stderr: outOfRange.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/^airlock: refused: REQUEST_INVALID: /) });
    const notANumber = await cli.run(['policy', 'create', '--id', 'tiny', '--name', 'Tiny', '--max-activations', 'many']);
    expect({ code: notANumber.code, stderr: notANumber.stderr.split('\n')[0] }).toEqual({
      code: 2,
      stderr: 'airlock: --max-activations takes a whole number or none, not "many"',
    });
    expect((await cli.run(['policy', 'list', '--json'])).json<unknown[]>()).toHaveLength(1);
    expect((await cli.run(['policy', 'create', '--help'])).stdout).toContain('[--allow-offline true|false]');
  });

  it('shows and replaces what a customer bought', async () => {
    await cli.run([
      'customer',
      'create',
      '--id',
      'acme',
      '--name',
      'Acme',
      '--contact-email',
      'it@acme.test',
      '--account-ends-on',
      '2099-12-31',
      '--policy',
      'plant',
    ]);
    expect((await cli.run(['customer', 'purchases', 'acme'])).stdout).toBe('acme has bought nothing.\n');
    const set = await cli.run(['customer', 'purchases', 'acme', '--set', 'editor=5', '--set', 'renders=1000', '--json']);
    expect({ code: set.code, out: set.json() }).toEqual({
      code: 0,
      out: [
        { licenseTypeId: 'editor', quantity: 5 },
        { licenseTypeId: 'renders', quantity: 1000 },
      ],
    });
    expect((await cli.run(['customer', 'purchases', 'acme', '--set', 'editor=7'])).stdout).toBe('acme has bought:\n  editor  7\n');
    const malformed = await cli.run(['customer', 'purchases', 'acme', '--set', 'editor']);
    expect({ code: malformed.code, stderr: malformed.stderr.split('\n')[0] }).toEqual({
      code: 2,
      stderr: 'airlock: --set takes <licenseTypeId>=<quantity>, not "editor"',
    });
    expect((await cli.run(['customer', 'purchases', 'acme'])).stdout).toBe('acme has bought:\n  editor  7\n');
    expect((await cli.run(['customer', 'list'])).stdout).toBe('1 customer:\n  acme  Acme: policy plant, account ends on 2099-12-31, offline not requested\n');
  });

  it('lists offline requests by status, and denies one with a note', async () => {
    const id = (
      await cli.run(['offline-request', 'create', '--customer', 'acme', '--reason', 'regulated-industry', '--details', 'auditors', '--print', 'id'])
    ).stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const pending = await cli.run(['offline-request', 'list', '--status', 'pending', '--json']);
    expect(pending.json()).toEqual([expect.objectContaining({ id, customerId: 'acme', status: 'pending' })]);
    const denied = await cli.run(['offline-request', 'deny', id, '--note', 'not this year']);
    expect({ code: denied.code, stdout: denied.stdout }).toEqual({ code: 0, stdout: `Denied offline licensing for customer acme (request ${id}).\n` });
    expect((await cli.run(['offline-request', 'list', '--status', 'pending'])).stdout).toBe('No pending offline-licensing request.\n');
    expect((await cli.run(['offline-request', 'list', '--customer', 'acme'])).stdout).toMatch(
      new RegExp(`^1 offline-licensing request:\\n  ${id}  acme  denied  regulated-industry, \\S+: auditors \\(note: not this year\\)\\n$`),
    );
    const again = await cli.run(['offline-request', 'approve', id]);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 1, stderr: expect.stringMatching(/^airlock: refused: [A-Z_]+: /) });
    expect((await cli.run(['offline-request', 'list', '--status', 'maybe'])).code).toBe(2);
  });

  it('lists device licenses and shows one', async () => {
    const created = await cli.run(['license', 'create', '--customer', 'acme', '--product', 'studio', '--expires', '2099-01-01T00:00:00Z', '--json']);
    expect(created.code, created.stderr).toBe(0);
    const { id } = created.json<{ id: string }>();
    const listed = await cli.run(['license', 'list', '--customer', 'acme']);
    expect(listed.stdout).toBe(
      `1 device license:\n  ${id}  acme  studio  license-key, revision 1, in force, ends 2099-01-01T00:00:00.000Z, 0 active activations\n`,
    );
    expect((await cli.run(['license', 'list', '--customer', 'nobody'])).stdout).toBe('No device license.\n');
    const shown = await cli.run(['license', 'show', id, '--json']);
    expect(shown.json()).toMatchObject({ id, customerId: 'acme', productId: 'studio', activations: [] });
    expect((await cli.run(['license', 'show', id])).stdout).toBe(
      `${id}  acme  studio  license-key, revision 1, in force, ends 2099-01-01T00:00:00.000Z, 0 active activations\n`,
    );
    const missing = await cli.run(['license', 'show', '00000000-0000-4000-8000-000000000000']);
    expect(missing.stderr).toMatch(/^airlock: refused: NOT_FOUND: /);
  });

  it('prints one field with --print, and says when the result has no such field', async () => {
    expect((await cli.run(['customer', 'purchases', 'acme', '--print', '0.quantity'])).stdout).toBe('7\n');
    const missing = await cli.run(['product', 'list', '--print', 'nothing']);
    expect({ code: missing.code, stderr: missing.stderr.split('\n')[0] }).toEqual({ code: 2, stderr: 'airlock: --print: the result has no field "nothing"' });
  });

  it("groups airlock --help by task, and keeps each command's --help", async () => {
    const help = await cli.run(['--help']);
    const headings = help.stdout.split('\n').filter((line) => /^[A-Z][\w ]+:$/.test(line));
    expect(headings).toEqual([
      'Sign in:',
      'Catalogue and policies:',
      'Customers:',
      'Offline cycle:',
      'Orders:',
      'Devices:',
      'Connected sites:',
      'Webhooks:',
      'Server:',
      'Keys and backup:',
    ]);
    expect(help.stdout).toMatch(/Sign in:\n {2}login +Sign in to the authority/);
    const usage = await cli.run(['offline-request', 'approve', '--help']);
    expect(usage.stdout).toMatch(/^usage: airlock offline-request approve <requestId> \[--note <text>\] /);
  });
});

describe('a list answer', () => {
  it('is read as a bare array, or as the first page of a paged one', () => {
    expect(rowsOf([1, 2], 'customers')).toEqual({ rows: [1, 2], more: false });
    expect(rowsOf({ items: [1], next: 'c1' }, 'customers')).toEqual({ rows: [1], more: true });
    expect(rowsOf({ customers: [1, 2], next: null }, 'customers')).toEqual({ rows: [1, 2], more: false });
    expect(rowsOf({ unrelated: true }, 'customers')).toEqual({ rows: [], more: false });
  });

  it('the policy options cover every setting of the API', () => {
    expect(Object.keys(policyCreate.options).sort()).toEqual([
      'allow-offline',
      'allow-virtual-machines',
      'clock-skew-tolerance-ms',
      'connected-approval',
      'cycle-window-from-first-lfr-ms',
      'cycle-window-from-latest-lfr-ms',
      'enablement-token-ttl-ms',
      'exchange-interval-ms',
      'expiring-soon-window-ms',
      'expiry-grace-ms',
      'id',
      'kind',
      'max-activations',
      'max-offline-ms',
      'meter-allotment',
      'meter-overage-percent',
      'minimum-connected-site-version',
      'minimum-site-version',
      'name',
      'offline-grace-ms',
      'site-licensing',
    ]);
  });
});
