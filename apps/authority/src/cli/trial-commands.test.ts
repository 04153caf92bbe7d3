import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createApiToken,
  createApp,
  createAuthenticator,
  openDatabase,
  openPersistentAuthorityKeys,
  permissions,
  type OpenedDatabase,
} from '@airlock/authority';
import type { Random } from '@airlock/core';
import type { Clock } from '@airlock/core/internal';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '@airlock/cli-kit';
import { main } from './main.ts';

/** `airlock product trial` against an authority listening on 127.0.0.1, with a real API token. */
const clock: Clock = { now: () => new Date() };
const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };

describe('the airlock product trial command', () => {
  let database: OpenedDatabase;
  let app: FastifyInstance;
  let url: string;
  let token: string;
  let files: string;

  async function airlock(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: Io = {
      env: { AIRLOCK_URL: url, AIRLOCK_TOKEN: token },
      cwd: files,
      out: (text) => (stdout += `${text}\n`),
      err: (text) => (stderr += `${text}\n`),
    };
    return { code: await main(args, io), stdout, stderr };
  }

  beforeAll(async () => {
    files = await mkdtemp(join(tmpdir(), 'airlock-cli-trials-'));
    database = await openDatabase({ kind: 'embedded', dataDir: null });
    const keys = await openPersistentAuthorityKeys(database.db, { clock, random, passphrase: 'the cli trials passphrase' });
    app = await createApp({ db: database.db, clock, random, keys, authenticate: createAuthenticator(database.db, clock) });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    ({ token } = await createApiToken(
      database.db,
      { name: 'cli trials', scopes: permissions.filter((permission) => permission !== 'tokens:write') },
      { actor: 'admin:test', now: clock.now(), random, principal: { kind: 'admin', id: 'test' } },
    ));
    const created = await fetch(`${url}/v1/products`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'studio', name: 'Studio' }),
    });
    expect(created.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await database.close();
    await rm(files, { recursive: true, force: true });
  });

  it('offers a trial, shows it, disables it keeping its settings, and withdraws it', async () => {
    const set = await airlock(['product', 'trial', 'studio', '--days', '14', '--feature', 'export', '--meter', 'renders=10', '--offline']);
    expect([set.code, set.stderr]).toEqual([0, '']);
    expect(set.stdout).toBe('Trial of studio: offered, 14 days, export, renders=10, online and offline.\n');
    const shown = await airlock(['product', 'trial', 'studio', '--json']);
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
    const disabled = await airlock(['product', 'trial', 'studio', '--disable']);
    expect(disabled.stdout).toBe('Trial of studio: disabled, 14 days, export, renders=10, online and offline.\n');
    const ending = await airlock(['product', 'trial', 'studio', '--ends', '2099-01-31T00:00:00Z']);
    expect(ending.stdout).toBe('Trial of studio: offered, until 2099-01-31T00:00:00.000Z, nothing, online only.\n');
    const withdrawn = await airlock(['product', 'trial', 'studio', '--withdraw']);
    expect([withdrawn.code, withdrawn.stdout]).toEqual([0, 'Withdrew the trial offer of studio: trials already started keep their end.\n']);
    const gone = await airlock(['product', 'trial', 'studio']);
    expect([gone.code, gone.stderr]).toEqual([1, expect.stringContaining('NOT_FOUND')]);
  });

  it('says what is wrong with its options before calling the authority', async () => {
    const both = await airlock(['product', 'trial', 'studio', '--days', '14', '--ends', '2099-01-31T00:00:00Z']);
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('not both')]);
    const mixed = await airlock(['product', 'trial', 'studio', '--days', '14', '--withdraw']);
    expect([mixed.code, mixed.stderr]).toEqual([2, expect.stringContaining('one of them')]);
    const badDays = await airlock(['product', 'trial', 'studio', '--days', 'fortnight']);
    expect([badDays.code, badDays.stderr]).toEqual([2, expect.stringContaining('--days')]);
  });
});
