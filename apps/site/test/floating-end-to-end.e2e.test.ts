import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initSite, openLedger, systemRandom } from '../src/index.ts';
import { seat, START, TestAuthorityDesk, TestClock } from '../src/testing/site-fixtures.ts';
import { HttpCaller, operatorHeaders, type Json } from './support/http-caller.ts';
import { freePort, REPOSITORY_ROOT, startSiteProcess, STARTUP_TIMEOUT_MS, type SiteProcess } from './support/processes.ts';
import { applicationHeaders } from './support/site-access.ts';

/**
 * Floating seats end to end (docs/floating.md): a real site process lends SEATS seats of a type
 * to PROCESSES × DEVICES simulated applications (`support/floating-clients.ts`), each process a
 * real child the test can kill, stop and cut off the network. The site and the clients read
 * one test clock file: a lease's period passes when the test moves the clock, never by
 * sleeping, and the clients heartbeat each time it moves; the site culls every CULL_MS.
 * The test waits for conditions (with generous timeouts), never for a length of time.
 */
const SEATS = 50;
const PROCESSES = 4;
const DEVICES = 50;
const TYPE = 'floating-designer';
const TTL_SECONDS = 60;
/** A move of the clock: shorter than a lease period, so that a lease that heartbeats after each move never ends. */
const STEP_SECONDS = 20;
const CULL_MS = 200;
const PASSPHRASE = 'the floating end-to-end site passphrase';
/** Long enough for any condition on a loaded machine; reached only when something is wrong. */
const CONDITION_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 120_000;

/** Whether this machine lets a process run with no network at all (`unshare -n`: root, or user namespaces). */
const canCutNetwork = (() => {
  try {
    execFileSync('unshare', ['-n', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

type ClientEvent = Json & { readonly process: string; readonly e: string };

/** A process of simulated applications, steered on its stdin, its events read from its stdout. */
class ClientProcess {
  readonly events: ClientEvent[] = [];
  readonly exited: Promise<void>;
  private readonly waiters = new Set<() => void>();
  private errors = '';

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      this.events.push(JSON.parse(line) as ClientEvent);
      for (const wake of [...this.waiters]) wake();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.errors += chunk.toString();
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  send(command: Json): void {
    this.child.stdin!.write(`${JSON.stringify(command)}\n`);
  }

  /** The first event from `from` on that matches, once it comes. */
  async next(match: (event: ClientEvent) => boolean, what: string, from = 0): Promise<ClientEvent> {
    const deadline = Date.now() + CONDITION_TIMEOUT_MS;
    for (;;) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`${this.name}: no ${what} within ${CONDITION_TIMEOUT_MS} ms; stderr:\n${this.errors}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 1_000);
        this.waiters.add(wake);
      });
    }
  }

  /** Sends a command and waits for the event that answers it. */
  async ask(command: Json, answer: string): Promise<ClientEvent> {
    const from = this.events.length;
    this.send(command);
    return this.next((event) => event.e === answer, answer, from);
  }

  /** The leases it holds as its events tell: granted, and neither being released nor lost. */
  held(): Set<string> {
    const held = new Set<string>();
    for (const event of this.events) {
      if (event.e === 'granted') held.add(event.leaseId as string);
      else if (event.e === 'releasing' || event.e === 'lost') held.delete(event.leaseId as string);
    }
    return held;
  }

  count(kind: string): number {
    return this.events.filter((event) => event.e === kind).length;
  }

  /** Events no run should see: a refusal with a code other than the pool being full. */
  unexpected(): ClientEvent[] {
    return this.events.filter((event) => event.e === 'refused');
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}

interface LeaseView {
  readonly leaseId: string;
  readonly kind: 'lease' | 'borrow';
  readonly fingerprint: string;
  readonly since: string;
  readonly expiresAt: string;
}

interface FloatingView {
  readonly types: { readonly type: string; readonly limit: number; readonly leased: number; readonly borrowed: number; readonly used: number }[];
  readonly leases: LeaseView[];
  readonly days: { readonly type: string; readonly days: { readonly peak: number }[] }[];
}

describe('floating seats end to end: a real site, hundreds of simulated applications, kills, a partition and a borrow offline', () => {
  let root = '';
  let clockFile = '';
  let clock = START.getTime();
  let siteEnv: Record<string, string> = {};
  let site: SiteProcess | undefined;
  let operator: HttpCaller;
  let appKey = '';
  let rootKey = '';
  const clients: ClientProcess[] = [];
  /** Processes that no longer heartbeat: killed, stopped, or gone. */
  const silent = new Set<ClientProcess>();

  const live = () => clients.filter((client) => !silent.has(client));

  async function startSite(): Promise<void> {
    site = await startSiteProcess(siteEnv);
    operator = new HttpCaller(site.url, await operatorHeaders(siteEnv.AIRLOCK_SITE_DATA_DIR!));
  }

  async function expectOk<T = Json>(answer: Promise<{ status: number; body: unknown }>): Promise<T> {
    const { status, body } = await answer;
    expect(status, JSON.stringify(body)).toBe(200);
    return body as T;
  }

  const view = () => expectOk<FloatingView>(operator.call('GET', '/v1/tenants/default/leases'));
  const use = (seen: FloatingView) => seen.types.find((line) => line.type === TYPE)!;

  /** Polls the site's view until `done` holds of it; answers that view. */
  async function until(done: (seen: FloatingView) => boolean, what: string): Promise<FloatingView> {
    const deadline = Date.now() + CONDITION_TIMEOUT_MS;
    for (;;) {
      const seen = await view();
      if (done(seen)) return seen;
      if (Date.now() > deadline) {
        const held = heldByClients();
        const strangers = seen.leases.filter((lease) => !held.has(lease.leaseId));
        throw new Error(
          `the site's view never showed ${what}: ${JSON.stringify(use(seen))}; leases no running application holds: ${JSON.stringify(strangers)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Moves the one clock (written whole, then renamed over the file, so that no reader sees it
   * half written) and waits until every process still running heartbeated its leases at it.
   */
  async function advance(seconds: number): Promise<void> {
    clock += seconds * 1000;
    const text = new Date(clock).toISOString();
    await writeFile(`${clockFile}.next`, text);
    await rename(`${clockFile}.next`, clockFile);
    await Promise.all(
      live().map(async (client) => {
        const renewed = await client.next((event) => event.e === 'renewed' && event.clock === text, `heartbeats at ${text}`);
        expect(renewed.failed, `${client.name} heartbeats at ${text}`).toBe(0);
      }),
    );
  }

  function startClients(name: string, devices: number, options: { store?: string; offline?: boolean } = {}): Promise<ClientProcess> {
    const node = [process.execPath, '--conditions=airlock-source', '--import', 'tsx', 'apps/site/test/support/floating-clients.ts'];
    const [command, ...args] = options.offline ? ['unshare', '-n', ...node] : node;
    const child = spawn(command!, args, {
      cwd: REPOSITORY_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        AIRLOCK_FLOAT_URL: site!.url,
        AIRLOCK_FLOAT_TENANT: 'default',
        AIRLOCK_FLOAT_APP_KEY: appKey,
        AIRLOCK_FLOAT_ROOT_KEY: rootKey,
        AIRLOCK_FLOAT_CLOCK_FILE: clockFile,
        AIRLOCK_FLOAT_NAME: name,
        AIRLOCK_FLOAT_TYPE: TYPE,
        AIRLOCK_FLOAT_CLIENTS: String(devices),
        ...(options.store ? { AIRLOCK_FLOAT_STORE: options.store } : {}),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const client = new ClientProcess(name, child);
    return client.next((event) => event.e === 'ready', 'start').then(() => client);
  }

  /** The leases the running client processes hold, by their own account. */
  const heldByClients = (from: readonly ClientProcess[] = live()) => new Set(from.flatMap((client) => [...client.held()]));
  const grants = () => clients.reduce((sum, client) => sum + client.count('granted'), 0);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-site-floating-'));
    clockFile = join(root, 'clock');
    await writeFile(clockFile, START.toISOString());
    const desk = await TestAuthorityDesk.create(new TestClock(START), 'site-floating/authority');
    rootKey = JSON.stringify(desk.authority.root.publicJwk);
    siteEnv = {
      AIRLOCK_SITE_DATA_DIR: join(root, 'data'),
      AIRLOCK_SITE_WITNESS_DIR: join(root, 'witness'),
      AIRLOCK_SITE_PASSPHRASE: PASSPHRASE,
      AIRLOCK_SITE_TEST_CLOCK_FILE: clockFile,
      AIRLOCK_SITE_CULL_INTERVAL_MS: String(CULL_MS),
      AIRLOCK_SITE_PORT: String(await freePort()),
    };
    const { guid } = await initSite({
      dataDir: siteEnv.AIRLOCK_SITE_DATA_DIR!,
      witnessDir: siteEnv.AIRLOCK_SITE_WITNESS_DIR!,
      passphrase: PASSPHRASE,
      rootPublicKey: desk.authority.root.publicJwk,
      tenants: ['default'],
      siteVersion: '0.1.0',
      clock: new TestClock(START),
      random: systemRandom,
      openLedger,
    });
    await startSite();
    await expectOk(operator.upload('/v1/tenants/default/token', await desk.token(guid)));
    const lfr = await expectOk<{ text: string }>(operator.call('POST', '/v1/tenants/default/lfr'));
    await expectOk(operator.upload('/v1/tenants/default/olf', await desk.answer(lfr.text, { entitlements: [seat(TYPE, SEATS)] })));
    expect(await expectOk(operator.call('PUT', '/v1/tenants/default/floating', { leaseTtlSeconds: TTL_SECONDS, borrowMaxDays: 7 }))).toEqual({
      leaseTtlSeconds: TTL_SECONDS,
      borrowMaxDays: 7,
    });
    appKey = (await applicationHeaders(operator, 'default')).authorization!.slice('Bearer '.length);
    clients.push(...(await Promise.all(Array.from({ length: PROCESSES }, (_, index) => startClients(`app${index}`, DEVICES)))));
  }, STARTUP_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.kill()));
    await site?.kill();
    if (root !== '') await rm(root, { recursive: true, force: true });
  });

  it(
    `lends exactly ${SEATS} seats at any instant to ${PROCESSES * DEVICES} applications asking, still and churning`,
    async () => {
      const seen: FloatingView[] = [];
      let polling = true;
      const poller = (async () => {
        while (polling) {
          seen.push(await view());
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      try {
        for (const client of clients) client.send({ do: 'hold' });
        await until((current) => use(current).used === SEATS, `${SEATS} seats leased`);
        // Demand exceeds the seats: every look finds all of them leased, each to another device.
        for (let look = 0; look < 10; look++) {
          const current = await view();
          expect(use(current)).toMatchObject({ limit: SEATS, leased: SEATS, used: SEATS });
          expect(new Set(current.leases.map((lease) => lease.fingerprint)).size).toBe(SEATS);
        }

        const before = grants();
        const looksBefore = seen.length;
        for (const client of clients) client.send({ do: 'churn' });
        const deadline = Date.now() + CONDITION_TIMEOUT_MS;
        // Churning until 300 more leases were granted, and the site was looked at 10 times meanwhile.
        while (grants() < before + 300 || seen.length < looksBefore + 10) {
          if (Date.now() > deadline) throw new Error(`only ${grants() - before} leases granted and ${seen.length - looksBefore} looks while churning`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }

        for (const client of clients) client.send({ do: 'hold' });
        // Settled: the site's leases are exactly the ones the applications know they hold.
        const settled = await until((current) => {
          const listed = current.leases.map((lease) => lease.leaseId).sort();
          return use(current).used === SEATS && JSON.stringify(listed) === JSON.stringify([...heldByClients()].sort());
        }, 'the leases the applications hold');
        expect(settled.days.find((line) => line.type === TYPE)!.days.map((day) => day.peak)).toEqual([SEATS]);
      } finally {
        polling = false;
        await poller;
      }
      const overbooked = seen.filter((current) => use(current).used > SEATS || current.leases.length !== use(current).leased);
      expect(overbooked).toEqual([]);
      expect(clients.flatMap((client) => client.unexpected())).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'frees the seats of an application process killed with SIGKILL once one lease period has passed, at the next cull',
    async () => {
      const victim = [...clients].sort((a, b) => b.held().size - a.held().size)[0]!;
      const victimLeases = [...victim.held()];
      expect(victimLeases.length).toBeGreaterThan(0);
      await victim.kill('SIGKILL');
      silent.add(victim);

      const listed = async () => new Set((await view()).leases.map((lease) => lease.leaseId));
      await advance(STEP_SECONDS);
      await advance(TTL_SECONDS - STEP_SECONDS - 1);
      // One second before the end of a period: the dead process's seats are still held.
      const stillHeld = await listed();
      expect(victimLeases.filter((leaseId) => !stillHeld.has(leaseId))).toEqual([]);
      await advance(1);
      // At the end of its period, the next cull frees every seat; applications waiting in line take them.
      await until((current) => current.leases.every((lease) => !victimLeases.includes(lease.leaseId)), "the killed process's seats freed");
      const taken = await until((current) => {
        const held = heldByClients();
        return use(current).used === SEATS && current.leases.every((lease) => held.has(lease.leaseId) || lease.fingerprint.startsWith(`${victim.name}-`));
      }, 'the freed seats leased to applications waiting in line');
      // The site does not notice that a request waiting in line lost its caller: the dead process's
      // requests still in line when the seats freed may have been granted. Such a lease no one
      // renews, and it ends one period later, as any other (see the next tests).
      const held = heldByClients();
      for (const lease of taken.leases.filter((listed) => !held.has(listed.leaseId))) expect(Date.parse(lease.since)).toBe(clock);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'keeps every lease it acknowledged through a SIGKILL of the site, and renews them after its restart',
    async () => {
      const running = live();
      const before = grants();
      for (const client of running) client.send({ do: 'churn' });
      const deadline = Date.now() + CONDITION_TIMEOUT_MS;
      while (grants() < before + 200) {
        if (Date.now() > deadline) throw new Error('too few leases granted while churning');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // Applications keep the seats they hold from here on, and those without one keep asking, so
      // the kill still cuts requests under way. Were they still releasing, a loaded machine (the
      // kill and the freeze taking longer than a hold) could see every lease released by then.
      for (const client of running) client.send({ do: 'hold' });
      await site!.kill();
      expect(site!.child.signalCode).toBe('SIGKILL');
      // Nothing more is asked or released; what was under way fails against the dead site.
      await Promise.all(running.map((client) => client.ask({ do: 'freeze' }, 'frozen')));
      // A lease counts as acknowledged once its application had the answer: granted, and no release sent.
      const acknowledged = heldByClients(running);
      expect(acknowledged.size).toBeGreaterThan(0);

      await startSite();
      const after = await view();
      const listed = new Set(after.leases.map((lease) => lease.leaseId));
      expect([...acknowledged].filter((leaseId) => !listed.has(leaseId))).toEqual([]);
      expect(use(after).used).toBeLessThanOrEqual(SEATS);
      // Their applications reach the restarted site: every heartbeat is renewed.
      await advance(STEP_SECONDS);
      for (const client of running) client.send({ do: 'hold' });
    },
    STARTUP_TIMEOUT_MS + STEP_TIMEOUT_MS,
  );

  it(
    'lets the leases of a process cut off by SIGSTOP end and be culled; the process reports them lost once it runs again',
    async () => {
      const paused = [...live()].sort((a, b) => b.held().size - a.held().size)[0]!;
      const pausedLeases = [...paused.held()];
      expect(pausedLeases.length).toBeGreaterThan(0);
      paused.child.kill('SIGSTOP');
      silent.add(paused);
      for (let moved = 0; moved < TTL_SECONDS; moved += STEP_SECONDS) await advance(STEP_SECONDS);
      await until((current) => current.leases.every((lease) => !pausedLeases.includes(lease.leaseId)), "the stopped process's leases culled");

      const from = paused.events.length;
      paused.child.kill('SIGCONT');
      silent.delete(paused);
      const lost = await Promise.all(
        pausedLeases.map((leaseId) => paused.next((event) => event.e === 'lost' && event.leaseId === leaseId, `loss of ${leaseId}`, from)),
      );
      for (const event of lost) expect(['LEASE_NOT_FOUND', 'SITE_UNREACHABLE']).toContain(event.code);
      const stillHeld = paused.held();
      expect(pausedLeases.filter((leaseId) => stillHeld.has(leaseId))).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );

  it.skipIf(!canCutNetwork)(
    "a borrowed seat is held with no network at all until the borrow's end, and BORROW_ENDED after it",
    async () => {
      for (const closed of await Promise.all(live().map((client) => client.ask({ do: 'close' }, 'closed')))) expect(closed.released).toBe(closed.held);
      for (const client of clients) silent.add(client);
      await until((current) => use(current).used === 0, 'every seat free');

      const store = join(root, 'laptop-seats.json');
      const laptop = await startClients('laptop', 1, { store });
      clients.push(laptop);
      const borrowed = await laptop.ask({ do: 'borrow', days: 1 }, 'borrowed');
      expect(borrowed.expiresAt).toBe(new Date(clock + 86_400_000).toISOString());
      expect((await view()).leases).toMatchObject([{ leaseId: borrowed.leaseId, kind: 'borrow', fingerprint: 'laptop-device-0' }]);
      await laptop.kill('SIGTERM');
      silent.add(laptop);

      const offline = await startClients('laptop', 1, { store, offline: true });
      clients.push(offline);
      // No network: the site cannot be reached at all.
      expect(await offline.ask({ do: 'lease-once' }, 'leased-once')).toMatchObject({ code: 'SITE_UNREACHABLE' });
      expect(await offline.ask({ do: 'check' }, 'checked')).toMatchObject({ ok: true, kind: 'borrow', expiresAt: borrowed.expiresAt });
      await advance(86_400 - 1);
      expect(await offline.ask({ do: 'check' }, 'checked')).toMatchObject({ ok: true, kind: 'borrow' });
      await advance(1);
      expect(await offline.ask({ do: 'check' }, 'checked')).toMatchObject({ ok: false, code: 'BORROW_ENDED' });
      // And the site, at its end, takes the seat back.
      await until((current) => current.leases.length === 0 && use(current).used === 0, 'the borrow ended at the site');
    },
    STEP_TIMEOUT_MS,
  );
});
