import { describe, expect, it } from 'vitest';
import { endsLicense, statusOf } from './authority-status.ts';

describe('the status the authority gives a device', () => {
  it('reads each status it knows as itself, none as active, and one it does not know as not active', () => {
    expect(['active', 'deactivated', 'suspended', 'blocked', 'expired'].map(statusOf)).toEqual(['active', 'deactivated', 'suspended', 'blocked', 'expired']);
    expect(statusOf(undefined)).toBe('active');
    // A status a later authority adds, or an answer that is not text, never reads as active.
    expect([statusOf('revoked'), statusOf(42), statusOf(null)]).toEqual(['suspended', 'suspended', 'suspended']);
    expect(['deactivated', 'blocked', 'suspended', 'active'].map((status) => endsLicense(statusOf(status)))).toEqual([true, true, false, false]);
  });
});
