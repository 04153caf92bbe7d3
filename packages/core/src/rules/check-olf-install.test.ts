import { describe, expect, it } from 'vitest';
import { licensingPolicy } from '../policy/licensing-policy.ts';
import { addDuration, days, hours, minutes } from '../time/duration.ts';
import { checkOlfInstall, type InstallingTenant, type OlfFacts } from './check-olf-install.ts';
import type { LfrCycleState } from './lfr-cycle.ts';

const SITE = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const OTHER_SITE = '0a0a0a0a-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const T0 = new Date('2026-03-02T08:00:00.000Z');
const CYCLE: LfrCycleState = {
  cycle: 2,
  open: { firstLfrAt: T0, latestLfrAt: T0, latestLfrId: 'lfr-b', sequence: 2 },
  lockedSince: null,
};
const OLF: OlfFacts = { siteGuid: SITE, tenant: 'default', answersLfrId: 'lfr-b', seatLimits: { creator: 2, runner: 1 } };

function tenant(overrides: Partial<InstallingTenant> = {}): InstallingTenant {
  return {
    siteGuid: SITE,
    tenant: 'default',
    now: addDuration(T0, hours(1)),
    policy: licensingPolicy(),
    cycle: CYCLE,
    assignedUsers: { creator: ['ana'], runner: ['bo'] },
    ...overrides,
  };
}

const tooManyRunners = { assignedUsers: { runner: ['cy', 'bo'] } };
const superseded = { ok: false, code: 'LFR_SUPERSEDED', detail: { answers: 'lfr-a', latestLfrId: 'lfr-b', cycle: 2, sequence: 2 } };

describe('checkOlfInstall', () => {
  it('installs an OLF for this tenant, answering its latest LFR, in time, within the seats in use', () => {
    expect(checkOlfInstall(OLF, tenant())).toEqual({ ok: true, value: { cycle: 2, open: null, lockedSince: null } });
  });

  it('installs one minute before the install deadline, whatever the GUID letter case', () => {
    const now = addDuration(T0, hours(48) - minutes(1));
    expect(checkOlfInstall({ ...OLF, siteGuid: SITE.toUpperCase() }, tenant({ now }))).toEqual({
      ok: true,
      value: { cycle: 2, open: null, lockedSince: null },
    });
  });

  it('refuses an OLF for another site', () => {
    expect(checkOlfInstall({ ...OLF, siteGuid: OTHER_SITE }, tenant())).toEqual({
      ok: false,
      code: 'WRONG_RECIPIENT',
      detail: { expected: `site:${SITE}/default`, found: `site:${OTHER_SITE}/default` },
    });
  });

  it('refuses an OLF for another tenant of this site', () => {
    expect(checkOlfInstall({ ...OLF, tenant: 'finance' }, tenant())).toEqual({
      ok: false,
      code: 'WRONG_RECIPIENT',
      detail: { expected: `site:${SITE}/default`, found: `site:${SITE}/finance` },
    });
  });

  it('refuses an OLF answering an earlier LFR of the cycle', () => {
    expect(checkOlfInstall({ ...OLF, answersLfrId: 'lfr-a' }, tenant())).toEqual(superseded);
  });

  it('refuses an OLF when no cycle is open', () => {
    expect(checkOlfInstall(OLF, tenant({ cycle: { cycle: 2, open: null, lockedSince: null } }))).toEqual({
      ok: false,
      code: 'NO_OPEN_CYCLE',
      detail: { cycle: 2 },
    });
  });

  it('refuses an OLF once the 48 h after the latest LFR have passed', () => {
    const now = addDuration(T0, hours(48));
    expect(checkOlfInstall(OLF, tenant({ now }))).toEqual({
      ok: false,
      code: 'LFR_EXPIRED',
      detail: { cycle: 2, latestLfrId: 'lfr-b', latestLfrAt: T0.toISOString(), expiredAt: now.toISOString(), now: now.toISOString() },
    });
  });

  it('refuses an OLF that would leave a seat type with more users than seats', () => {
    expect(checkOlfInstall(OLF, tenant(tooManyRunners))).toEqual({
      ok: false,
      code: 'SEAT_REDUCTION_BELOW_USE',
      detail: { violations: [{ type: 'runner', used: 2, limit: 1, users: ['bo', 'cy'] }] },
    });
  });

  describe('precedence', () => {
    it('names the wrong recipient before a superseded LFR, a closed window or seats', () => {
      const olf = { ...OLF, tenant: 'finance', answersLfrId: 'lfr-a' };
      expect(checkOlfInstall(olf, tenant({ ...tooManyRunners, now: addDuration(T0, days(8)) }))).toEqual({
        ok: false,
        code: 'WRONG_RECIPIENT',
        detail: { expected: `site:${SITE}/default`, found: `site:${SITE}/finance` },
      });
    });

    it('names a superseded LFR before a closed window or seats', () => {
      const olf = { ...OLF, answersLfrId: 'lfr-a' };
      expect(checkOlfInstall(olf, tenant({ ...tooManyRunners, now: addDuration(T0, days(8)) }))).toEqual(superseded);
    });

    it('names a closed window before seats', () => {
      const now = addDuration(T0, days(7));
      expect(checkOlfInstall(OLF, tenant({ ...tooManyRunners, now }))).toEqual({
        ok: false,
        code: 'CYCLE_LOCKED',
        detail: { cycle: 2, firstLfrAt: T0.toISOString(), lockedAt: now.toISOString(), now: now.toISOString() },
      });
    });
  });
});
