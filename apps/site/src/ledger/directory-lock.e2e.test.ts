import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LedgerLockedError } from './directory-lock.ts';
import { events, ledgerPlace, type LedgerPlace } from './testing/ledger-test-kit.ts';

let place: LedgerPlace;
beforeEach(async () => {
  place = await ledgerPlace();
  const { ledger } = await place.open();
  await ledger.close();
});
afterEach(async () => {
  await place.dispose();
});

const lockFile = () => `${place.directory}/LOCK`;

/** A process that ran and ended: its pid is free. */
async function endedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

describe('the ledger directory lock', () => {
  it('refuses a second open while the first is open, in this process too', async () => {
    const { ledger } = await place.open();
    expect(await readFile(lockFile(), 'utf8')).toBe(`${process.pid}\n`);
    const refusal: unknown = await place.open().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(LedgerLockedError);
    expect(refusal).toMatchObject({ code: 'LEDGER_LOCKED', pid: process.pid, lockFile: expect.stringContaining('LOCK') as string });
    await ledger.close();
    await expect(readFile(lockFile())).rejects.toThrow('ENOENT');
    const again = await place.open();
    await again.ledger.close();
  });

  it('refuses an open while another live process holds the lock, naming it', async () => {
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
    try {
      await writeFile(lockFile(), `${holder.pid}\n`);
      await expect(place.open()).rejects.toMatchObject({ name: 'LedgerLockedError', pid: holder.pid });
      expect(await readFile(lockFile(), 'utf8')).toBe(`${holder.pid}\n`);
    } finally {
      holder.kill('SIGKILL');
      await once(holder, 'exit');
    }
  });

  it.each([
    ['a process that no longer runs', async () => `${await endedPid()}\n`],
    ['this process, which does not hold it (a restarted container reuses pids)', () => Promise.resolve(`${process.pid}\n`)],
    ['no pid at all', () => Promise.resolve('')],
  ])('takes over a lock left by %s', async (_name, content) => {
    await writeFile(lockFile(), await content());
    const { ledger, verification } = await place.open();
    expect(verification.ok).toBe(true);
    await ledger.append(events(1, 1));
    expect(await readFile(lockFile(), 'utf8')).toBe(`${process.pid}\n`);
    await ledger.close();
  });

  it('lets only one of two opens started together through', async () => {
    const outcomes = await Promise.allSettled([place.open(), place.open()]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    for (const outcome of outcomes) if (outcome.status === 'fulfilled') await outcome.value.ledger.close();
  });
});
