import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { AirlockError } from '@airlock/core';
import { Airlock, type Lease, type SeatCheck, type SiteConnection } from '@airlock/sdk';

/**
 * Simulated applications for the floating-seat end-to-end test (docs/floating.md): one process
 * running AIRLOCK_FLOAT_CLIENTS devices, each with its own fingerprint and user and its own
 * connection of the SDK (`Airlock.connectSite`), each asking the site for one seat of
 * AIRLOCK_FLOAT_TYPE. The test steers them with one JSON command a line on
 * stdin and reads what they saw, one JSON event a line on stdout:
 *
 * - `{"do":"hold"}`: every device without a seat asks for one (waiting in line at the site) until
 *   it gets one, and keeps it;
 * - `{"do":"churn"}`: every device takes a seat, keeps it a moment, releases it, and again;
 * - `{"do":"freeze"}`: no more asking or releasing; `frozen` once nothing is under way;
 * - `{"do":"borrow","days":n}`, `{"do":"check"}`, `{"do":"lease-once"}`: the first device borrows,
 *   checks its seat (from memory), or asks once for a lease without waiting;
 * - `{"do":"close"}`: once the requests under way are answered, every lease is released, then
 *   `closed`, and the process exits.
 *
 * Events: `ready`, `granted` (the site answered with a lease), `releasing` (sent before the
 * DELETE), `released`, `lost` (the lease reported its loss), `renewed` (after each move of the
 * clock, every held lease heartbeated once: how many the site renewed), `refused` (an
 * unexpected code), and the answers of the commands.
 *
 * Time is the test clock: the instant in AIRLOCK_FLOAT_CLOCK_FILE, the file the site reads too.
 * A heartbeat is sent for every held lease each time the clock moves (`Lease.renew()`, beside the
 * SDK's own heartbeats on its timers): a lease's period runs on that clock, so the test advances
 * it in steps shorter than a period, and waits for `renewed`.
 */
const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`set ${name}`);
  return value;
};
const clockFile = env('AIRLOCK_FLOAT_CLOCK_FILE');
const name = env('AIRLOCK_FLOAT_NAME');
const type = env('AIRLOCK_FLOAT_TYPE');
const count = Number(env('AIRLOCK_FLOAT_CLIENTS'));
/** Seconds a lease request may wait in line at the site. */
const WAIT_SECONDS = 5;
/** How often the clock file is read for a move (ms). */
const CLOCK_POLL_MS = 100;
/** Pause after a failed request before the next (ms): the site may be down. */
const RETRY_MS = 200;

const readClock = () => readFileSync(clockFile, 'utf8').trim();
const now = () => new Date(readClock());
const emit = (event: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify({ process: name, ...event })}\n`);
};
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const codeOf = (error: unknown) => (error instanceof AirlockError ? error.code : String(error).slice(0, 200));

type Mode = 'hold' | 'churn' | 'freeze' | 'idle' | 'closing';

interface Device {
  readonly index: number;
  readonly user: string;
  readonly connection: SiteConnection;
  lease: Lease | null;
}

let mode: Mode = 'idle';
/** Requests sent and not yet answered (leases asked, releases). */
let underWay = 0;
let nudges: (() => void)[] = [];
/** Wakes every device waiting for something to change: the mode, a loss, a request done. */
const nudge = () => {
  const woken = nudges;
  nudges = [];
  for (const wake of woken) wake();
};
const changed = () => new Promise<void>((resolve) => nudges.push(resolve));

const devices = await Promise.all(
  Array.from({ length: count }, async (_, index): Promise<Device> => {
    const store = process.env.AIRLOCK_FLOAT_STORE;
    const user = `${name}-user-${index}`;
    const connection = await Airlock.connectSite({
      url: env('AIRLOCK_FLOAT_URL'),
      tenant: env('AIRLOCK_FLOAT_TENANT'),
      appKey: env('AIRLOCK_FLOAT_APP_KEY'),
      rootKey: env('AIRLOCK_FLOAT_ROOT_KEY'),
      fingerprint: `${name}-device-${index}`,
      user,
      ...(store ? { storePath: store } : {}),
      now,
    });
    return { index, user, connection, lease: null };
  }),
);

/** Counts a request under way, and nudges waiters once it is done (`freeze` waits for none). */
async function underWayWhile<T>(call: () => Promise<T>): Promise<T> {
  underWay++;
  try {
    return await call();
  } finally {
    underWay--;
    nudge();
  }
}

async function ask(device: Device): Promise<void> {
  try {
    // Held before the request counts as done: `close` releases every lease it finds once none is under way.
    await underWayWhile(async () => {
      const lease = await device.connection.lease(type, { user: device.user, wait: WAIT_SECONDS });
      device.lease = lease;
      emit({ e: 'granted', device: device.index, leaseId: lease.leaseId });
      lease.onLost(({ code }) => {
        if (device.lease === lease) device.lease = null;
        emit({ e: 'lost', device: device.index, leaseId: lease.leaseId, code });
        nudge();
      });
    });
  } catch (error) {
    const code = codeOf(error);
    // A full pool after waiting in line: ask again at once. A site that is down: shortly.
    if (code === 'SEAT_LIMIT_REACHED') return;
    if (code !== 'SITE_UNREACHABLE') emit({ e: 'refused', device: device.index, code });
    await sleep(RETRY_MS);
  }
}

async function release(device: Device): Promise<void> {
  const lease = device.lease!;
  device.lease = null;
  emit({ e: 'releasing', device: device.index, leaseId: lease.leaseId });
  const released = await underWayWhile(() => lease.close());
  emit({ e: 'released', device: device.index, leaseId: lease.leaseId, released });
}

/** One device's life: what it does depends on the mode, and it waits for a change when it has nothing to do. */
async function live(device: Device): Promise<void> {
  for (;;) {
    const current = mode;
    if (current === 'closing') return;
    if ((current === 'hold' || current === 'churn') && device.lease === null) await ask(device);
    else if (current === 'churn' && device.lease !== null) {
      await sleep(20 + Math.floor(Math.random() * 180));
      if (mode === 'churn' && device.lease !== null) await release(device);
    } else await changed();
  }
}

/**
 * One heartbeat, tried again shortly when it fails without an answer from the site (a connection
 * the site closed when it was killed), as an application retries a heartbeat before its lease ends.
 */
async function renew(lease: Lease): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    if (await lease.renew()) return true;
    if (attempt === 3 || !lease.check()) return false;
    await sleep(RETRY_MS);
  }
}

/** Heartbeats every held lease once for each move of the clock, and says how many the site renewed. */
async function renewOnClockMoves(): Promise<void> {
  let seen = readClock();
  for (;;) {
    await sleep(CLOCK_POLL_MS);
    const clock = readClock();
    if (clock === seen || mode === 'closing') continue;
    seen = clock;
    const held = devices.flatMap((device) => (device.lease ? [device.lease] : []));
    const results = await Promise.all(held.map((lease) => renew(lease)));
    const renewed = results.filter(Boolean).length;
    emit({ e: 'renewed', clock, renewed, failed: results.length - renewed });
  }
}

function checkView(check: SeatCheck): Record<string, unknown> {
  return check.ok ? { ok: true, kind: check.kind, expiresAt: check.expiresAt.toISOString() } : { ok: false, code: check.code };
}

async function command(line: string): Promise<void> {
  const order = JSON.parse(line) as { do: string; days?: number };
  const first = devices[0]!;
  switch (order.do) {
    case 'hold':
    case 'churn':
      mode = order.do;
      nudge();
      return;
    case 'freeze':
      mode = 'freeze';
      nudge();
      while (underWay > 0) await changed();
      emit({ e: 'frozen', held: devices.flatMap((device) => (device.lease ? [device.lease.leaseId] : [])) });
      return;
    case 'borrow':
      try {
        const borrow = await first.connection.borrow(type, { user: first.user, days: order.days ?? 1 });
        emit({ e: 'borrowed', leaseId: borrow.leaseId, expiresAt: borrow.expiresAt.toISOString() });
      } catch (error) {
        emit({ e: 'borrowed', code: codeOf(error) });
      }
      return;
    case 'check':
      emit({ e: 'checked', clock: readClock(), ...checkView(first.connection.check(type)) });
      return;
    case 'lease-once':
      try {
        const lease = await first.connection.lease(type, { user: first.user });
        emit({ e: 'leased-once', leaseId: lease.leaseId });
      } catch (error) {
        emit({ e: 'leased-once', code: codeOf(error) });
      }
      return;
    case 'close': {
      // As an application that exits: no new request; the ones in line are answered first, then every lease is released.
      mode = 'closing';
      nudge();
      while (underWay > 0) await changed();
      const held = devices.flatMap((device) => (device.lease ? [device.lease] : []));
      const released = await Promise.all(held.map((lease) => lease.close()));
      emit({ e: 'closed', held: held.length, released: released.filter(Boolean).length });
      process.exit(0);
    }
  }
}

void Promise.all(devices.map(live));
void renewOnClockMoves();
let commands = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  commands = commands.then(() => command(line)).catch((error: unknown) => emit({ e: 'refused', code: codeOf(error) }));
});
process.stdin.on('end', () => process.exit(0));
emit({ e: 'ready', devices: count });
