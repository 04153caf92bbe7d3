import { MINUTE } from '@airlock/core';
import { describe, expect, it } from 'vitest';
import { countSignInFailure, DEFAULT_SIGN_IN_LOCKOUT, lockedForSeconds, memoryFailureStore, refuseWhileLocked } from './sign-in-lockout.ts';
import { testClock } from '../testing/test-clock.ts';

const SECOND = 1000;

describe('the sign-in lockout', () => {
  const start = new Date('2026-11-23T10:00:00Z');

  it('locks a name after 5 failures in a row for 15 minutes, then lets it try again', async () => {
    const clock = testClock(start);
    const store = memoryFailureStore();
    for (let i = 0; i < 4; i++) expect(await countSignInFailure(store, 'ana', clock.now())).toBeNull();
    expect(await lockedForSeconds(store, 'ana', clock.now())).toBeNull();
    expect(await countSignInFailure(store, 'ana', clock.now())).toEqual({ failures: 5, lockedUntil: new Date(start.getTime() + 15 * MINUTE) });
    expect(await lockedForSeconds(store, 'ana', clock.now())).toBe(15 * 60);
    await expect(refuseWhileLocked(store, 'ana', clock.now())).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED', detail: { retryAfterSeconds: 900 } });
    clock.advance(15 * MINUTE - SECOND);
    expect(await lockedForSeconds(store, 'ana', clock.now())).toBe(1);
    clock.advance(SECOND);
    await refuseWhileLocked(store, 'ana', clock.now());
    // The count started again with the lock.
    expect(await countSignInFailure(store, 'ana', clock.now())).toBeNull();
  });

  it('counts failures in a row only: older than the window, or cleared, they are forgotten', async () => {
    const clock = testClock(start);
    const store = memoryFailureStore();
    for (let i = 0; i < 4; i++) await countSignInFailure(store, 'ana', clock.now());
    clock.advance(DEFAULT_SIGN_IN_LOCKOUT.failureWindow + SECOND);
    expect(await store.countFailure('ana', clock.now(), new Date(clock.now().getTime() - DEFAULT_SIGN_IN_LOCKOUT.failureWindow))).toBe(1);
    for (let i = 0; i < 3; i++) await countSignInFailure(store, 'ana', clock.now());
    await store.clear('ana');
    expect(await countSignInFailure(store, 'ana', clock.now())).toBeNull();
    expect(await store.countFailure('ana', clock.now(), clock.now())).toBe(2);
  });

  it('counts names apart, whether or not they have an account', async () => {
    const clock = testClock(start);
    const store = memoryFailureStore();
    for (let i = 0; i < 5; i++) await countSignInFailure(store, 'ghost', clock.now());
    expect(await lockedForSeconds(store, 'ghost', clock.now())).toBe(900);
    expect(await lockedForSeconds(store, 'ana', clock.now())).toBeNull();
  });

  it('follows the policy it is given', async () => {
    const clock = testClock(start);
    const store = memoryFailureStore();
    const policy = { maxFailures: 2, failureWindow: MINUTE, lockFor: 2 * MINUTE };
    expect(await countSignInFailure(store, 'ana', clock.now(), policy)).toBeNull();
    expect(await countSignInFailure(store, 'ana', clock.now(), policy)).toMatchObject({ failures: 2 });
    expect(await lockedForSeconds(store, 'ana', clock.now())).toBe(120);
  });

  it('sweeps stale names when it holds too many, and keeps locked ones', async () => {
    const clock = testClock(start);
    const store = memoryFailureStore(2);
    const longLock = { ...DEFAULT_SIGN_IN_LOCKOUT, lockFor: 60 * MINUTE };
    for (let i = 0; i < 5; i++) await countSignInFailure(store, 'locked', clock.now(), longLock);
    await countSignInFailure(store, 'stale', clock.now());
    clock.advance(DEFAULT_SIGN_IN_LOCKOUT.failureWindow + SECOND);
    await countSignInFailure(store, 'new', clock.now());
    expect(await lockedForSeconds(store, 'locked', clock.now())).not.toBeNull();
    expect(await store.countFailure('stale', clock.now(), new Date(0))).toBe(1);
  });
});
