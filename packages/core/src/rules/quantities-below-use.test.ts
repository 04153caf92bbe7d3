import { describe, expect, it } from 'vitest';
import { quantitiesBelowUse } from './quantities-below-use.ts';

describe('quantitiesBelowUse', () => {
  it('warns of every type set below its reported use, sorted by type', () => {
    expect(quantitiesBelowUse({ runner: 4, creator: 2 }, { runner: 5, creator: 2, analyst: 1 })).toEqual([
      { type: 'analyst', requested: 0, used: 1 },
      { type: 'runner', requested: 4, used: 5 },
    ]);
  });

  it('does not warn at exactly the use, above it, or for a type not in use', () => {
    expect(quantitiesBelowUse({ runner: 5, creator: 9, viewer: 0 }, { runner: 5, creator: 2, viewer: 0 })).toEqual([]);
  });
});
