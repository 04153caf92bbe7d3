import { describe, expect, it } from 'vitest';
import { checkSeatReduction } from './check-seat-reduction.ts';

describe('checkSeatReduction', () => {
  it('accepts limits at or above the users assigned', () => {
    expect(checkSeatReduction({ runner: ['ana', 'bo'], creator: ['cy'] }, { runner: 2, creator: 5 })).toEqual({ ok: true, value: undefined });
  });

  it('accepts a type with no users being dropped from the license', () => {
    expect(checkSeatReduction({ runner: ['ana'], viewer: [] }, { runner: 1 })).toEqual({ ok: true, value: undefined });
  });

  it('refuses one seat fewer than the users, listing every violated type with its users, sorted', () => {
    const outcome = checkSeatReduction(
      { runner: ['dee', 'ana', 'bo'], creator: ['cy'], viewer: ['eve', 'fay'], analyst: ['gus'] },
      { runner: 2, creator: 1, viewer: 0 },
    );
    expect(outcome).toEqual({
      ok: false,
      code: 'SEAT_REDUCTION_BELOW_USE',
      detail: {
        violations: [
          { type: 'analyst', used: 1, limit: 0, users: ['gus'] },
          { type: 'runner', used: 3, limit: 2, users: ['ana', 'bo', 'dee'] },
          { type: 'viewer', used: 2, limit: 0, users: ['eve', 'fay'] },
        ],
      },
    });
  });

  it('counts a user listed twice under one type once', () => {
    expect(checkSeatReduction({ runner: ['ana', 'ana'] }, { runner: 1 })).toEqual({ ok: true, value: undefined });
  });
});
