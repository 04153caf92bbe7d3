import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { type Random } from '@airlock/core';
import { type Clock } from '@airlock/core/internal';
import { createTestAuthority } from '@airlock/core/testing';
import { createTimedClient, percentile } from '@airlock/http/testing';
import { sql } from 'kysely';
import { createApp } from '../src/app.ts';
import type { AuthorityDeps } from '../src/deps.ts';
import { createApiToken } from '../src/features/accounts/api-tokens.ts';
import { createAuthenticator } from '../src/http/authenticate.ts';
import { encodeCursor } from '../src/http/paging.ts';
import { inMemoryAuthorityKeys } from '../src/keys/authority-keys.ts';
import { openBenchStore } from './bench-store.ts';
import { fmt, printTable, say, type Line } from './bench-report.ts';

/**
 * The paged lists of `npm run bench` (README, "Lists: pages, sorts and search"): 100,000
 * customers and 1,000,000 device licenses seeded by `generate_series` inserts, then over HTTP
 * with an API token the first page, a page 90% deep by its cursor and a prefix search of each
 * list, p50 and p95 of `ROUNDS` requests, against the 100 ms target; beside each, the raw
 * baseline of the bare `select … limit 50` on the same table in the same run, and the HTTP floor:
 * one customer by id over the same client and token (what any request costs on this machine).
 * The audit log likewise, with 1,000,000 events, first and deep pages and each of its filters.
 * `AIRLOCK_BENCH_CUSTOMERS`, `AIRLOCK_BENCH_DEVICE_LICENSES` and `AIRLOCK_BENCH_AUDIT_EVENTS` shrink a run.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const CUSTOMERS = Number(process.env.AIRLOCK_BENCH_CUSTOMERS ?? 100_000);
const LICENSES = Number(process.env.AIRLOCK_BENCH_DEVICE_LICENSES ?? 1_000_000);
const AUDIT_EVENTS = Number(process.env.AIRLOCK_BENCH_AUDIT_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.AIRLOCK_BENCH_ROUNDS ?? 50);
const WARMUP = 5;
const TARGET_MS = 100;
/** The HTTP floor, measured once (before the top-level run below, which reads it). */
let floor: { p50: number; p95: number } | undefined;

const clock: Clock = { now: () => new Date(NOW) };
const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };
const ms = (value: number) => `${fmt(value, 1)} ms`;

const startedAt = performance.now();
const store = await openBenchStore(process.env);
say(
  `\nPaged lists on ${store.label} (load average ${loadavg()
    .map((load) => fmt(load, 2))
    .join(', ')} on ${availableParallelism()} cores)`,
);
const authority = await createTestAuthority('authority', new Date('2026-01-01T00:00:00Z'));
const keys = inMemoryAuthorityKeys({
  root: authority.root,
  signer: authority.signer,
  encryptionKey: authority.encryptionKey,
  encryptionCertificate: authority.encryptionCertificate,
});
const { db } = store.database;
const deps: AuthorityDeps = { db, clock, random, keys, authenticate: createAuthenticator(db, clock) };
const app = await createApp(deps);

try {
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const principal = { kind: 'admin', id: 'bench' } as const;
  const { token } = await createApiToken(
    db,
    { name: 'bench', scopes: ['customers:read', 'customers:write', 'licenses:read', 'licenses:write', 'catalogue:write', 'audit:read'] },
    { actor: 'admin:bench', now: NOW, random, principal },
  );
  const client = createTimedClient(url, { authorization: `Bearer ${token}` });
  await seed(client);
  const lines = [...(await customerScenarios(client)), ...(await deviceLicenseScenarios(client)), ...(await auditScenarios(client))];
  client.close();
  printTable(lines, 'authority over HTTP');
} finally {
  await app.close();
  await store.dispose();
}
say(
  `\n(load average at the end: ${loadavg()
    .map((load) => fmt(load, 2))
    .join(', ')} on ${availableParallelism()} cores)`,
);
say(
  `(store: ${store.label}; ${fmt(CUSTOMERS)} customers, ${fmt(LICENSES)} device licenses, ${fmt(AUDIT_EVENTS)} audit events; whole run ${fmt((performance.now() - startedAt) / 1000, 1)} s)`,
);

type Client = ReturnType<typeof createTimedClient>;

/** One template license made by the API, then the customers and licenses by `generate_series` (not measured). */
async function seed(client: Client): Promise<void> {
  const seedStart = performance.now();
  const must = async (path: string, body: unknown) => {
    const answer = await client.send('POST', path, body);
    if (answer.status >= 300) throw new Error(`POST ${path} answered ${answer.status}: ${answer.body}`);
    return JSON.parse(answer.body) as { id: string };
  };
  await must('/v1/policies', { id: 'standard', name: 'Standard' });
  await must('/v1/products', { id: 'studio', name: 'Studio' });
  await must('/v1/customers', { id: 'template', name: 'Template', contactEmail: 'it@template.test', accountEndsOn: '2028-12-31', policyId: 'standard' });
  const template = await must('/v1/device-licenses', {
    productId: 'studio',
    customerId: 'template',
    credential: 'license-key',
    expiresAt: '2027-11-23T00:00:00Z',
  });
  await sql`
    insert into customers (id, name, contact_email, account_ends_on, policy_id, created_at)
    select 'cust-' || lpad(n::text, 6, '0'),
           (array['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka'])[1 + n % 8] || ' ' || (n % 5000),
           'it@cust-' || n || '.test', date '2027-01-01' + (n % 730), 'standard',
           timestamptz '2026-01-01T00:00:00Z' + (n / 3) * interval '1 second'
    from generate_series(1, ${CUSTOMERS}) as n`.execute(db);
  await sql`
    insert into device_licenses (id, product_id, customer_id, policy_id, credential, license_key_hash, license_key_hint, overrides, allow_online,
                                 expires_at, entitlements, metadata, revision, created_at, created_by, updated_at)
    select md5(n::text)::uuid::text, t.product_id, 'cust-' || lpad((1 + n % ${CUSTOMERS})::text, 6, '0'), t.policy_id, t.credential, 'bench-' || n, t.license_key_hint,
           t.overrides, t.allow_online, t.expires_at, t.entitlements, t.metadata, t.revision,
           timestamptz '2026-01-01T00:00:00Z' + (n / 3) * interval '1 second', t.created_by, t.updated_at
    from generate_series(1, ${LICENSES}) as n, device_licenses t
    where t.id = ${template.id}`.execute(db);
  // The audit log: ten actors, twenty actions, objects of five types, a customer's events every so often.
  await sql`
    insert into audit_events (at, actor, action, object_type, object_id, before, after, request_id)
    select timestamptz '2026-01-01T00:00:00Z' + (n / 3) * interval '1 second',
           'admin:admin-' || (n % 10),
           (array['customer', 'site', 'order', 'device-license', 'olf'])[1 + n % 5] || '.action-' || (n % 4),
           (array['customer', 'site', 'order', 'device-license', 'olf'])[1 + n % 5],
           'object-' || (n % 200000),
           null, jsonb_build_object('n', n), md5(n::text)
    from generate_series(1, ${AUDIT_EVENTS}) as n`.execute(db);
  await sql`analyze`.execute(db);
  say(
    `   seeded ${fmt(CUSTOMERS)} customers, ${fmt(AUDIT_EVENTS)} audit events and ${fmt(LICENSES)} device licenses in ${fmt((performance.now() - seedStart) / 1000, 1)} s (not measured)`,
  );
}

/** p50 and p95 of `ROUNDS` requests of `path` after a warm-up; refuses anything but a 200. */
async function timeRequests(client: Client, path: string): Promise<{ p50: number; p95: number; items: number }> {
  const samples: number[] = [];
  let items = 0;
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const answer = await client.send('GET', path);
    if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${answer.body}`);
    if (round >= WARMUP) samples.push(answer.ms);
    items = (JSON.parse(answer.body) as { items: unknown[] }).items.length;
  }
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95), items };
}

/** p50 of the bare `select * from <table> limit 50`, the floor of any list of that table. */
async function timeBaseline(table: 'customers' | 'device_licenses' | 'audit_events'): Promise<number> {
  const samples: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const started = performance.now();
    await sql`select * from ${sql.table(table)} limit 50`.execute(db);
    if (round >= WARMUP) samples.push(performance.now() - started);
  }
  return percentile(samples, 0.5);
}

/** p50 and p95 of GET one customer by id: the cost of any authenticated request here, measured once. */
async function httpFloor(client: Client): Promise<{ p50: number; p95: number }> {
  if (floor) return floor;
  const samples: number[] = [];
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const answer = await client.send('GET', '/v1/customers/cust-000001');
    if (answer.status !== 200) throw new Error(`GET one customer answered ${answer.status}: ${answer.body}`);
    if (round >= WARMUP) samples.push(answer.ms);
  }
  floor = { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) };
  say(`   HTTP floor, GET /v1/customers/cust-000001: p50 ${ms(floor.p50)}, p95 ${ms(floor.p95)}`);
  return floor;
}

async function measure(client: Client, scenario: string, path: string, baseline: number): Promise<Line> {
  const { p50: floor50 } = await httpFloor(client);
  const { p50, p95, items } = await timeRequests(client, path);
  say(`   ${scenario}: GET ${path.length > 90 ? `${path.slice(0, 90)}…` : path} → ${items} items, p50 ${ms(p50)}, p95 ${ms(p95)}`);
  return {
    scenario,
    figure: `p50 ${ms(p50)}, p95 ${ms(p95)}`,
    baseline: `${ms(baseline)} bare select limit 50; ${ms(floor50)} GET one customer`,
    target: `p95 < ${TARGET_MS} ms ${p95 < TARGET_MS ? 'met' : 'MISSED'}`,
  };
}

async function customerScenarios(client: Client): Promise<Line[]> {
  say(`\n1. customers (${fmt(CUSTOMERS)}), pages of 50 by name with the total`);
  const baseline = await timeBaseline('customers');
  const deep = await sql<{ key: string; id: string }>`
    select (lower(name) collate "C")::text as key, id from customers order by lower(name) collate "C", id offset ${Math.floor(CUSTOMERS * 0.9)} limit 1`.execute(
    db,
  );
  const cursor = encodeCursor('name', deep.rows[0]!.key, deep.rows[0]!.id);
  return [
    await measure(client, 'customers: first page', '/v1/customers?limit=50', baseline),
    await measure(client, 'customers: page 90% deep by cursor', `/v1/customers?limit=50&after=${cursor}`, baseline),
    await measure(client, 'customers: search by name prefix', '/v1/customers?limit=50&q=hooli%2012', baseline),
  ];
}

async function deviceLicenseScenarios(client: Client): Promise<Line[]> {
  say(`\n2. device licenses (${fmt(LICENSES)}), pages of 50 newest first, with their activations and usage`);
  const baseline = await timeBaseline('device_licenses');
  const deep = await sql<{ key: string; id: string }>`
    select created_at::text as key, id from device_licenses order by created_at desc, id desc offset ${Math.floor(LICENSES * 0.9)} limit 1`.execute(db);
  const cursor = encodeCursor('-createdAt', deep.rows[0]!.key, deep.rows[0]!.id);
  const someId = deep.rows[0]!.id;
  return [
    await measure(client, 'device licenses: first page', '/v1/device-licenses?limit=50', baseline),
    await measure(client, 'device licenses: page 90% deep by cursor', `/v1/device-licenses?limit=50&after=${cursor}`, baseline),
    await measure(client, 'device licenses: search by id prefix', `/v1/device-licenses?limit=50&q=${someId.slice(0, 3)}`, baseline),
    await measure(client, "device licenses: one customer's, with total", '/v1/customers/cust-000042/device-licenses?limit=50', baseline),
  ];
}

async function auditScenarios(client: Client): Promise<Line[]> {
  say(`\n3. the audit log (${fmt(AUDIT_EVENTS)} events), pages of 50 newest first, by each filter`);
  const baseline = await timeBaseline('audit_events');
  const deep = await sql<{ id: string }>`select id::text as id from audit_events order by id desc offset ${Math.floor(AUDIT_EVENTS * 0.9)} limit 1`.execute(db);
  const cursor = encodeCursor('-id', deep.rows[0]!.id, deep.rows[0]!.id);
  return [
    await measure(client, 'audit: first page', '/v1/audit?limit=50', baseline),
    await measure(client, 'audit: page 90% deep by cursor', `/v1/audit?limit=50&after=${cursor}`, baseline),
    await measure(client, 'audit: one object type', '/v1/audit?limit=50&objectType=order', baseline),
    await measure(client, 'audit: one object type 90% deep', `/v1/audit?limit=50&objectType=order&after=${cursor}`, baseline),
    await measure(client, 'audit: one object', '/v1/audit?limit=50&objectType=site&objectId=object-4201', baseline),
    await measure(client, 'audit: one actor', '/v1/audit?limit=50&actor=admin%3Aadmin-7', baseline),
    await measure(client, 'audit: one action', '/v1/audit?limit=50&action=olf.action-3', baseline),
    await measure(client, 'audit: search by object id prefix', '/v1/audit?limit=50&q=object-1999', baseline),
  ];
}
