import { describe, expect, it } from 'vitest';
import { checkTokenDownload } from './check-token-download.ts';

describe('checkTokenDownload', () => {
  it('lets an approved customer download a token', () => {
    expect(checkTokenDownload({ offlineApproval: 'approved' })).toEqual({ ok: true, value: undefined });
  });

  it.each(['pending', 'denied'] as const)('refuses a customer whose request is %s', (approval) => {
    expect(checkTokenDownload({ offlineApproval: approval })).toEqual({
      ok: false,
      code: 'OFFLINE_NOT_APPROVED',
      detail: { approval },
    });
  });

  it('refuses a customer who never asked for offline licensing', () => {
    expect(checkTokenDownload({ offlineApproval: null })).toEqual({
      ok: false,
      code: 'OFFLINE_NOT_APPROVED',
      detail: { approval: 'none' },
    });
  });
});
