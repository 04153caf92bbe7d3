import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { admin } from './harness.ts';

/**
 * Webhooks across processes: the authority (test/replica/serve.ts, the app with webhooks on, on
 * the embedded store) and a receiver (test/webhooks/receiver-process.ts), each a process of its
 * own. The receiver is down while the first events are made, then comes up; the authority is
 * killed with SIGKILL while it is sending the next ones, and started again on the same data.
 * Every event must reach the receiver at least once, signed, under its one event id. The
 * authority's retry and poll timings are shortened (AIRLOCK_WEBHOOK_*), so it all takes seconds.
 */
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serve = fileURLToPath(new URL('./replica/serve.ts', import.meta.url));
const receiverScript = fileURLToPath(new URL('./webhooks/receiver-process.ts', import.meta.url));

interface Running {
  readonly process: ChildProcess;
  readonly port: number;
  readonly exited: Promise<void>;
}

function start(script: string, env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--conditions=airlock-source', '--import', 'tsx', script], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => candidate.startsWith('{"port"'));
      if (line) resolve({ process: child, port: (JSON.parse(line) as { port: number }).port, exited });
    });
    void exited.then(() => reject(new Error(`${script} exited before listening:\n${errors}`)));
  });
}

async function kill(running: Running | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!running || running.process.exitCode !== null || running.process.signalCode !== null) return;
  running.process.kill(signal);
  await running.exited;
}

/** A port free now, for the receiver that starts later. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface Line {
  readonly eventId: string;
  readonly bodyId: string;
  readonly type: string;
  readonly objectId: string;
  readonly verified: boolean;
}

async function received(log: string): Promise<Line[]> {
  const text = await readFile(log, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Line);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('webhooks between processes', () => {
  const processes: Running[] = [];
  let dir: string | undefined;
  afterEach(async () => {
    for (const running of processes) await kill(running, 'SIGKILL');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('delivers every event at least once through a receiver outage and an authority killed mid-send', async () => {
    dir = await mkdtemp(join(tmpdir(), 'airlock-webhooks-e2e-'));
    const log = join(dir, 'received.jsonl');
    await writeFile(log, '');
    const authorityEnv = {
      AIRLOCK_DATA_DIR: join(dir, 'authority'),
      AIRLOCK_WEBHOOK_POLL_MS: '100',
      AIRLOCK_WEBHOOK_RETRY_BASE_MS: '100',
      AIRLOCK_WEBHOOK_TIMEOUT_MS: '1000',
    };
    let authority = await start(serve, authorityEnv);
    processes.push(authority);
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`http://127.0.0.1:${authority.port}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-test-principal': JSON.stringify(admin) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    const receiverPort = await freePort();
    const created = await call('POST', '/v1/webhooks', { url: `http://127.0.0.1:${receiverPort}/hooks`, events: ['product.*'] });
    expect(created.status).toBe(201);
    const { secret } = created.json as { secret: string };

    // The receiver is down: these wait in the outbox, retried.
    const made: string[] = [];
    const makeProducts = async (from: number, count: number) => {
      for (let n = from; n < from + count; n++) {
        const id = `product-${n}`;
        expect((await call('POST', '/v1/products', { id, name: `Product ${n}` })).status).toBe(201);
        made.push(id);
      }
    };
    await makeProducts(0, 10);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await received(log)).toEqual([]);

    const receiver = await start(receiverScript, { PORT: String(receiverPort), SECRET: secret, LOG: log, DELAY_MS: '150' });
    processes.push(receiver);
    await waitFor('the events made while the receiver was down', async () => new Set((await received(log)).map((line) => line.objectId)).size === 10);

    // Killed while sending: the receiver answers slowly, so POSTs are under way.
    await makeProducts(10, 15);
    await waitFor('the next events to start arriving', async () => (await received(log)).some((line) => line.objectId === 'product-10'));
    await kill(authority, 'SIGKILL');
    authority = await start(serve, authorityEnv);
    processes.push(authority);
    await waitFor('every event, after the restart', async () => new Set((await received(log)).map((line) => line.objectId)).size === made.length);

    const lines = await received(log);
    expect([...new Set(lines.map((line) => line.objectId))].sort()).toEqual([...made].sort());
    expect(lines.every((line) => line.verified && line.type === 'product.create' && line.eventId === line.bodyId)).toBe(true);
    // Copies of one event share its id: one id per product, whatever was sent twice.
    const idsPerObject = new Map<string, Set<string>>();
    for (const line of lines) idsPerObject.set(line.objectId, (idsPerObject.get(line.objectId) ?? new Set()).add(line.eventId));
    expect([...idsPerObject.values()].every((ids) => ids.size === 1)).toBe(true);
    // The authority's own log agrees: every delivery delivered.
    const [hook] = (await call('GET', '/v1/webhooks')).json as unknown as { id: string }[];
    const deliveries = (await call('GET', `/v1/webhooks/${hook!.id}/deliveries?limit=200`)).json as unknown as { status: string }[];
    await waitFor('the authority to mark every delivery', async () => {
      const now = (await call('GET', `/v1/webhooks/${hook!.id}/deliveries?limit=200`)).json as unknown as { status: string }[];
      return now.length === made.length && now.every((delivery) => delivery.status === 'delivered');
    });
    expect(deliveries).toHaveLength(made.length);
  }, 90_000);
});
