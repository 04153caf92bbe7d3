import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerLockedError } from './directory-lock.ts';
import { ledgerPlace, type LedgerPlace } from './testing/ledger-test-kit.ts';

const CHILD = fileURLToPath(new URL('./testing/crash-child.ts', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));
const ACKS_PER_ROUND = 3_000;
/** Each round starts a child (seconds, mostly loading TypeScript) and recovers from the previous kill. */
const ROUNDS = 2;

let place: LedgerPlace;
beforeEach(async () => {
  place = await ledgerPlace();
});
afterEach(async () => {
  await place.dispose();
});

/**
 * Runs the child until it has acknowledged ACKS_PER_ROUND more appends, then kills it with
 * SIGKILL mid-flight. Returns the highest sequence it acknowledged.
 */
async function runAndKill(acknowledgedBefore: number, whileRunning: () => Promise<void>): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, place.directory, place.witnessFile], { cwd: REPOSITORY, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit');
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  let acknowledged = acknowledgedBefore;
  let acks = 0;
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      const [word, value] = line.split(' ');
      if (word === 'ready') {
        // Every acknowledged record survived the previous kill, or the child would not be past it.
        expect(Number(value)).toBeGreaterThanOrEqual(acknowledgedBefore);
        await whileRunning();
      } else if (word === 'ack') {
        acknowledged = Math.max(acknowledged, Number(value));
        if (++acks === ACKS_PER_ROUND) child.kill('SIGKILL');
      } else throw new Error(`The child said: ${line}`);
    }
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
  expect({ acks, errors }).toEqual({ acks: expect.any(Number) as number, errors: '' });
  expect(acks).toBeGreaterThanOrEqual(ACKS_PER_ROUND);
  expect(child.signalCode).toBe('SIGKILL');
  return acknowledged;
}

describe('a ledger killed with SIGKILL under load', () => {
  it('keeps every acknowledged record, round after round, and opens clean', async () => {
    let acknowledged = 0;
    for (let round = 0; round < ROUNDS; round++) {
      acknowledged = await runAndKill(acknowledged, async () => {
        if (round === 0) await expect(place.open()).rejects.toBeInstanceOf(LedgerLockedError);
      });
    }
    const { ledger, verification, tail } = await place.open();
    expect(verification.ok).toBe(true);
    expect(ledger.head().sequence).toBeGreaterThanOrEqual(acknowledged);
    expect(tail.length).toBe(ledger.head().sequence);
    expect(tail.every((record, index) => record.sequence === index + 1 && record.event.n === record.sequence)).toBe(true);
    await ledger.close();
  }, 120_000);
});
