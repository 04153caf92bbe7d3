import { createHash, randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { generateLicenseKey, type Random } from '@airlock/core';
import type { Clock } from '@airlock/core/internal';
import { createTestAuthority } from '@airlock/core/testing';
import { createTimedClient, percentile } from '@airlock/http/testing';
import { CompiledQuery, createQueryId, sql, type Kysely, type RootOperationNode } from 'kysely';
import { createApp } from '../src/app.ts';
import type { Database } from '../src/db/schema.ts';
import type { AuthorityDeps } from '../src/deps.ts';
import { createApiToken } from '../src/features/accounts/api-tokens.ts';
import { hashLicenseKey, licenseKeyHint } from '../src/features/devices/device-credentials.ts';
import { activationRequest, testDevice } from '../src/features/devices/testing/device-fixtures.ts';
import { createAuthenticator } from '../src/http/authenticate.ts';
import { encodeCursor } from '../src/http/paging.ts';
import { inMemoryAuthorityKeys } from '../src/keys/authority-keys.ts';
import { openBenchStore } from './bench-store.ts';
import { fmt, printTable, say, type Line } from './bench-report.ts';

/**
 * The authority at scale, a scenario of `npm run bench`: 100,000 customers, 1,000,000 device
 * licenses (60 % of those without meters with one device already active) and 10,000,000 audit
 * events, seeded in bulk by `generate_series` inserts on the schema the authority's own
 * migrations made (not measured; the seed time is printed), then measured over HTTP on a
 * loopback listen with keep-alive, one request at a time:
 * - online device activation (`POST /v1/devices/activate`, as the SDK sends it) of seeded
 *   licenses by their license key, each a new device on a license of its own, p50 and p99;
 * - console list pages, p50 and p99: a large and a small customer's device licenses
 *   (`GET /v1/device-licenses?customerId=…`, first page and a page 90 % deep by its cursor), and
 *   the audit log (first page, a page 90 % deep, one license's history).
 * Beside each, the raw baseline measured in the same run: one row by primary key
 * (`select * … where id = $1`) through the same pg pool. The ratio is what to compare between
 * runs on a shared machine; the targets are absolute (see TARGETS). After each, one more such
 * request runs with its statements captured, and each is EXPLAINed on the seeded data: a
 * sequential scan of a large table is printed (a missing index shows there before it shows in
 * the figures).
 *
 * It needs PostgreSQL (AIRLOCK_BENCH_POSTGRES_URL, else AIRLOCK_TEST_POSTGRES_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres) and makes a database of its own, dropped at the
 * end. `AIRLOCK_SCALE` scales the three sizes (0.01 for a quick run); `AIRLOCK_BENCH_ACTIVATIONS`
 * and `AIRLOCK_BENCH_ROUNDS` set how many activations and requests of each list page are timed.
 */
const NOW = new Date('2026-11-23T10:00:00Z');
const SCALE = Number(process.env.AIRLOCK_SCALE ?? 1);
const CUSTOMERS = Math.max(20, Math.round(100_000 * SCALE));
const LICENSES = Math.max(1_000, Math.round(1_000_000 * SCALE));
const AUDIT_EVENTS = Math.max(10_000, Math.round(10_000_000 * SCALE));
const ACTIVATIONS = Math.min(Number(process.env.AIRLOCK_BENCH_ACTIVATIONS ?? 500), Math.floor(LICENSES / 4));
const ROUNDS = Number(process.env.AIRLOCK_BENCH_ROUNDS ?? 200);
const WARMUP = 20;
/** A table with more rows than this is large: a sequential scan of it is reported. */
const LARGE_TABLE_ROWS = 5_000;
/** The customers that hold 10 % of the licenses between them (the rest spread evenly): one of them is the large customer. */
const LARGE_CUSTOMERS = 10;

/**
 * Activation: a device waits on it once, at install, across the internet; 20 ms p99 at the
 * authority leaves the wide-area round trips to dominate, and is what one sign, one decrypt and
 * a dozen indexed statements in one transaction cost with room for a commit on a shared disk.
 * A console page makes one or two of these calls: 50 ms p99 keeps a page under 100 ms; a page
 * is read by its index whatever the table's size, so this holds at any scale.
 */
const TARGETS = { activationP50: 10, activationP99: 20, listP99: 50 };

interface Timing {
  readonly p50: number;
  readonly p99: number;
}

const clock: Clock = { now: () => new Date(NOW) };
const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };
const ms = (value: number) => `${fmt(value, 2)} ms`;
const load = () =>
  `load average ${loadavg()
    .map((value) => fmt(value, 2))
    .join(', ')} on ${availableParallelism()} cores`;
const timing = (samples: readonly number[]): Timing => ({ p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) });
/** The id the seed gives license `n`: what PostgreSQL's `md5('license-' || n)::uuid::text` spells. */
const licenseId = (n: number) => {
  const hex = createHash('md5').update(`license-${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
const customerId = (n: number) => `cust-${String(n).padStart(6, '0')}`;

const startedAt = performance.now();
const store = await openBenchStore(process.env);
if (!store.isPostgres) {
  say(`\nScale scenario skipped: it needs PostgreSQL (${store.label.replace(/; these figures are from PGlite$/, '')}).`);
  await store.dispose();
  process.exit(0);
}
say(
  `\nThe authority at scale on ${store.label}\n` +
    `(${fmt(CUSTOMERS)} customers, ${fmt(LICENSES)} device licenses, ${fmt(AUDIT_EVENTS)} audit events; AIRLOCK_SCALE=${SCALE}; ${load()})`,
);
const authority = await createTestAuthority('authority', new Date('2026-01-01T00:00:00Z'));
const keys = inMemoryAuthorityKeys({
  root: authority.root,
  signer: authority.signer,
  encryptionKey: authority.encryptionKey,
  encryptionCertificate: authority.encryptionCertificate,
});
const { db } = store.database;
/** The statements the app runs while a plan check captures them (see `planCheck`); null: none is. */
let captured: RootOperationNode[] | null = null;
const appDb = db.withPlugin({
  transformQuery: ({ node }) => {
    captured?.push(node);
    return node;
  },
  transformResult: async ({ result }) => Promise.resolve(result),
});
const deps: AuthorityDeps = { db: appDb, clock, random, keys, authenticate: createAuthenticator(appDb, clock) };
const scans: string[] = [];
// The loopback is a trusted proxy here, so each simulated device comes from an address of its own (X-Forwarded-For).
const app = await createApp(deps, { trustProxy: ['loopback'] });

type Client = ReturnType<typeof createTimedClient>;

try {
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const { token } = await createApiToken(
    db,
    { name: 'bench', scopes: ['customers:read', 'customers:write', 'licenses:read', 'licenses:write', 'catalogue:write', 'audit:read'] },
    { actor: 'admin:bench', now: NOW, random, principal: { kind: 'admin', id: 'bench' } },
  );
  const client = createTimedClient(url, { authorization: `Bearer ${token}` });
  const devices = await seed(client);
  const lines = [...(await activationScenario(client, devices)), ...(await licenseListScenarios(client)), ...(await auditScenarios(client))];
  client.close();
  printTable(lines, 'authority (HTTP)');
  say(
    scans.length === 0
      ? `\nEXPLAIN of every statement of each measured request: no sequential scan of a table of more than ${fmt(LARGE_TABLE_ROWS)} rows.`
      : `\nEXPLAIN found sequential scans of large tables:\n${scans.map((scan) => `   ${scan}`).join('\n')}`,
  );
} finally {
  await app.close();
  await store.dispose();
}
say(`\n(${load()} at the end; whole run ${fmt((performance.now() - startedAt) / 1000, 1)} s)`);

/** A prepared activation: the request a new device sends for a seeded license, made before the clock starts. */
interface DeviceActivation {
  readonly licenseId: string;
  readonly request: string;
}

/**
 * Templates by the API (policies, products, three licenses, one device activated online), then
 * the bulk rows copied from them by `generate_series`, real license keys for the licenses the
 * activations will use, and `analyze`. Answers the prepared activations.
 */
async function seed(client: Client): Promise<DeviceActivation[]> {
  say(`\nSeeding (not measured)`);
  const seedStart = performance.now();
  const must = async (path: string, body: unknown, extra: Record<string, string> = {}) => {
    const answer = await client.send('POST', path, body, extra);
    if (answer.status >= 300) throw new Error(`POST ${path} answered ${answer.status}: ${answer.body}`);
    return JSON.parse(answer.body) as { id: string; licenseKey?: string; activationId?: string };
  };
  await must('/v1/policies', { id: 'standard', name: 'Standard', kind: 'term', allowOffline: true, maxActivations: 3 });
  await must('/v1/policies', { id: 'subscription', name: 'Subscription', kind: 'subscription', allowOffline: true, maxActivations: 2 });
  await must('/v1/policies', { id: 'perpetual', name: 'Perpetual', kind: 'permanent', allowOffline: true, maxActivations: null });
  await must('/v1/products', { id: 'studio', name: 'Studio' });
  await must('/v1/products', { id: 'viewer', name: 'Viewer' });
  await must('/v1/customers', { id: 'template', name: 'Template', contactEmail: 'it@template.example', accountEndsOn: '2028-12-31', policyId: 'standard' });
  const metadata = [{ name: 'sku', value: 'STU-PRO-1Y' }];
  const templates = [
    await must('/v1/device-licenses', {
      productId: 'studio',
      customerId: 'template',
      credential: 'license-key',
      expiresAt: '2027-11-23T00:00:00Z',
      entitlements: { features: ['export', 'render', 'plugins'], meters: [] },
      metadata,
    }),
    await must('/v1/device-licenses', {
      productId: 'studio',
      customerId: 'template',
      policyId: 'subscription',
      credential: 'license-key',
      expiresAt: '2027-11-23T00:00:00Z',
      entitlements: { features: ['export'], meters: [{ meter: 'renders', limit: 1000 }] },
      metadata: [{ name: 'sku', value: 'STU-SUB-M' }],
    }),
    await must('/v1/device-licenses', {
      productId: 'viewer',
      customerId: 'template',
      policyId: 'perpetual',
      credential: 'license-key',
      overrides: { allowVirtualMachines: false },
      entitlements: { features: ['view'], meters: [] },
      metadata: [{ name: 'sku', value: 'VIEW-PERM' }],
    }),
  ];
  const device = testDevice('scale-template');
  const templateRequest = await activationRequest(
    authority,
    device,
    { method: 'license-key', licenseKey: templates[0]!.licenseKey! },
    { now: NOW, random },
    { environment: { virtualMachine: false, container: false } },
  );
  const templateActivation = await must('/v1/devices/activate', { request: templateRequest }, { 'x-forwarded-for': '198.18.255.1' });
  const [a, b, c] = templates.map((template) => template.id) as [string, string, string];

  await db.connection().execute(async (conn) => {
    await sql`set maintenance_work_mem = '512MB'`.execute(conn);
    await timed(`${fmt(CUSTOMERS)} customers`, () => seedCustomers(conn));
    await timed(`${fmt(LICENSES)} device licenses`, () => withoutIndexes(conn, 'device_licenses', () => seedLicenses(conn, [a, b, c])));
    await timed(`their activations and license files`, () =>
      withoutIndexes(conn, 'device_activations', () =>
        withoutIndexes(conn, 'device_license_files', () => seedActivations(conn, templateActivation.activationId!)),
      ),
    );
    await timed(`${fmt(AUDIT_EVENTS)} audit events`, () => withoutIndexes(conn, 'audit_events', () => seedAudit(conn)));
    await sql`reset maintenance_work_mem`.execute(conn);
  });
  const devices = await timed(`${fmt(ACTIVATIONS + WARMUP)} license keys and activation requests`, () => prepareActivations());
  await timed('analyze', () => sql`analyze`.execute(db));
  const size = await sql<{ size: string }>`select pg_size_pretty(pg_database_size(current_database())) as size`.execute(db);
  say(`   seeded in ${fmt((performance.now() - seedStart) / 1000, 1)} s (database ${size.rows[0]!.size})`);
  return devices;
}

async function timed<T>(what: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await step();
  say(`   ${what}: ${fmt((performance.now() - started) / 1000, 1)} s`);
  return result;
}

/**
 * Drops the table's indexes that no constraint owns, runs the bulk insert, and creates them
 * again from their own definitions: the schema ends as the migrations made it, built the way a
 * bulk load builds it faster than row by row.
 */
async function withoutIndexes(conn: Kysely<Database>, table: string, insert: () => Promise<void>): Promise<void> {
  const { rows } = await sql<{ name: string; definition: string }>`
    select indexname as name, indexdef as definition from pg_indexes
    where schemaname = current_schema() and tablename = ${table}
      and indexname not in (select conname from pg_constraint where conrelid = ${table}::regclass)`.execute(conn);
  for (const { name } of rows) await sql`drop index ${sql.id(name)}`.execute(conn);
  await insert();
  for (const { definition } of rows) await sql.raw(definition).execute(conn);
}

/**
 * Copies the template row `where` names `count` times by `generate_series` (`n` from 1),
 * every column as the template has it but those `replace` gives as SQL over `n` and `t`
 * (the template): the copies keep up with the schema as migrations add columns.
 */
async function copyRows(conn: Kysely<Database>, table: string, where: string, count: number, replace: Record<string, string>, filter = 'true'): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(conn);
  const columns = rows.map((row) => row.name).filter((name) => !(name === 'id' && table === 'audit_events'));
  for (const name of Object.keys(replace)) if (!columns.includes(name)) throw new Error(`${table} has no column ${name}`);
  const values = columns.map((name) => replace[name] ?? `t.${name}`);
  await sql
    .raw(
      `insert into ${table} (${columns.join(', ')})
       select ${values.join(', ')}
       from generate_series(1::bigint, ${count}::bigint) as n, ${table} as t
       where ${where} and (${filter})`,
    )
    .execute(conn);
}

/** Spread over three years before now, named by many companies. */
async function seedCustomers(conn: Kysely<Database>): Promise<void> {
  await sql`
    insert into customers (id, name, contact_email, account_ends_on, policy_id, created_at)
    select 'cust-' || lpad(n::text, 6, '0'),
           (array['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka', 'Tyrell', 'Cyberdyne'])[1 + n % 10] || ' ' ||
             (array['GmbH', 'Inc.', 'Ltd', 'SA', 'AB', 'BV', 'KK'])[1 + n % 7] || ' ' || n,
           'licensing@cust-' || n || '.example',
           date '2027-01-01' + (n % 730)::int,
           (array['standard', 'subscription', 'perpetual'])[1 + n % 3],
           ${NOW.toISOString()}::timestamptz - interval '3 years' + (n - 1) * (interval '3 years' / ${CUSTOMERS}::int)
    from generate_series(1::bigint, ${CUSTOMERS}::bigint) as n`.execute(conn);
}

/**
 * License `n` copies template `n % 3` (a term license with features, a subscription with a
 * metered allotment, a perpetual one for another product); it belongs to one of the
 * LARGE_CUSTOMERS when `n % 10 = 0`, else to a customer spread evenly; created over two years
 * before now; its key hash is a SHA-256 like any (the licenses the activations use get real keys later).
 */
async function seedLicenses(conn: Kysely<Database>, templates: readonly [string, string, string]): Promise<void> {
  const [a, b, c] = templates;
  const created = `(timestamptz '${NOW.toISOString()}' - interval '2 years' + (n - 1) * (interval '2 years' / ${LICENSES}))`;
  await copyRows(conn, 'device_licenses', `t.id = (array['${a}', '${b}', '${c}'])[1 + n % 3]`, LICENSES, {
    id: `md5('license-' || n)::uuid::text`,
    customer_id: `'cust-' || lpad((case when n % 10 = 0 then 1 + (n / 10) % ${LARGE_CUSTOMERS} else 1 + (n * 7919) % ${CUSTOMERS} end)::text, 6, '0')`,
    license_key_hash: `encode(sha256(convert_to('bench-license-key-' || n, 'UTF8')), 'hex')`,
    license_key_hint: `upper(substr(md5('hint-' || n), 1, 5))`,
    expires_at: `case when t.expires_at is null then null else ${created} + interval '1 year' * (1 + n % 4) end`,
    revision: `1 + (n % 7 = 0)::int`,
    metadata: `t.metadata || jsonb_build_array(jsonb_build_object('name', 'order', 'value', 'SO-' || (100000 + n)))`,
    created_at: created,
    updated_at: `${created} + (n % 7 = 0)::int * interval '30 days'`,
    created_by: `(array['admin:alice', 'admin:bob', 'token:crm-sync'])[1 + n % 3]`,
  });
}

/** One device active on 60 % of the licenses without meters (templates 0 and 2), each with the license file it was issued. */
async function seedActivations(conn: Kysely<Database>, templateActivationId: string): Promise<void> {
  const activated = `(timestamptz '${NOW.toISOString()}' - interval '2 years' + (n - 1) * (interval '2 years' / ${LICENSES}) + interval '1 day')`;
  const thumbprint = `replace(encode(sha256(convert_to('device-key-' || n, 'UTF8')), 'base64'), '/', '_')`;
  const filter = `n % 5 < 3 and n % 3 <> 1`;
  await copyRows(
    conn,
    'device_activations',
    `t.id = '${templateActivationId}'`,
    LICENSES,
    {
      id: `md5('activation-' || n)::uuid::text`,
      license_id: `md5('license-' || n)::uuid::text`,
      fingerprint: `'fp-' || md5('fingerprint-' || n)`,
      device_key_thumbprint: thumbprint,
      device_name: `(array['DESKTOP-', 'LAPTOP-', 'WS-', 'render-node-'])[1 + n % 4] || upper(substr(md5('host-' || n), 1, 7))`,
      channel: `(array['online', 'offline'])[1 + n % 2]`,
      license_file_id: `md5('file-' || n)::uuid::text`,
      activated_at: activated,
      activated_by: `'device:' || ${thumbprint}`,
      last_seen_at: `${activated} + (n % 300) * interval '1 day'`,
      last_online_at: `case when n % 2 = 0 then ${activated} + (n % 300) * interval '1 day' else null end`,
    },
    filter,
  );
  await copyRows(
    conn,
    'device_license_files',
    `t.activation_id = '${templateActivationId}'`,
    LICENSES,
    {
      id: `md5('file-' || n)::uuid::text`,
      activation_id: `md5('activation-' || n)::uuid::text`,
      license_id: `md5('license-' || n)::uuid::text`,
      issued_at: activated,
      issued_by: `'device:' || ${thumbprint}`,
    },
    filter,
  );
}

/**
 * Two years of the audit log, oldest first: three quarters what devices do on their licenses
 * (usage reports, refresh files, activations, deactivations), the rest the vendor's staff and
 * tokens at work on licenses, customers, orders and sites.
 */
async function seedAudit(conn: Kysely<Database>): Promise<void> {
  const actions = [
    ...Array<string>(8).fill('device.usage-report'),
    ...Array<string>(4).fill('device.refresh-file'),
    'device.activate',
    'device.reactivate',
    'device.deactivate',
    'device-license.create',
    'device-license.edit',
    'customer.update',
    'order.create',
    'site.register',
  ];
  const types = actions.map((action) => (action.startsWith('device') ? 'device-license' : action.split('.')[0]!));
  const list = (values: readonly string[]) => `array[${values.map((value) => `'${value}'`).join(', ')}]`;
  await sql
    .raw(
      `insert into audit_events (at, actor, action, object_type, object_id, before, after, request_id)
       select timestamptz '${NOW.toISOString()}' - interval '2 years' + (n - 1) * (interval '2 years' / ${AUDIT_EVENTS}),
              case when k < 15 then 'device:' || replace(encode(sha256(convert_to('device-key-' || m, 'UTF8')), 'base64'), '/', '_')
                   else (array['admin:alice', 'admin:bob', 'admin:carol', 'token:crm-sync'])[1 + n % 4] end,
              (${list(actions)})[1 + k],
              (${list(types)})[1 + k],
              case when k < 17 then md5('license-' || m)::uuid::text
                   when k = 17 then 'cust-' || lpad((1 + n % ${CUSTOMERS})::text, 6, '0')
                   else md5('object-' || n)::uuid::text end,
              case when k in (16, 17) then jsonb_build_object('revision', 1 + n % 5) else null end,
              case when k < 8 then jsonb_build_object('activationId', md5('activation-' || m)::uuid::text, 'sequence', n % 1000,
                                                      'consumption', jsonb_build_array(jsonb_build_object('meter', 'renders', 'amount', n % 17)))
                   when k < 15 then jsonb_build_object('activationId', md5('activation-' || m)::uuid::text, 'channel', 'online',
                                                       'licenseFileId', md5('file-' || n)::uuid::text, 'revision', 1)
                   else jsonb_build_object('revision', 2 + n % 5) end,
              md5('request-' || n)::uuid::text
       from generate_series(1::bigint, ${AUDIT_EVENTS}::bigint) as n,
            lateral (select (n % 20)::int as k, 1 + (n * 7919) % ${LICENSES} as m) as pick`,
    )
    .execute(conn);
}

/**
 * The licenses the activations use, spread over the whole table (old and new, every template)
 * and not expired: each gets a real license key (its SHA-256 stored, as the authority stores
 * one), and a new device's activation request for it is made now, before any clock runs.
 */
async function prepareActivations(): Promise<DeviceActivation[]> {
  // One more than timed: the plan check's.
  const wanted = ACTIVATIONS + WARMUP + 1;
  const step = LICENSES / (wanted * 2);
  const ids = Array.from({ length: wanted * 2 }, (_, i) => licenseId(1 + Math.floor(i * step + (i % 7) * (step / 7))));
  const usable = await db
    .selectFrom('device_licenses')
    .select(['id', 'product_id'])
    .where('id', 'in', ids)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date(NOW.getTime() + 86_400_000))]))
    .execute();
  // By id (an MD5): old and new licenses and every template in a shuffled order.
  const chosen = usable.sort((x, y) => x.id.localeCompare(y.id)).slice(0, wanted);
  if (chosen.length < wanted) throw new Error(`only ${chosen.length} of ${wanted} sampled licenses can be activated`);
  const keyed = chosen.map((row) => ({ ...row, key: generateLicenseKey(random) }));
  await sql`
    update device_licenses as d set license_key_hash = v.hash, license_key_hint = v.hint
    from (values ${sql.join(keyed.map(({ id, key }) => sql`(${id}, ${hashLicenseKey(key)}, ${licenseKeyHint(key)})`))}) as v (id, hash, hint)
    where d.id = v.id`.execute(db);
  return Promise.all(
    keyed.map(async ({ id, product_id, key }, index) => ({
      licenseId: id,
      request: await activationRequest(
        authority,
        testDevice(`scale-${index}`),
        { method: 'license-key', licenseKey: key },
        { now: NOW, random },
        {
          product: product_id,
          environment: { virtualMachine: false, container: false },
        },
      ),
    })),
  );
}

/**
 * Runs `request` once with the app's statements captured, and EXPLAINs each (without running
 * it) on the seeded data; reports every sequential scan of a large table, with its statement.
 */
async function planCheck(what: string, request: () => Promise<void>): Promise<void> {
  captured = [];
  let nodes: RootOperationNode[];
  try {
    await request();
  } finally {
    nodes = captured;
    captured = null;
  }
  const large = await sql<{ name: string }>`
    select relname as name from pg_class where relkind = 'r' and relnamespace = current_schema()::regnamespace and reltuples > ${LARGE_TABLE_ROWS}`.execute(db);
  const largeTables = new Set(large.rows.map((row) => row.name));
  const found: string[] = [];
  let explained = 0;
  for (const node of nodes) {
    const compiled = db.getExecutor().compileQuery(node, createQueryId());
    if (!/^\s*(select|insert|update|delete|with)\b/i.test(compiled.sql)) continue;
    const { rows } = await db.executeQuery<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]),
    );
    explained += 1;
    const walk = (plan: PlanNode): void => {
      if (plan['Node Type'] === 'Seq Scan' && largeTables.has(plan['Relation Name'] ?? '')) {
        found.push(`${what}: Seq Scan on ${plan['Relation Name']} in ${compiled.sql.replace(/\s+/g, ' ').slice(0, 160)}`);
      }
      for (const child of plan.Plans ?? []) walk(child);
    };
    walk(rows[0]!['QUERY PLAN'][0]!.Plan);
  }
  scans.push(...found);
  say(
    `     EXPLAIN of its ${explained} statements: ${found.length === 0 ? 'no sequential scan of a large table' : `${found.length} sequential scans of a large table`}`,
  );
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

/**
 * This process's CPU time (the authority and the client together, not PostgreSQL's) per
 * request since `since`: on a shared machine, what the request would take with a core to itself.
 */
function cpuEach(since: NodeJS.CpuUsage, requests: number): string {
  const { user, system } = process.cpuUsage(since);
  return ms((user + system) / 1000 / requests);
}

/** p50 and p99 of one row by primary key through the app's pg pool, `count` times over `ids`. */
async function primaryKeyLookup(table: 'device_licenses' | 'audit_events', ids: readonly string[], count: number): Promise<Timing> {
  const samples: number[] = [];
  for (let round = 0; round < WARMUP + count; round++) {
    const id = ids[round % ids.length]!;
    const started = performance.now();
    const found = await sql`select * from ${sql.table(table)} where id = ${id}`.execute(db);
    if (round >= WARMUP) samples.push(performance.now() - started);
    if (found.rows.length !== 1) throw new Error(`no ${table} row has id ${id}`);
  }
  return timing(samples);
}

async function activationScenario(client: Client, devices: readonly DeviceActivation[]): Promise<Line[]> {
  say(`\n1. online activation: POST /v1/devices/activate, ${fmt(ACTIVATIONS)} new devices each on a seeded license of its own (after ${WARMUP} warm-up)`);
  const baseline = await primaryKeyLookup(
    'device_licenses',
    devices.map((device) => device.licenseId),
    ACTIVATIONS,
  );
  say(`   baseline select * from device_licenses where id = $1: p50 ${ms(baseline.p50)}, p99 ${ms(baseline.p99)}`);
  const activate = async (device: DeviceActivation, index: number) => {
    // Each device from an address of its own (198.18.0.0/15, for benchmarks), as a million devices would be.
    const address = `198.18.${Math.floor(index / 250)}.${1 + (index % 250)}`;
    const answer = await client.send('POST', '/v1/devices/activate', { request: device.request }, { 'x-forwarded-for': address });
    if (answer.status !== 201) throw new Error(`activation ${index} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    if ((JSON.parse(answer.body) as { licenseId: string }).licenseId !== device.licenseId) throw new Error(`activation ${index} activated another license`);
    return answer.ms;
  };
  const samples: number[] = [];
  const timed = devices.slice(0, -1);
  let cpu = process.cpuUsage();
  for (const [index, device] of timed.entries()) {
    if (index === WARMUP) cpu = process.cpuUsage();
    const took = await activate(device, index);
    if (index >= WARMUP) samples.push(took);
  }
  const figure = timing(samples);
  say(
    `   activation: p50 ${ms(figure.p50)}, p99 ${ms(figure.p99)}, max ${ms(Math.max(...samples))}; ${cpuEach(cpu, samples.length)} of this process's CPU each`,
  );
  await planCheck('activation', async () => {
    await activate(devices.at(-1)!, timed.length);
  });
  return [
    {
      scenario: '1 activation p50',
      figure: ms(figure.p50),
      baseline: `${ms(baseline.p50)} PK lookup`,
      ratio: `${fmt(figure.p50 / baseline.p50, 1)}×`,
      target: `≤ ${TARGETS.activationP50} ms ${figure.p50 <= TARGETS.activationP50 ? 'met' : 'MISSED'}`,
    },
    {
      scenario: '1 activation p99',
      figure: ms(figure.p99),
      baseline: `${ms(baseline.p99)} PK lookup`,
      ratio: `${fmt(figure.p99 / baseline.p99, 1)}×`,
      target: `≤ ${TARGETS.activationP99} ms ${figure.p99 <= TARGETS.activationP99 ? 'met' : 'MISSED'}`,
    },
  ];
}

/** p50 and p99 of ROUNDS requests of a list page, after a warm-up; refuses anything but a 200 with a full page. */
async function listPage(client: Client, scenario: string, path: string, baseline: Timing): Promise<Line> {
  const samples: number[] = [];
  let items = 0;
  let cpu = process.cpuUsage();
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    if (round === WARMUP) cpu = process.cpuUsage();
    const answer = await client.send('GET', path);
    if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    if (round >= WARMUP) samples.push(answer.ms);
    items = (JSON.parse(answer.body) as { items: unknown[] }).items.length;
  }
  if (items === 0) throw new Error(`GET ${path} answered an empty page`);
  const figure = timing(samples);
  say(
    `   ${scenario}: GET ${path.length > 100 ? `${path.slice(0, 100)}…` : path} → ${items} items, p50 ${ms(figure.p50)}, p99 ${ms(figure.p99)}; ${cpuEach(cpu, ROUNDS)} CPU each`,
  );
  await planCheck(scenario, async () => {
    await client.send('GET', path);
  });
  return {
    scenario: `${scenario} p99`,
    figure: ms(figure.p99),
    baseline: `${ms(baseline.p99)} PK lookup`,
    ratio: `${fmt(figure.p99 / baseline.p99, 1)}×`,
    target: `≤ ${TARGETS.listP99} ms ${figure.p99 <= TARGETS.listP99 ? 'met' : 'MISSED'}`,
  };
}

async function licenseListScenarios(client: Client): Promise<Line[]> {
  const large = customerId(1);
  const small = customerId(Math.min(CUSTOMERS, LARGE_CUSTOMERS + 4_242));
  const count = async (customer: string) =>
    Number(
      (
        await db
          .selectFrom('device_licenses')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('customer_id', '=', customer)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const [largeCount, smallCount] = [await count(large), await count(small)];
  say(
    `\n2. console: a customer's device licenses, pages of 50 newest first with their activations (${large}: ${fmt(largeCount)}, ${small}: ${fmt(smallCount)})`,
  );
  const sampleIds = await sql<{ id: string }>`select id from device_licenses where customer_id = ${large} limit 100`.execute(db);
  const baseline = await primaryKeyLookup(
    'device_licenses',
    sampleIds.rows.map((row) => row.id),
    ROUNDS,
  );
  say(`   baseline select * from device_licenses where id = $1: p50 ${ms(baseline.p50)}, p99 ${ms(baseline.p99)}`);
  const deep = await sql<{ key: string; id: string }>`
    select created_at::text as key, id from device_licenses where customer_id = ${large}
    order by created_at desc, id desc offset ${Math.floor(largeCount * 0.9)} limit 1`.execute(db);
  const cursor = encodeCursor('-createdAt', deep.rows[0]!.key, deep.rows[0]!.id);
  return [
    await listPage(client, `2 licenses of ${large}, first page`, `/v1/device-licenses?customerId=${large}&limit=50`, baseline),
    await listPage(client, `2 licenses of ${large}, 90 % deep`, `/v1/device-licenses?customerId=${large}&limit=50&after=${cursor}`, baseline),
    await listPage(client, `2 licenses of ${small}`, `/v1/device-licenses?customerId=${small}&limit=50`, baseline),
  ];
}

async function auditScenarios(client: Client): Promise<Line[]> {
  const { rows } = await sql<{ low: string; high: string }>`select min(id)::text as low, max(id)::text as high from audit_events`.execute(db);
  const [low, high] = [Number(rows[0]!.low), Number(rows[0]!.high)];
  say(`\n3. console: the audit log (${fmt(high - low + 1)} events), pages of 50 newest first`);
  const ids = Array.from({ length: 100 }, (_, i) => String(low + Math.floor(((high - low) * (i + 0.5)) / 100)));
  const baseline = await primaryKeyLookup('audit_events', ids, ROUNDS);
  say(`   baseline select * from audit_events where id = $1: p50 ${ms(baseline.p50)}, p99 ${ms(baseline.p99)}`);
  const deepId = String(low + Math.floor((high - low) * 0.1));
  const license = licenseId(1 + (((LICENSES - 7) * 7919) % LICENSES));
  return [
    await listPage(client, '3 audit log, first page', '/v1/audit?limit=50', baseline),
    await listPage(client, '3 audit log, 90 % deep', `/v1/audit?limit=50&after=${encodeCursor('-id', deepId, deepId)}`, baseline),
    await listPage(client, "3 one license's history", `/v1/audit?limit=50&objectType=device-license&objectId=${license}`, baseline),
  ];
}
