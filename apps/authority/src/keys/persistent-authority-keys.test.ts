import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AirlockError,
  days,
  dearmor,
  issueEnablementToken,
  issueLicenseFileRequest,
  minutes,
  openEnablementToken,
  type Random,
  type TrustAnchor,
} from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, TestClock } from '../../test/harness.ts';
import { openDatabase, type OpenedDatabase, type StoreConfig } from '../db/database.ts';
import { openUploadedLfr } from '../features/offline-licenses/upload-license-file-request.ts';
import { openPersistentAuthorityKeys, type PersistentAuthorityKeys } from './persistent-authority-keys.ts';
import { deriveSealingKey, newSalt, saltOf } from './sealed-seed.ts';

const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };
const passphrase = 'correct horse battery staple';
const siteGuid = '6f1c2a9e-0d4b-4c55-9a7e-3b2f1e0d9c8a';
const admin = { actor: 'admin:ops' };
const site = createTestParty('rotation-site');

/** The protected header of an armoured JWE: whom it was encrypted to. */
function dearmorHeader(text: string): { kid?: unknown } {
  return JSON.parse(Buffer.from(dearmor(text).body.split('.')[0]!, 'base64url').toString('utf8')) as { kid?: unknown };
}

/** A store that can be reopened, as a restarted authority reopens its data directory. */
interface ReopenableStore {
  readonly name: string;
  create(): Promise<{ config: StoreConfig; dispose(): Promise<void> }>;
}

const postgresUrl = process.env.AIRLOCK_TEST_POSTGRES_URL;
const stores: readonly ReopenableStore[] = [
  {
    name: 'embedded PGlite in a data directory',
    async create() {
      const dir = await mkdtemp(join(tmpdir(), 'airlock-keys-'));
      return { config: { kind: 'embedded', dataDir: dir }, dispose: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  ...(postgresUrl ? [{ name: 'PostgreSQL', create: () => freshPostgresDatabase(postgresUrl) }] : []),
];

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error === undefined) return undefined;
  expect(error).toBeInstanceOf(AirlockError);
  return (error as AirlockError).code;
}

/** An enablement token signed with the authority's current signer, as the token feature issues it. */
async function tokenFrom(keys: PersistentAuthorityKeys, now: Date): Promise<string> {
  const issued = await issueEnablementToken(
    {
      customerId: 'acme',
      siteGuid,
      lifetime: days(1),
      minimumSiteVersion: null,
      authorityEncryptionKey: await keys.encryptionCertificate(),
      cycleWindows: { fromFirstLfr: days(7), fromLatestLfr: days(2) },
    },
    { now, random, signer: await keys.signer() },
  );
  return issued.text;
}

describe.each(stores.map((store) => [store.name, store] as const))('the authority keys (%s)', (_name, store) => {
  const clock = new TestClock(new Date('2026-11-23T10:00:00Z'));
  let location: { config: StoreConfig; dispose(): Promise<void> };
  let database: OpenedDatabase;
  let keys: PersistentAuthorityKeys;
  let pinned: TrustAnchor;

  const open = (secret = passphrase) => openPersistentAuthorityKeys(database.db, { clock, random, passphrase: secret });
  const countRows = async () => ({
    keys: (await database.db.selectFrom('authority_keys').select('kid').execute()).length,
    lists: (await database.db.selectFrom('revocation_lists').select('serial').execute()).length,
    audit: (await database.db.selectFrom('audit_events').select('id').execute()).length,
  });

  beforeAll(async () => {
    location = await store.create();
    database = await openDatabase(location.config);
  }, 60_000);
  afterAll(async () => {
    await database.close();
    await location.dispose();
  });

  it('makes a root, a signing and an encryption key on the first start, sealed and audited', async () => {
    // As the first start does: the sealing key for a new salt derived while the store opened.
    const newSealing = deriveSealingKey(passphrase, newSalt(random));
    keys = await openPersistentAuthorityKeys(database.db, { clock, random, passphrase, newSealing });
    expect(keys.created).toBe(true);
    expect(keys.sealing).toBe(await newSealing);
    const rows = await database.db.selectFrom('authority_keys').selectAll().orderBy('purpose').execute();
    expect(rows.map((row) => [row.purpose, row.status])).toEqual([
      ['enc', 'active'],
      ['root', 'active'],
      ['sig', 'active'],
    ]);
    const signer = await keys.signer();
    expect(rows.find((row) => row.purpose === 'sig')).toMatchObject({ kid: signer.key.kid, not_after: new Date('2027-11-23T10:00:00Z') });
    expect(rows.find((row) => row.purpose === 'enc')).toMatchObject({ not_after: new Date('2028-11-22T10:00:00Z') });
    for (const row of rows) {
      expect(row.encrypted_private_key).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(saltOf(row.encrypted_private_key)).toEqual((await newSealing).salt);
    }
    const audit = await database.db.selectFrom('audit_events').select(['actor', 'action', 'object_id']).orderBy('id').execute();
    expect(audit.map((event) => event.object_id).sort()).toEqual(rows.map((row) => row.kid).sort());
    expect(new Set(audit.map((event) => `${event.actor} ${event.action}`))).toEqual(new Set(['system authority-key.create']));
    pinned = await keys.trust();
    expect(pinned).toEqual({ root: await keys.root(), revocations: undefined });
  });

  it('finds the same keys after a restart', async () => {
    const before = { root: await keys.root(), signer: (await keys.signer()).key.kid, enc: (await keys.encryptionKey()).kid };
    await database.close();
    database = await openDatabase(location.config);
    // A key derived in advance is not used when the keys are there: not even awaited.
    const unused = Promise.reject(new Error('derived in advance for keys this store already has'));
    unused.catch(() => {});
    keys = await openPersistentAuthorityKeys(database.db, { clock, random, passphrase, newSealing: unused });
    expect(keys.created).toBe(false);
    expect({ root: await keys.root(), signer: (await keys.signer()).key.kid, enc: (await keys.encryptionKey()).kid }).toEqual(before);
  }, 60_000);

  it('refuses to start with a wrong passphrase, and changes nothing', async () => {
    const before = await countRows();
    expect(await codeOf(open('not the passphrase at all'))).toBe('KEY_PASSPHRASE_WRONG');
    expect(await countRows()).toEqual(before);
  });

  it('signs with a new key after a rotation, and what both keys signed verifies against the same pinned root', async () => {
    const beforeRotation = await tokenFrom(keys, clock.now());
    const oldEncryption = await keys.encryptionKey();
    const signing = await keys.management.rotate('sig', { ...admin, now: clock.now() });
    const encryption = await keys.management.rotate('enc', { ...admin, now: clock.now() });
    expect(signing.retired).toMatchObject({ purpose: 'sig', status: 'retired' });
    expect(signing.active).toMatchObject({ purpose: 'sig', status: 'active', kid: (await keys.signer()).key.kid });
    const afterRotation = await tokenFrom(keys, clock.now());
    for (const text of [beforeRotation, afterRotation]) {
      const opened = await openEnablementToken(text, { now: clock.now(), siteGuid, trust: pinned });
      expect(opened.claims.customerId).toBe('acme');
    }
    expect((await keys.decryptionKeys()).map((pair) => pair.kid)).toEqual([encryption.active.kid, oldEncryption.kid]);
    // A site that made its request from the token given before the rotation: it opens, with the retired key it names.
    const lfrTo = async (tokenText: string) => {
      const token = await openEnablementToken(tokenText, { now: clock.now(), siteGuid, trust: pinned });
      const usage = { seats: [], meters: [], ledger: { sequence: 0, head: '0'.repeat(64) } };
      const input = {
        enablementToken: token.claims,
        tenant: 'default',
        siteVersion: '41.2',
        siteEncryptionKey: site.encryptionKey.publicJwk,
        cycle: 1,
        sequence: 1,
      };
      const context = { now: clock.now(), random, signer: site.signingKey, trust: pinned };
      return (await issueLicenseFileRequest({ ...input, cycleOpenedAt: clock.now(), installed: null, usage }, context)).text;
    };
    for (const [text, encryptedTo] of [
      [await lfrTo(beforeRotation), oldEncryption.kid],
      [await lfrTo(afterRotation), encryption.active.kid],
    ] as const) {
      expect(dearmorHeader(text).kid).toBe(encryptedTo);
      expect((await openUploadedLfr(keys, text, clock.now())).claims.siteGuid).toBe(siteGuid);
    }
    const audit = await database.db
      .selectFrom('audit_events')
      .select(['actor', 'action', 'object_id'])
      .where('action', '=', 'authority-key.rotate')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { actor: 'admin:ops', action: 'authority-key.rotate', object_id: signing.active.kid },
      { actor: 'admin:ops', action: 'authority-key.rotate', object_id: encryption.active.kid },
    ]);
  });

  it('revokes the active signing key: replaced at once, and its documents refused once a site has seen the list', async () => {
    const revokedKid = (await keys.signer()).key.kid;
    const signedByRevoked = await tokenFrom(keys, clock.now());
    const revocation = await keys.management.revoke(revokedKid, 'key compromised', { ...admin, now: clock.now() });
    expect(revocation).toMatchObject({
      revoked: { kid: revokedKid, status: 'revoked', revokedAt: clock.now().toISOString() },
      replacement: { purpose: 'sig', status: 'active' },
      revocationList: { serial: 1 },
    });
    const signer = await keys.signer();
    expect(signer.key.kid).toBe(revocation.replacement?.kid);
    expect(signer.revocations).toBe(revocation.revocationList.compact);

    // A site opens a newer document, learns the list and keeps it ...
    const newer = await openEnablementToken(await tokenFrom(keys, clock.now()), { now: clock.now(), siteGuid, trust: pinned });
    expect(newer.revocations?.revoked).toEqual([{ kid: revokedKid, revokedAt: Math.floor(clock.now().getTime() / 1000), reason: 'key compromised' }]);
    const site: TrustAnchor = { root: pinned.root, revocations: newer.revocations };
    // ... and from then on refuses what the revoked key signed.
    expect(await codeOf(openEnablementToken(signedByRevoked, { now: clock.now(), siteGuid, trust: site }))).toBe('SIGNING_KEY_REVOKED');
  });

  it('refuses to revoke the root, an unknown key or a revoked one again, and changes nothing', async () => {
    const before = await countRows();
    const by = { ...admin, now: clock.now() };
    const root = (await keys.management.list()).find((key) => key.purpose === 'root')!;
    const revoked = (await keys.management.list()).find((key) => key.status === 'revoked')!;
    expect(await codeOf(keys.management.revoke(root.kid, 'no', by))).toBe('KEY_NOT_REVOCABLE');
    expect(await codeOf(keys.management.revoke('A'.repeat(43), 'no', by))).toBe('NOT_FOUND');
    expect(await codeOf(keys.management.revoke(revoked.kid, 'again', by))).toBe('CONFLICT');
    expect(await countRows()).toEqual(before);
  });

  it('keeps every revocation on the next list, and stops decrypting with a revoked encryption key', async () => {
    const retiredEncryption = (await keys.management.list()).find((key) => key.purpose === 'enc' && key.status === 'retired')!;
    const revocation = await keys.management.revoke(retiredEncryption.kid, 'decommissioned', { ...admin, now: clock.now() });
    expect(revocation.replacement).toBeNull();
    expect(revocation.revocationList.serial).toBe(2);
    expect((await keys.trust()).revocations?.revoked.map((entry) => entry.reason)).toEqual(['key compromised', 'decommissioned']);
    expect((await keys.decryptionKeys()).map((pair) => pair.kid)).toEqual([(await keys.encryptionKey()).kid]);
  });

  it('lets a second replica see a rotation made by the first within its refresh interval', async () => {
    const replica = await open();
    const before = (await replica.signer()).key.kid;
    const rotation = await keys.management.rotate('sig', { ...admin, now: clock.now() });
    expect((await replica.signer()).key.kid).toBe(before);
    clock.advance(5_000);
    expect((await replica.signer()).key.kid).toBe(rotation.active.kid);
    expect((await replica.signer()).revocations).toBe((await keys.signer()).revocations);
  });

  it('makes one set of keys when two replicas start together on an empty database', async () => {
    const empty = await store.create();
    const shared = await openDatabase(empty.config);
    try {
      const [first, second] = await Promise.all([0, 1].map(() => openPersistentAuthorityKeys(shared.db, { clock, random, passphrase })));
      expect([first!.created, second!.created].sort()).toEqual([false, true]);
      expect(await second!.root()).toEqual(await first!.root());
      expect((await second!.signer()).key.kid).toBe((await first!.signer()).key.kid);
      expect(await shared.db.selectFrom('authority_keys').select('kid').execute()).toHaveLength(3);
    } finally {
      await shared.close();
      await empty.dispose();
    }
  }, 60_000);

  it('renews a key on its own, once, when its certificate nears its end', async () => {
    const replica = await open();
    const signing = (await keys.signer()).key.kid;
    const encryption = (await keys.encryptionKey()).kid;
    clock.advance(days(365) - days(30) + minutes(1));
    const [renewed, seenByReplica] = [await keys.signer(), await replica.signer()];
    expect(renewed.key.kid).not.toBe(signing);
    expect(seenByReplica.key.kid).toBe(renewed.key.kid);
    expect((await keys.encryptionKey()).kid).toBe(encryption);
    const renewals = await database.db
      .selectFrom('audit_events')
      .select(['actor', 'object_id'])
      .where('action', '=', 'authority-key.rotate')
      .where('actor', '=', 'system')
      .execute();
    expect(renewals).toEqual([{ actor: 'system', object_id: renewed.key.kid }]);
  });
});
