import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '@airlock/cli-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { createSecretSealer } from '../features/sso/secret-sealer.ts';
import { findProvider, setProvider } from '../features/sso/sso-providers.ts';
import { main } from './main.ts';

function capture(): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { env: {}, cwd: process.cwd(), out: (text) => out.push(text), err: (text) => err.push(text) }, out, err };
}

/**
 * `airlock authority sso allow-passwords`, run on the server against the authority's embedded
 * data directory: the way back in when the console is single sign-on only and the IdP is down.
 */
describe('airlock authority sso allow-passwords', () => {
  let dataDir = '';
  /** The store as the command finds it from `--data-dir`. */
  const open = () => openDatabase(readConfig({ AIRLOCK_DATA_DIR: dataDir }, process.cwd()).store);

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'airlock-sso-cli-'));
    const database = await open();
    const sealer = createSecretSealer('cli test passphrase', { bytes: (n) => new Uint8Array(randomBytes(n)) });
    await setProvider(
      database.db,
      { area: 'console' },
      {
        issuer: 'https://idp.vendor.example',
        clientId: 'airlock',
        clientSecret: 'secret',
        allowedDomains: ['vendor.example'],
        groupClaim: 'groups',
        groupRoles: [{ group: 'admins', role: 'admin' }],
        provisioning: 'just-in-time',
        passwordSignIn: false,
      },
      { actor: 'admin:test', now: new Date('2026-11-23T10:00:00Z'), sealer },
    );
    await database.close();
  }, 60_000);

  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('allows password sign-in again, keeps the provider, and audits it', async () => {
    const { io, out } = capture();
    expect(await main(['authority', 'sso', 'allow-passwords', '--data-dir', dataDir], io)).toBe(0);
    expect(out.join('\n')).toBe('Administrators may sign in with their password again; single sign-on through https://idp.vendor.example stays set up.');
    const database = await open();
    try {
      expect(await findProvider(database.db, 'console')).toMatchObject({ passwordSignIn: true, issuer: 'https://idp.vendor.example' });
      const event = await database.db
        .selectFrom('audit_events')
        .select(['action', 'actor', 'before', 'after'])
        .where('action', '=', 'sso.update')
        .executeTakeFirstOrThrow();
      expect(event).toMatchObject({ actor: expect.stringMatching(/^server:/), before: { passwordSignIn: false }, after: { passwordSignIn: true } });
    } finally {
      await database.close();
    }
  });

  it('refuses a customer without an identity provider, changing nothing', async () => {
    const { io, err } = capture();
    expect(await main(['authority', 'sso', 'allow-passwords', '--customer', 'acme', '--data-dir', dataDir], io)).toBe(3);
    expect(err.join('\n')).toContain('customer acme has no identity provider: password sign-in is allowed already, nothing was changed');
  });
});
