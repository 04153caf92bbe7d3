import { describe, expect, it } from 'vitest';
import { licensingPolicy } from '../policy/licensing-policy.ts';
import { addDuration, minutes } from '../time/duration.ts';
import { checkOfflineActivation, checkOfflineRefresh, offlineAllowed, type OfflineLicense } from './check-offline-activation.ts';

const NOW = new Date('2026-06-15T10:00:00.000Z');
const END = new Date('2026-12-31T00:00:00.000Z');
const TERM: OfflineLicense = { policy: licensingPolicy({ kind: 'term', maxActivations: 3 }), expiresAt: END };
const ACCEPTED = { ok: true, value: undefined };

describe('offlineAllowed', () => {
  it('inherits the policy setting, true by default', () => {
    expect(offlineAllowed({ policy: licensingPolicy(), expiresAt: null })).toBe(true);
    expect(offlineAllowed({ policy: licensingPolicy({ allowOffline: false }), expiresAt: null })).toBe(false);
    expect(offlineAllowed({ policy: licensingPolicy({ allowOffline: false }), allowOffline: undefined, expiresAt: null })).toBe(false);
  });

  it('lets the license override its policy either way', () => {
    expect(offlineAllowed({ policy: licensingPolicy({ allowOffline: false }), allowOffline: true, expiresAt: null })).toBe(true);
    expect(offlineAllowed({ policy: licensingPolicy(), allowOffline: false, expiresAt: null })).toBe(false);
  });
});

describe('checkOfflineActivation', () => {
  it('activates a time-limited license offline while slots remain', () => {
    expect(checkOfflineActivation({ ...TERM, activeActivations: 2 }, NOW)).toEqual(ACCEPTED);
  });

  it('activates a permanent license that never expires', () => {
    expect(checkOfflineActivation({ policy: licensingPolicy({ kind: 'permanent' }), expiresAt: null, activeActivations: 0 }, NOW)).toEqual(ACCEPTED);
  });

  it('refuses once the active activations reach the limit, and above it', () => {
    for (const activeActivations of [3, 4]) {
      expect(checkOfflineActivation({ ...TERM, activeActivations }, NOW)).toEqual({
        ok: false,
        code: 'ACTIVATIONS_EXHAUSTED',
        detail: { activeActivations, maxActivations: 3 },
      });
    }
  });

  it('takes the limit from the license over its policy, null being unlimited', () => {
    expect(checkOfflineActivation({ ...TERM, maxActivations: null, activeActivations: 10_000 }, NOW)).toEqual(ACCEPTED);
    expect(checkOfflineActivation({ ...TERM, maxActivations: 1, activeActivations: 1 }, NOW)).toEqual({
      ok: false,
      code: 'ACTIVATIONS_EXHAUSTED',
      detail: { activeActivations: 1, maxActivations: 1 },
    });
    expect(checkOfflineActivation({ ...TERM, maxActivations: undefined, activeActivations: 2 }, NOW)).toEqual(ACCEPTED);
  });

  it('refuses when offline is not allowed, saying where that was set', () => {
    expect(checkOfflineActivation({ ...TERM, allowOffline: false, activeActivations: 0 }, NOW)).toEqual({
      ok: false,
      code: 'OFFLINE_NOT_ALLOWED',
      detail: { exchange: 'activation', setBy: 'license' },
    });
    expect(checkOfflineActivation({ policy: licensingPolicy({ allowOffline: false }), expiresAt: null, activeActivations: 0 }, NOW)).toEqual({
      ok: false,
      code: 'OFFLINE_NOT_ALLOWED',
      detail: { exchange: 'activation', setBy: 'policy' },
    });
  });

  it('refuses a subscription license', () => {
    expect(checkOfflineActivation({ ...TERM, kind: 'subscription', activeActivations: 0 }, NOW)).toEqual({
      ok: false,
      code: 'SUBSCRIPTION_NOT_OFFLINE',
      detail: { exchange: 'activation', kind: 'subscription' },
    });
  });

  it('activates until one minute before the license ends, and refuses from its end', () => {
    const license = { ...TERM, activeActivations: 0 };
    expect(checkOfflineActivation(license, addDuration(END, -minutes(1)))).toEqual(ACCEPTED);
    for (const now of [END, addDuration(END, minutes(1))]) {
      expect(checkOfflineActivation(license, now)).toEqual({
        ok: false,
        code: 'LICENSE_EXPIRED',
        detail: { exchange: 'activation', expiredAt: END.toISOString(), now: now.toISOString() },
      });
    }
  });

  describe('precedence', () => {
    const everythingWrong = { policy: licensingPolicy({ kind: 'subscription', maxActivations: 1 }), expiresAt: END, activeActivations: 5 };
    const late = addDuration(END, minutes(1));

    it('names offline not allowed before a subscription', () => {
      expect(checkOfflineActivation({ ...everythingWrong, allowOffline: false }, late)).toEqual({
        ok: false,
        code: 'OFFLINE_NOT_ALLOWED',
        detail: { exchange: 'activation', setBy: 'license' },
      });
    });

    it('names a subscription before expiry', () => {
      expect(checkOfflineActivation(everythingWrong, late)).toEqual({
        ok: false,
        code: 'SUBSCRIPTION_NOT_OFFLINE',
        detail: { exchange: 'activation', kind: 'subscription' },
      });
    });

    it('names expiry before exhausted activations', () => {
      expect(checkOfflineActivation({ ...everythingWrong, kind: 'term' }, late)).toEqual({
        ok: false,
        code: 'LICENSE_EXPIRED',
        detail: { exchange: 'activation', expiredAt: END.toISOString(), now: late.toISOString() },
      });
    });
  });
});

describe('checkOfflineRefresh', () => {
  it('refreshes a time-limited license offline even with every slot taken', () => {
    expect(checkOfflineRefresh(TERM, NOW)).toEqual(ACCEPTED);
  });

  it('refuses to refresh a subscription offline', () => {
    expect(checkOfflineRefresh({ ...TERM, policy: licensingPolicy({ kind: 'subscription' }) }, NOW)).toEqual({
      ok: false,
      code: 'SUBSCRIPTION_NOT_OFFLINE',
      detail: { exchange: 'refresh', kind: 'subscription' },
    });
  });

  it('refuses when the license forbids offline', () => {
    expect(checkOfflineRefresh({ ...TERM, allowOffline: false }, NOW)).toEqual({
      ok: false,
      code: 'OFFLINE_NOT_ALLOWED',
      detail: { exchange: 'refresh', setBy: 'license' },
    });
  });

  it('refreshes until one minute before the license ends, and refuses from its end', () => {
    expect(checkOfflineRefresh(TERM, addDuration(END, -minutes(1)))).toEqual(ACCEPTED);
    expect(checkOfflineRefresh(TERM, END)).toEqual({
      ok: false,
      code: 'LICENSE_EXPIRED',
      detail: { exchange: 'refresh', expiredAt: END.toISOString(), now: END.toISOString() },
    });
  });
});
