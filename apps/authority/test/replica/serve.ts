import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { deriveSealingKey, type Clock } from '@airlock/core/internal';
import { createTestAuthority } from '@airlock/core/testing';
import { createApp } from '../../src/app.ts';
import { readConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { defaultRetrySchedule } from '../../src/features/webhooks/webhook-backoff.ts';
import { inMemoryAuthorityKeys } from '../../src/keys/authority-keys.ts';
import { principalFromTestHeader, TestClock } from '../harness.ts';

/**
 * One authority replica for the process tests: a real process serving HTTP on 127.0.0.1, on the
 * PostgreSQL database named by DATABASE_URL or else on the embedded store in AIRLOCK_DATA_DIR
 * (`<dir>/pglite`, as the authority keeps it), with the harness's deterministic keys (so
 * every replica reads the same LFRs and signs alike) and its header-based test principals.
 * AIRLOCK_TEST_NOW pins the clock, so the test can make documents at a known time.
 * It prints `{"port": N}` on one line once it listens (PORT, 0 by default: any free port).
 * Webhooks are on, their secrets sealed under a fixed test passphrase, with the timings of the
 * AIRLOCK_WEBHOOK_* variables as the authority reads them.
 */
const databaseUrl = process.env.DATABASE_URL;
const dataDir = process.env.AIRLOCK_DATA_DIR;
if (!databaseUrl && !dataDir) throw new Error('DATABASE_URL names the shared PostgreSQL database, or AIRLOCK_DATA_DIR the embedded store');
const pinned = process.env.AIRLOCK_TEST_NOW;
const clock: Clock = pinned ? new TestClock(new Date(pinned)) : { now: () => new Date() };

const webhookConfig = readConfig(process.env).webhooks;
const database = await openDatabase(databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'embedded', dataDir: join(dataDir ?? '', 'pglite') });
const authority = await createTestAuthority('authority', new Date('2026-01-01T00:00:00Z'));
const app = await createApp({
  db: database.db,
  clock,
  random: { bytes: (n) => new Uint8Array(randomBytes(n)) },
  keys: inMemoryAuthorityKeys({
    root: authority.root,
    signer: authority.signer,
    encryptionKey: authority.encryptionKey,
    encryptionCertificate: authority.encryptionCertificate,
  }),
  authenticate: principalFromTestHeader,
  webhooks: {
    sealing: await deriveSealingKey('replica webhook passphrase', new Uint8Array(16).fill(1)),
    allowHttp: webhookConfig.allowHttp,
    timeoutMs: webhookConfig.timeoutMs,
    pollMs: webhookConfig.pollMs,
    retry: { ...defaultRetrySchedule, baseMs: webhookConfig.retryBaseMs },
  },
});
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.stdout.write(`${JSON.stringify({ port: (app.server.address() as AddressInfo).port })}\n`);

async function stop(): Promise<void> {
  await app.close();
  await database.close();
  process.exit(0);
}
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
