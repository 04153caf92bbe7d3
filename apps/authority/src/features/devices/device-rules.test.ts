import { licensingPolicy } from '@airlock/core';
import { accept, refuse } from '@airlock/core/internal';
import { describe, expect, it } from 'vitest';
import {
  checkActivation,
  checkChannel,
  checkEnvironment,
  checkOnlineActivation,
  checkRefresh,
  withEnvironment,
  type DeviceLicenseFacts,
} from './device-rules.ts';

const now = new Date('2026-11-23T10:00:00Z');
const past = new Date('2026-11-01T00:00:00Z');
const license = (facts: Partial<DeviceLicenseFacts> = {}): DeviceLicenseFacts => ({
  policy: licensingPolicy({ maxActivations: 1 }),
  expiresAt: null,
  allowOnline: true,
  expiryGraceMs: 0,
  ...facts,
});

describe('the device licensing rules the authority adds to the core', () => {
  it('refuses online activation in its order: online forbidden, then expired, then no slot left', () => {
    const everythingWrong = { ...license({ allowOnline: false, expiresAt: past }), activeActivations: 1 };
    expect(checkOnlineActivation(everythingWrong, now)).toEqual({ ok: false, code: 'ONLINE_NOT_ALLOWED', detail: { exchange: 'activation' } });
    expect(checkOnlineActivation({ ...everythingWrong, allowOnline: true }, now)).toEqual({
      ok: false,
      code: 'LICENSE_EXPIRED',
      detail: { exchange: 'activation', expiredAt: past.toISOString(), now: now.toISOString() },
    });
    expect(checkOnlineActivation({ ...everythingWrong, allowOnline: true, expiresAt: null }, now)).toEqual({
      ok: false,
      code: 'ACTIVATIONS_EXHAUSTED',
      detail: { activeActivations: 1, maxActivations: 1 },
    });
    expect(checkOnlineActivation({ ...everythingWrong, allowOnline: true, expiresAt: null, maxActivations: null }, now)).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it('activates subscriptions and licenses that forbid offline online, but not offline', () => {
    const subscription = { ...license({ kind: 'subscription', allowOffline: false }), activeActivations: 0 };
    expect(checkActivation(subscription, 'online', false, now).ok).toBe(true);
    expect(checkActivation(subscription, 'offline', false, now)).toMatchObject({ ok: false, code: 'OFFLINE_NOT_ALLOWED' });
    expect(checkActivation({ ...subscription, allowOffline: true }, 'offline', false, now)).toMatchObject({ ok: false, code: 'SUBSCRIPTION_NOT_OFFLINE' });
  });

  it('never counts a device that already holds its slot against the limit, on either channel', () => {
    const full = { ...license(), activeActivations: 1 };
    expect([checkActivation(full, 'offline', true, now).ok, checkActivation(full, 'online', true, now).ok]).toEqual([true, true]);
    expect([checkActivation(full, 'offline', false, now).ok, checkActivation(full, 'online', false, now).ok]).toEqual([false, false]);
    expect(checkActivation({ ...full, expiresAt: past }, 'online', true, now)).toMatchObject({ ok: false, code: 'LICENSE_EXPIRED' });
  });

  it('judges deactivations and reports by the channel alone, so an expired license can still give its slot back', () => {
    const expired = license({ expiresAt: past, kind: 'subscription' });
    expect(checkChannel(expired, 'offline', 'deactivation')).toEqual({ ok: true, value: undefined });
    expect(checkChannel(expired, 'online', 'usage report')).toEqual({ ok: true, value: undefined });
    expect(checkChannel(license({ allowOffline: false }), 'offline', 'deactivation')).toEqual({
      ok: false,
      code: 'OFFLINE_NOT_ALLOWED',
      detail: { exchange: 'deactivation', setBy: 'license' },
    });
    expect(checkChannel(license({ policy: licensingPolicy({ allowOffline: false }) }), 'offline', 'deactivation')).toMatchObject({
      detail: { setBy: 'policy' },
    });
    expect(checkChannel(license({ allowOnline: false }), 'online', 'usage report')).toEqual({
      ok: false,
      code: 'ONLINE_NOT_ALLOWED',
      detail: { exchange: 'usage report' },
    });
  });

  it('refreshes on the rules of the channel', () => {
    expect(checkRefresh(license({ kind: 'subscription' }), 'offline', now)).toMatchObject({ ok: false, code: 'SUBSCRIPTION_NOT_OFFLINE' });
    expect(checkRefresh(license({ kind: 'subscription' }), 'online', now).ok).toBe(true);
    expect(checkRefresh(license({ expiresAt: past }), 'online', now)).toMatchObject({ ok: false, code: 'LICENSE_EXPIRED', detail: { exchange: 'refresh' } });
  });

  it('lets a device that holds its slot refresh and validate through the grace after expiry, but activates no new device after the end', () => {
    const graced = { ...license({ expiresAt: past, expiryGraceMs: 30 * 86_400_000 }), activeActivations: 0 };
    expect(checkOnlineActivation(graced, now)).toMatchObject({ ok: false, code: 'LICENSE_EXPIRED' });
    expect(checkActivation(graced, 'offline', false, now)).toMatchObject({ ok: false, code: 'LICENSE_EXPIRED' });
    expect(checkActivation(graced, 'online', true, now).ok).toBe(true);
    expect(checkRefresh(graced, 'online', now).ok).toBe(true);
    expect(checkRefresh(graced, 'offline', now).ok).toBe(true);
    const after = new Date(past.getTime() + 30 * 86_400_000);
    expect(checkRefresh(graced, 'online', after)).toEqual({
      ok: false,
      code: 'LICENSE_EXPIRED',
      detail: { exchange: 'refresh', expiredAt: after.toISOString(), now: after.toISOString() },
    });
  });
});

describe('where a device runs', () => {
  it('matters only when virtual machines are not allowed, where a device that does not say is refused too', () => {
    const vm = { virtualMachine: true, container: false };
    expect([checkEnvironment(true, vm), checkEnvironment(true, undefined), checkEnvironment(false, { virtualMachine: false, container: false })]).toEqual([
      accept(),
      accept(),
      accept(),
    ]);
    expect(checkEnvironment(false, vm)).toEqual({ ok: false, code: 'VIRTUAL_MACHINE_NOT_ALLOWED', detail: vm });
    expect(checkEnvironment(false, { virtualMachine: false, container: true })).toMatchObject({
      code: 'VIRTUAL_MACHINE_NOT_ALLOWED',
      detail: { container: true },
    });
    expect(checkEnvironment(false, undefined)).toMatchObject({
      code: 'VIRTUAL_MACHINE_NOT_ALLOWED',
      detail: { reason: expect.stringMatching(/does not say/) as string },
    });
  });

  it('comes after the license’s terms and before the activation limit', () => {
    const refused = refuse('VIRTUAL_MACHINE_NOT_ALLOWED', {});
    expect(withEnvironment(refuse('LICENSE_EXPIRED', {}), refused)).toMatchObject({ code: 'LICENSE_EXPIRED' });
    expect(withEnvironment(refuse('ACTIVATIONS_EXHAUSTED', {}), refused)).toMatchObject({ code: 'VIRTUAL_MACHINE_NOT_ALLOWED' });
    expect(withEnvironment(accept(), refused)).toMatchObject({ code: 'VIRTUAL_MACHINE_NOT_ALLOWED' });
    expect(withEnvironment(refuse('ACTIVATIONS_EXHAUSTED', {}), accept())).toMatchObject({ code: 'ACTIVATIONS_EXHAUSTED' });
  });
});
