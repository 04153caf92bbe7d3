import { permissions } from '@airlock/authority';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliAuthority, type CliAuthority } from './testing/cli-authority.ts';

/** `airlock product trial` against an authority listening on 127.0.0.1, with a real API token. */
describe('the airlock product trial command', () => {
  let cli: CliAuthority;

  beforeAll(async () => {
    cli = await startCliAuthority({ name: 'cli trials', scopes: permissions.filter((permission) => permission !== 'tokens:write') });
    const created = await fetch(`${cli.url}/v1/products`, {
      method: 'POST',
      headers: { authorization: `Bearer ${cli.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'studio', name: 'Studio' }),
    });
    expect(created.status).toBe(201);
  }, 120_000);
  afterAll(() => cli.close());

  it('offers a trial, shows it, disables it keeping its settings, and withdraws it', async () => {
    const set = await cli.run(['product', 'trial', 'studio', '--days', '14', '--feature', 'export', '--meter', 'renders=10', '--offline']);
    expect([set.code, set.stderr]).toEqual([0, '']);
    expect(set.stdout).toBe('Trial of studio: offered, 14 days, export, renders=10, online and offline.\n');
    const shown = await cli.run(['product', 'trial', 'studio', '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      productId: 'studio',
      enabled: true,
      days: 14,
      endsAt: null,
      features: ['export'],
      meters: [{ meter: 'renders', limit: 10 }],
      allowOffline: true,
      policyId: null,
    });
    const disabled = await cli.run(['product', 'trial', 'studio', '--disable']);
    expect(disabled.stdout).toBe('Trial of studio: disabled, 14 days, export, renders=10, online and offline.\n');
    const ending = await cli.run(['product', 'trial', 'studio', '--ends', '2099-01-31T00:00:00Z']);
    expect(ending.stdout).toBe('Trial of studio: offered, until 2099-01-31T00:00:00.000Z, nothing, online only.\n');
    const withdrawn = await cli.run(['product', 'trial', 'studio', '--withdraw']);
    expect([withdrawn.code, withdrawn.stdout]).toEqual([0, 'Withdrew the trial offer of studio: trials already started keep their end.\n']);
    const gone = await cli.run(['product', 'trial', 'studio']);
    expect([gone.code, gone.stderr]).toEqual([1, expect.stringContaining('NOT_FOUND')]);
  });

  it('says what is wrong with its options before calling the authority', async () => {
    const both = await cli.run(['product', 'trial', 'studio', '--days', '14', '--ends', '2099-01-31T00:00:00Z']);
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('not both')]);
    const mixed = await cli.run(['product', 'trial', 'studio', '--days', '14', '--withdraw']);
    expect([mixed.code, mixed.stderr]).toEqual([2, expect.stringContaining('one of them')]);
    const badDays = await cli.run(['product', 'trial', 'studio', '--days', 'fortnight']);
    expect([badDays.code, badDays.stderr]).toEqual([2, expect.stringContaining('--days')]);
  });
});
