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
import type { Io } from '@airlock/cli-kit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestReceiver, type TestReceiver } from '../features/webhooks/testing/webhook-receiver.ts';
import { verifySignature } from '../features/webhooks/webhook-signature.ts';
import { main } from './main.ts';

/**
 * `airlock webhooks …` against an authority listening on 127.0.0.1 with a real API token and
 * its own sender, delivering to a real receiver.
 */
const clock: Clock = { now: () => new Date() };
const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };

describe('the webhooks commands', () => {
  let database: OpenedDatabase;
  let app: FastifyInstance;
  let url: string;
  let token: string;
  let files: string;
  let receiver: TestReceiver;

  async function airlock(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: Io = {
      env: { AIRLOCK_URL: url, AIRLOCK_TOKEN: token },
      cwd: files,
      out: (text) => (stdout += `${text}\n`),
      err: (text) => (stderr += `${text}\n`),
    };
    const code = await main(args, io);
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    files = await mkdtemp(join(tmpdir(), 'airlock-cli-webhooks-'));
    receiver = await startTestReceiver();
    database = await openDatabase({ kind: 'embedded', dataDir: null });
    const keys = await openPersistentAuthorityKeys(database.db, { clock, random, passphrase: 'the cli webhooks passphrase' });
    app = await createApp({
      db: database.db,
      clock,
      random,
      keys,
      authenticate: createAuthenticator(database.db, clock),
      webhooks: { sealing: keys.sealing, pollMs: 100 },
    });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    ({ token } = await createApiToken(
      database.db,
      { name: 'cli webhooks', scopes: [...permissions] },
      { actor: 'admin:test', now: clock.now(), random, principal: { kind: 'admin', id: 'test' } },
    ));
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await database.close();
    await receiver.stop();
    await rm(files, { recursive: true, force: true });
  });

  it('creates an endpoint, delivers to it, lists its log, redelivers and rotates its secret', async () => {
    const created = await airlock(['webhooks', 'create', '--endpoint-url', receiver.url, '--event', 'product.*', '--description', 'CRM']);
    expect(created.code).toBe(0);
    const [, id = ''] = /Created webhook (we_\S+) /.exec(created.stdout) ?? [];
    const [, secret = ''] = /(whsec_\S+)/.exec(created.stdout) ?? [];
    expect(secret).toMatch(/^whsec_/);
    expect((await airlock(['webhooks', 'list'])).stdout).toContain(`${id}  ${receiver.url}  [product.*]  enabled  (CRM)`);

    expect((await airlock(['product', 'create', '--id', 'studio', '--name', 'Studio'])).code).toBe(0);
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(1);
    const [got] = receiver.received;
    expect(verifySignature(secret, String(got!.headers['airlock-signature']), got!.body, new Date())).toBe(true);

    const log = await airlock(['webhooks', 'deliveries', id, '--status', 'delivered']);
    expect(log.stdout).toMatch(/1 delivery:\n {2}(\d+) {2}\S+ {2}product\.create product studio {2}evt_\d+ {2}1 attempt, delivered \(HTTP 200\)/);
    const [, deliveryId = ''] = /\n {2}(\d+) /.exec(log.stdout) ?? [];
    expect((await airlock(['webhooks', 'redeliver', id, deliveryId])).stdout).toContain(`Queued delivery ${deliveryId}`);
    await expect.poll(() => receiver.received.length, { timeout: 10_000 }).toBe(2);
    expect(receiver.received[1]!.eventId).toBe(got!.eventId);

    const rotated = await airlock(['webhooks', 'rotate-secret', id]);
    expect(rotated.stdout).toMatch(/New signing secret for webhook we_\S+ \(shown only now\): whsec_\S+\nThe previous secret also signs until /);
    expect((await airlock(['webhooks', 'disable', id])).stdout).toBe(`Disabled webhook ${id}.\n`);
    expect((await airlock(['webhooks', 'list'])).stdout).toContain('disabled');
  });

  it('says why an endpoint is refused', async () => {
    const refused = await airlock(['webhooks', 'create', '--endpoint-url', 'http://crm.example/in', '--event', '*']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('WEBHOOK_URL_NOT_ALLOWED');
  });
});
