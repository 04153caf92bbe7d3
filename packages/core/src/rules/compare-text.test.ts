import { describe, expect, it } from 'vitest';
import { compareText } from './compare-text.ts';

describe('compareText', () => {
  it('orders by code unit, capitals before lower case, whatever the locale', () => {
    expect(['b', 'a', 'B', 'é', 'e'].sort(compareText)).toEqual(['B', 'a', 'b', 'e', 'é']);
  });

  it('returns 0 for equal strings', () => {
    expect(compareText('runner', 'runner')).toBe(0);
  });
});
