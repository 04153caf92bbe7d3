import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { permissions } from '@airlock/authority';
import { deriveRegistrationKey, openActivatedLicense } from '@airlock/core';
import { LRN_PATTERN } from '@airlock/core/internal';
import { createTestParty } from '@airlock/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '@airlock/cli-kit';
import { parseOrderItem } from './commands/order-create.ts';
import { startCliAuthority, type CliAuthority } from './testing/cli-authority.ts';

/**
 * `airlock order create` and `airlock order activate` against an authority listening on
 * 127.0.0.1, called with a real API token: the command runs in this process (its `main`), the
 * calls cross the authority's HTTP edge.
 */
const site = createTestParty('cli-orders/plant');
const plant = deriveRegistrationKey({ siteGuid: site.guid, tenantId: 'default', siteKeyThumbprint: site.signingKey.kid });
const lab = deriveRegistrationKey({ siteGuid: site.guid, tenantId: 'lab', siteKeyThumbprint: site.signingKey.kid });

describe('the airlock order commands', () => {
  let cli: CliAuthority;

  beforeAll(async () => {
    cli = await startCliAuthority({ name: 'cli orders', scopes: permissions.filter((permission) => permission !== 'tokens:write') });
    await cli.api('POST', '/v1/products', { id: 'automation', name: 'Automation' });
    await cli.api('POST', '/v1/products/automation/license-types', { id: 'bot-runner', name: 'Bot Runner', category: 'seat' });
    await cli.api('POST', '/v1/products/automation/license-types', { id: 'bot-creator', name: 'Bot Creator', category: 'seat' });
    await cli.api('POST', '/v1/policies', { id: 'standard', name: 'Standard' });
    await cli.api('POST', '/v1/customers', { id: 'acme', name: 'Acme', contactEmail: 'licenses@acme.test', accountEndsOn: '2099-12-31', policyId: 'standard' });
  }, 60_000);
  afterAll(() => cli.close());

  let lrn = '';

  it('creates an order and says where its license letter stands', async () => {
    const json = await cli.run([
      'order',
      'create',
      '--customer',
      'acme',
      '--item',
      'automation:bot-runner:5:permanent',
      '--item',
      'automation:bot-creator:2:term:2099-11-22',
      '--json',
    ]);
    expect(json.code, json.stderr).toBe(0);
    const order = json.json<{ id: string; lrn: string; items: unknown[]; letters: { to: string; status: string }[] }>();
    expect(order).toMatchObject({
      customerId: 'acme',
      lrn: expect.stringMatching(LRN_PATTERN),
      items: [
        { product: 'automation', licenseType: 'bot-runner', quantity: 5, kind: 'permanent' },
        { product: 'automation', licenseType: 'bot-creator', quantity: 2, kind: 'term', expiresOn: '2099-11-22' },
      ],
      letters: [{ to: 'licenses@acme.test', status: 'queued' }],
    });
    lrn = order.lrn;
    const words = await cli.run(['order', 'create', '--customer', 'acme', '--item', 'automation:bot-runner:1:pilot:2099-01-31']);
    expect(words.code, words.stderr).toBe(0);
    expect(words.stdout).toMatch(
      /^Created order [0-9a-f-]{36} for acme: LRN-[0-9A-Z-]{19}\. License letter to licenses@acme\.test: queued \(SMTP is not configured \(AIRLOCK_SMTP_URL\): the letter waits in the outbox\)\.\n$/,
    );
  });

  it('activates it for an RK, writes the signed license, and gives the same one again', async () => {
    const first = await cli.run(['order', 'activate', '--lrn', lrn.toLowerCase(), '--rk', plant, '--out', 'plant.license', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.json()).toMatchObject({
      lrn,
      registrationKey: plant,
      revision: 1,
      latestRevision: 1,
      lrns: [lrn],
      repeated: false,
      file: join(cli.files, 'plant.license'),
    });
    const text = await readFile(join(cli.files, 'plant.license'), 'utf8');
    const opened = await openActivatedLicense(text, { now: cli.clock.now(), trust: { root: await cli.keys.root() }, registrationKey: plant });
    expect(opened.claims).toMatchObject({ activatedLrn: lrn, revision: 1, customerId: 'acme' });

    const again = await cli.run(['order', 'activate', '--lrn', lrn, '--rk', plant.replace(/-/g, ' '), '--customer', 'acme']);
    expect(again.code, again.stderr).toBe(0);
    const defaultFile = join(cli.files, `activated-license-${plant}-r1.txt`);
    expect(again.stdout).toBe(
      `${lrn} was already activated for ${plant}: the same license, revision 1 (the latest is 1). Wrote the license to ${defaultFile}.\n`,
    );
    expect(await readFile(defaultFile, 'utf8')).toBe(text);
  });

  it('exits 1 with the code when the authority refuses', async () => {
    const otherRk = await cli.run(['order', 'activate', '--lrn', lrn, '--rk', lab, '--json']);
    expect({ code: otherRk.code, error: otherRk.json<{ error: { code: string } }>().error.code }).toEqual({ code: 1, error: 'LRN_ALREADY_ACTIVATED' });
    const typo = `${plant.slice(0, 5)}${plant[5] === 'Q' ? 'R' : 'Q'}${plant.slice(6)}`;
    const mistyped = await cli.run(['order', 'activate', '--lrn', lrn, '--rk', typo]);
    expect({ code: mistyped.code, stdout: mistyped.stdout }).toEqual({ code: 1, stdout: '' });
    expect(mistyped.stderr).toMatch(/^airlock: refused: REGISTRATION_KEY_CHECKSUM: /);
    const unknownType = await cli.run(['order', 'create', '--customer', 'acme', '--item', 'automation:no-such-type:1:permanent']);
    expect({ code: unknownType.code, stderr: unknownType.stderr }).toEqual({
      code: 1,
      stderr: expect.stringMatching(/^airlock: refused: ORDER_ITEM_UNKNOWN: /),
    });
  });

  it('exits 2 on a malformed command line, before calling the authority', async () => {
    const runs = await Promise.all([
      cli.run(['order', 'create', '--customer', 'acme']),
      cli.run(['order', 'create', '--customer', 'acme', '--item', 'automation:bot-runner:five:permanent']),
      cli.run(['order', 'create', '--customer', 'acme', '--item', 'automation:bot-runner:5:forever']),
      cli.run(['order', 'activate', '--lrn', lrn]),
    ]);
    expect(runs.map((run) => [run.code, run.stderr.split('\n')[0]])).toEqual([
      [2, 'airlock: --item is required (once per item)'],
      [
        2,
        'airlock: --item takes <product>:<licenseType>:<quantity>:<kind>[:<expiresOn YYYY-MM-DD>]; "automation:bot-runner:five:permanent" has no whole quantity',
      ],
      [
        2,
        'airlock: --item takes <product>:<licenseType>:<quantity>:<kind>[:<expiresOn YYYY-MM-DD>]; "automation:bot-runner:5:forever" has the kind "forever", not one of permanent, term, pilot, temporary',
      ],
      [2, 'airlock: --rk is required'],
    ]);
  });
});

describe('an --item argument', () => {
  it('reads back every item it can write', () => {
    const part = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
    fc.assert(
      fc.property(
        part,
        part,
        fc.nat({ max: 1_000_000_000 }),
        fc.constantFrom('permanent', 'term', 'pilot', 'temporary'),
        fc.option(fc.constant('2027-11-22'), { nil: undefined }),
        (product, licenseType, quantity, kind, expiresOn) => {
          const text = [product, licenseType, quantity, kind, ...(expiresOn ? [expiresOn] : [])].join(':');
          expect(parseOrderItem(text)).toEqual({ product, licenseType, quantity, kind, ...(expiresOn ? { expiresOn } : {}) });
        },
      ),
    );
  });

  it('refuses any other text with a usage error, never another failure (fuzz)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom(...'ab1:-') })), (text) => {
        try {
          const item = parseOrderItem(text);
          expect(Number.isSafeInteger(item.quantity)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
