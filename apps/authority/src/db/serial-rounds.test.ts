import { describe, expect, it } from 'vitest';
import { serialRounds } from './serial-rounds.ts';

/** A round that waits until released, counting how many run at once. */
function gatedRounds() {
  let running = 0;
  let mostAtOnce = 0;
  let started = 0;
  const gates: (() => void)[] = [];
  const rounds = serialRounds(async () => {
    started++;
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise<void>((release) => gates.push(release));
    running--;
    return started;
  });
  const releaseNext = async () => {
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    gates.shift()?.();
  };
  return { rounds, releaseNext, stats: () => ({ started, mostAtOnce }) };
}

describe('serial outbox rounds', () => {
  it('never runs two rounds at once', async () => {
    const { rounds, releaseNext, stats } = gatedRounds();
    const first = rounds.run();
    const second = rounds.run();
    await releaseNext();
    await releaseNext();
    expect(await first).toBe(1);
    expect(await second).toBe(2);
    expect(stats().mostAtOnce).toBe(1);
  });

  it('lets kicks that arrive while a round waits share that round', async () => {
    const { rounds, releaseNext, stats } = gatedRounds();
    const under = rounds.run();
    const kicks = [rounds.kick(), rounds.kick(), rounds.kick()];
    await releaseNext();
    await releaseNext();
    expect(await under).toBe(1);
    expect(await Promise.all(kicks)).toEqual([2, 2, 2]);
    expect(stats().started).toBe(2);
    // Once that round has started, a new kick waits for a round of its own.
    const later = rounds.kick();
    await releaseNext();
    expect(await later).toBe(3);
  });

  it('is idle only when no round is under way or waiting, and a failed round does not stop the next', async () => {
    let calls = 0;
    const rounds = serialRounds(() => (++calls === 1 ? Promise.reject(new Error('smtp down')) : Promise.resolve(calls)));
    const failed = rounds.run();
    const next = rounds.kick();
    await expect(failed).rejects.toThrow('smtp down');
    await rounds.idle();
    expect(await next).toBe(2);
  });
});
