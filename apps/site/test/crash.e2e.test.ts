import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initSite, openLedger, systemRandom } from '../src/index.ts';
import { meter, seat, START, TestAuthorityDesk, TestClock } from '../src/testing/site-fixtures.ts';
import { HttpCaller, operatorHeaders, type Json } from './support/http-caller.ts';
import { startSiteProcess, STARTUP_TIMEOUT_MS, type SiteProcess } from './support/processes.ts';
import { applicationHeaders } from './support/site-access.ts';

/**
 * `kill -9` under load: a real site process with a license installed takes meter consumption,
 * seat check-outs and releases from many concurrent clients; the test records every request it
 * saw acknowledged (2xx) and every one still in flight, kills the process with SIGKILL in the
 * middle of the load, starts it again, and checks that nothing acknowledged was lost:
 * the meter total is the acknowledged sum plus some of the in-flight amounts (never less, never
 * more), and each user holds a seat exactly as its last acknowledged request left it, unless a
 * request about that user was in flight (then either way).
 */
const CLIENTS = 48;
/** Acknowledged requests per round before the kill. */
const ACKS_PER_ROUND = 1_500;
const ROUNDS = 2;
const USERS_PER_CLIENT = 12;
const SEATS = 100_000;
const METER_LIMIT = 1_000_000_000;
const PASSPHRASE = 'the crash test site passphrase';

type Operation = { readonly kind: 'consume'; readonly amount: number } | { readonly kind: 'checkout' | 'release'; readonly user: string };

/** What the clients saw of one round. */
interface Observed {
  acknowledgedAmount: number;
  /** Consumptions sent but never answered: the kill came first. */
  readonly inFlightAmounts: number[];
  /** Users whose last request was never answered. */
  readonly inFlightUsers: Set<string>;
  acknowledged: number;
  /** Answers that were neither 2xx nor a lost connection: none are expected. */
  readonly unexpected: string[];
  /** Requests sent and not yet answered when the kill was sent. */
  outstandingAtKill: number;
}

describe('a site killed with SIGKILL under load', () => {
  let root = '';
  let env: Record<string, string> = {};
  let site: SiteProcess | undefined;
  let operator: HttpCaller;
  let application: HttpCaller;
  let applicationKey: Record<string, string> | undefined;

  /** Starts the site; the application keeps the key it was given, across kills and restarts. */
  const start = async () => {
    site = await startSiteProcess(env);
    operator = new HttpCaller(site.url, await operatorHeaders(env.AIRLOCK_SITE_DATA_DIR!));
    applicationKey ??= await applicationHeaders(operator, 'default');
    application = new HttpCaller(site.url, applicationKey);
  };

  async function expectOk(answer: Promise<{ status: number; body: unknown }>): Promise<Json> {
    const { status, body } = await answer;
    expect(status, JSON.stringify(body)).toBe(200);
    return body as Json;
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'airlock-site-crash-'));
    const clock = new TestClock(START);
    const desk = await TestAuthorityDesk.create(clock, 'site-crash/authority');
    await writeFile(join(root, 'clock'), START.toISOString());
    env = {
      AIRLOCK_SITE_DATA_DIR: join(root, 'data'),
      AIRLOCK_SITE_WITNESS_DIR: join(root, 'witness'),
      AIRLOCK_SITE_PASSPHRASE: PASSPHRASE,
      AIRLOCK_SITE_TEST_CLOCK_FILE: join(root, 'clock'),
    };
    const { guid } = await initSite({
      dataDir: env.AIRLOCK_SITE_DATA_DIR!,
      witnessDir: env.AIRLOCK_SITE_WITNESS_DIR!,
      passphrase: PASSPHRASE,
      rootPublicKey: desk.authority.root.publicJwk,
      tenants: ['default'],
      siteVersion: '0.1.0',
      clock,
      random: systemRandom,
      openLedger,
    });
    await start();
    await expectOk(operator.upload('/v1/tenants/default/token', await desk.token(guid)));
    const lfr = await expectOk(operator.call('POST', '/v1/tenants/default/lfr'));
    await expectOk(
      operator.upload(
        '/v1/tenants/default/olf',
        await desk.answer(lfr.text as string, { entitlements: [seat('bot-runner', SEATS), meter('bot-runs', METER_LIMIT)] }),
      ),
    );
  }, STARTUP_TIMEOUT_MS);

  afterAll(async () => {
    await site?.kill();
    if (root !== '') await rm(root, { recursive: true, force: true });
  });

  /** The tenant's meter total and seat holders, as the site reports them. */
  async function usage(): Promise<{ total: number; holders: Set<string> }> {
    const status = await expectOk(operator.call('GET', '/v1/tenants/default/status'));
    const meters = status.meters as { meter: string; used: number }[];
    const seats = status.seats as { type: string; users: string[] }[];
    return { total: meters.find((line) => line.meter === 'bot-runs')!.used, holders: new Set(seats.find((line) => line.type === 'bot-runner')!.users) };
  }

  /**
   * Runs CLIENTS clients until ACKS_PER_ROUND requests were acknowledged, then kills the site with
   * SIGKILL while they keep sending. Each client runs until a request of its own goes unanswered,
   * and owns its users, so at most one request about a user is ever in flight; `holders` is
   * updated with every acknowledged seat change.
   */
  async function loadAndKill(holders: Set<string>, round: number): Promise<Observed> {
    const observed: Observed = { acknowledgedAmount: 0, inFlightAmounts: [], inFlightUsers: new Set(), acknowledged: 0, unexpected: [], outstandingAtKill: 0 };
    let outstanding = 0;
    const kill: { done: Promise<void> | null } = { done: null };
    const client = async (index: number) => {
      for (let step = 0; ; step++) {
        const operation = next(index, step, round, holders);
        let answer: { status: number; body: Json };
        outstanding++;
        try {
          answer = await send(operation);
        } catch {
          // No answer: the connection broke under the kill, or was refused after it.
          if (operation.kind === 'consume') observed.inFlightAmounts.push(operation.amount);
          else observed.inFlightUsers.add(operation.user);
          return;
        } finally {
          outstanding--;
        }
        if (answer.status !== 200) {
          observed.unexpected.push(`${answer.status} ${JSON.stringify(answer.body)}`);
          return;
        }
        if (operation.kind === 'consume') observed.acknowledgedAmount += operation.amount;
        else if (operation.kind === 'checkout') holders.add(operation.user);
        else holders.delete(operation.user);
        // Killed a turn of the event loop later, once the other clients have sent their next requests.
        if (++observed.acknowledged === ACKS_PER_ROUND) {
          kill.done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
            observed.outstandingAtKill = outstanding;
            return site!.kill();
          });
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));
    await kill.done;
    expect(site!.child.signalCode).toBe('SIGKILL');
    site = undefined;
    return observed;
  }

  /** Seven in ten requests consume 1–9 units; the rest check out a seat of one of the client's users, or release it. */
  function next(client: number, step: number, round: number, holders: ReadonlySet<string>): Operation {
    const mix = (client * 7_919 + step * 104_729 + round * 15_485_863) % 100;
    if (mix < 70) return { kind: 'consume', amount: (mix % 9) + 1 };
    const user = `client-${client}-user-${(step + round) % USERS_PER_CLIENT}`;
    return { kind: holders.has(user) ? 'release' : 'checkout', user };
  }

  async function send(operation: Operation): Promise<{ status: number; body: Json }> {
    if (operation.kind === 'consume') return application.call('POST', '/v1/tenants/default/meters/bot-runs/consume', { amount: operation.amount });
    return application.call('POST', `/v1/tenants/default/seats/bot-runner/${operation.kind}`, { user: operation.user });
  }

  /** Every total the in-flight consumptions can add, some of them recorded and some not. */
  function reachableExtras(amounts: readonly number[]): Set<number> {
    let sums = new Set([0]);
    for (const amount of amounts) sums = new Set([...sums, ...[...sums].map((sum) => sum + amount)]);
    return sums;
  }

  it(
    'keeps every acknowledged consumption and seat, round after round',
    async () => {
      let { total, holders } = await usage();
      expect({ total, holders: holders.size }).toEqual({ total: 0, holders: 0 });
      for (let round = 0; round < ROUNDS; round++) {
        const expectedHolders = new Set(holders);
        const observed = await loadAndKill(expectedHolders, round);
        expect(observed.unexpected).toEqual([]);
        expect(observed.acknowledged).toBeGreaterThanOrEqual(ACKS_PER_ROUND);
        // The kill came while requests were under way.
        expect(observed.outstandingAtKill).toBeGreaterThan(0);

        await start();
        expect(await expectOk(operator.call('GET', '/readyz'))).toEqual({ status: 'ready' });
        const after = await usage();
        const extra = after.total - (total + observed.acknowledgedAmount);
        expect(extra, `acknowledged ${observed.acknowledgedAmount}, in flight ${JSON.stringify(observed.inFlightAmounts)}`).toBeGreaterThanOrEqual(0);
        expect(reachableExtras(observed.inFlightAmounts).has(extra), `extra ${extra} from ${JSON.stringify(observed.inFlightAmounts)}`).toBe(true);
        // A user whose request was in flight may hold a seat or not (that request ran or never came); every other user is as acknowledged.
        const settled = (users: ReadonlySet<string>) => new Set([...users].filter((user) => !observed.inFlightUsers.has(user)));
        expect(settled(after.holders)).toEqual(settled(expectedHolders));
        expect(await expectOk(operator.call('GET', '/v1/site'))).toMatchObject({ ledger: { problem: null } });
        ({ total, holders } = after);
      }
    },
    ROUNDS * (STARTUP_TIMEOUT_MS + 60_000),
  );
});
