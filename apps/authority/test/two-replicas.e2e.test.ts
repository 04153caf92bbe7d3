import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { issueDeviceActivationRequest } from '@airlock/core';
import { createTestAuthority, createTestParty, type TestAuthority, type TestParty } from '@airlock/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../src/db/database.ts';
import { makeLfr, seedCustomer, seedEnabledSite } from '../src/features/offline-licenses/testing/offline-licensing-fixtures.ts';
import { admin, freshPostgresDatabase } from './harness.ts';

/**
 * Replicas are stateless (issue 3, point 3): two real authority processes on one PostgreSQL
 * database, given the same LFR at the same moment, store it once and answer alike; given two
 * OLFs competing for a customer's last seats, issue exactly one. Needs a PostgreSQL server
 * (AIRLOCK_TEST_POSTGRES_URL); PGlite is one process's embedded store.
 */
const postgresUrl = process.env.AIRLOCK_TEST_POSTGRES_URL;
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const NOW = new Date('2026-11-23T10:00:00Z');
const random = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };

interface Replica {
  readonly process: ChildProcess;
  readonly port: number;
}

/** Starts `test/replica/serve.ts` and resolves once it prints the port it listens on. */
function startReplica(databaseUrl: string): Promise<Replica> {
  const child = spawn('node_modules/.bin/tsx', ['apps/authority/test/replica/serve.ts'], {
    cwd: repositoryRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', AIRLOCK_TEST_NOW: NOW.toISOString() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{"port"'));
      if (line) resolve({ process: child, port: (JSON.parse(line) as { port: number }).port });
    });
    child.once('exit', (code) => reject(new Error(`the replica exited (${code}) before listening:\n${errors}`)));
  });
}

function stopReplica(replica: Replica): Promise<void> {
  if (replica.process.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    replica.process.once('exit', () => resolve());
    replica.process.kill('SIGTERM');
  });
}

async function post(replica: Replica, path: string, body: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${replica.port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-principal': JSON.stringify(admin) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.runIf(postgresUrl)('two authority replicas on one PostgreSQL', () => {
  let fresh: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let database: OpenedDatabase;
  let replicas: Replica[] = [];
  let authority: TestAuthority;

  /** A customer with two enabled sites that bought `runners` Bot Runner seats. */
  async function seedTwoSites(
    customerId: string,
    runners: number,
  ): Promise<{ sites: [TestParty, TestParty]; tokens: Awaited<ReturnType<typeof seedEnabledSite>>[] }> {
    await seedCustomer(database.db, { id: customerId, accountEndsOn: '2027-12-31', purchased: { 'bot-runner': runners } }, NOW);
    const sites: [TestParty, TestParty] = [createTestParty(`two-replicas/${customerId}/a`), createTestParty(`two-replicas/${customerId}/b`)];
    const tokens = [];
    for (const site of sites) tokens.push(await seedEnabledSite(database.db, authority, { customerId, site, now: NOW, random }));
    return { sites, tokens };
  }

  beforeAll(async () => {
    // The replicas' keys: the same deterministic test authority, so documents made here open there.
    authority = await createTestAuthority('authority', new Date('2026-01-01T00:00:00Z'));
    fresh = await freshPostgresDatabase(postgresUrl!);
    if (fresh.config.kind !== 'postgres') throw new Error('a PostgreSQL database was expected');
    // Migrate once here, so the replicas start on a ready schema and the test can seed it.
    database = await openDatabase(fresh.config);
    replicas = await Promise.all([startReplica(fresh.config.url), startReplica(fresh.config.url)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(replicas.map(stopReplica));
    await database?.close();
    await fresh?.dispose();
  });

  it('stores the same LFR uploaded to both at once exactly once, and both answer alike', async () => {
    const {
      sites: [site],
      tokens: [token],
    } = await seedTwoSites('upload-race', 10);
    for (let sequence = 1; sequence <= 5; sequence += 1) {
      const lfr = await makeLfr(authority, { token: token!, site, now: NOW, random, sequence, seats: { 'bot-runner': ['ada'] } });
      const answers = await Promise.all(replicas.map((replica) => post(replica, '/v1/customers/upload-race/lfrs', { text: lfr.text })));
      expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
      expect(answers[1]!.body).toEqual(answers[0]!.body);
      expect(answers[0]!.body).toMatchObject({ lfr: { id: lfr.claims.jti, siteGuid: site.guid, cycle: 1, sequence } });
      const stored = await database.db.selectFrom('license_file_requests').select('id').where('id', '=', lfr.claims.jti).execute();
      expect(stored).toHaveLength(1);
    }
    const events = await database.db.selectFrom('audit_events').select(['action']).where('action', 'in', ['lfr.upload', 'site.key-learned']).execute();
    expect(events.map((event) => event.action).sort()).toEqual(['lfr.upload', 'lfr.upload', 'lfr.upload', 'lfr.upload', 'lfr.upload', 'site.key-learned']);
  });

  it('issues exactly one of two OLFs configured on both at once for the last purchased seats', async () => {
    for (const round of [1, 2, 3]) {
      const customerId = `seat-race-${round}`;
      const { sites, tokens } = await seedTwoSites(customerId, 10);
      const lfrIds: string[] = [];
      for (const [index, site] of sites.entries()) {
        const lfr = await makeLfr(authority, { token: tokens[index]!, site, now: NOW, random });
        expect((await post(replicas[0]!, `/v1/customers/${customerId}/lfrs`, { text: lfr.text })).status).toBe(201);
        lfrIds.push(lfr.claims.jti);
      }
      const configuration = { start: '2026-11-23', end: '2027-11-22', entitlements: [{ type: 'bot-runner', quantity: 6 }] };
      const answers = await Promise.all(lfrIds.map((lfrId, index) => post(replicas[index]!, `/v1/customers/${customerId}/lfrs/${lfrId}/olf`, configuration)));
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 422]);
      const refused = answers.find((answer) => answer.status === 422)!;
      expect(refused.body).toMatchObject({
        code: 'ALLOCATION_EXCEEDS_PURCHASE',
        errors: { violations: [{ type: 'bot-runner', requested: 6, heldElsewhere: 6, purchased: 10, available: 4 }] },
      });
      const issued = await database.db.selectFrom('offline_license_files').select('lfr_id').where('customer_id', '=', customerId).execute();
      expect(issued).toHaveLength(1);
    }
  });

  it('makes one trial of two requests for the same fingerprint sent to both at once', async () => {
    await database.db.insertInto('products').values({ id: 'trial-race', name: 'Trial race', created_at: NOW }).execute();
    await database.db
      .insertInto('trial_offers')
      .values({
        product_id: 'trial-race',
        enabled: true,
        days: 14,
        ends_at: null,
        features: JSON.stringify(['export']),
        meters: JSON.stringify([]),
        allow_offline: false,
        policy_id: null,
        updated_at: NOW,
        updated_by: 'admin:test-admin',
      })
      .execute();
    for (const round of [1, 2, 3]) {
      const fingerprint = `fp-trial-race-${round}`;
      const requests = await Promise.all(
        [1, 2].map(async (copy) => {
          const device = createTestParty(`two-replicas/trial/${round}/${copy}`);
          const { text } = await issueDeviceActivationRequest(
            {
              product: 'trial-race',
              fingerprint,
              credential: { method: 'trial' },
              deviceEncryptionKey: device.encryptionKey.publicJwk,
              sdkVersion: '0.1.0',
              authorityEncryptionKey: authority.encryptionCertificate,
            },
            { now: NOW, random, signer: device.signingKey, trust: authority.trust },
          );
          return text;
        }),
      );
      const answers = await Promise.all(requests.map((request, index) => post(replicas[index]!, '/v1/devices/activate', { request })));
      expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
      expect(answers[1]!.body.licenseId).toBe(answers[0]!.body.licenseId);
      const starts = await database.db.selectFrom('trial_starts').select('license_id').where('fingerprint', '=', fingerprint).execute();
      expect(starts).toEqual([{ license_id: answers[0]!.body.licenseId }]);
      const active = await database.db
        .selectFrom('device_activations')
        .select('id')
        .where('fingerprint', '=', fingerprint)
        .where('deactivated_at', 'is', null)
        .execute();
      expect(active).toHaveLength(1);
    }
    const licenses = await database.db.selectFrom('device_licenses').select('id').where('product_id', '=', 'trial-race').execute();
    expect(licenses).toHaveLength(3);
  });
});
