import { describe, expect, it } from 'vitest';
import { licensingPolicy } from '../policy/licensing-policy.ts';
import { addDuration, days, hours, minutes } from '../time/duration.ts';
import { initialCycleState, type LfrCycleState } from './lfr-cycle.ts';
import { siteLicenseStatus, type SiteLicenseFacts } from './site-license-status.ts';

const DATES = { startsOn: '2026-01-01', endsOn: '2026-12-31' };
const EXPIRES_AT = new Date('2027-01-01T00:00:00.000Z');
const SOON_FROM = new Date('2026-12-02T00:00:00.000Z');
const LICENSE = { ...DATES, expiresAt: EXPIRES_AT, expiringSoonFrom: SOON_FROM };
const MID_YEAR = new Date('2026-06-15T10:00:00.000Z');
const policy = licensingPolicy();
const COMPLETED: LfrCycleState = { cycle: 1, open: null, lockedSince: null };
const IDLE = { status: 'idle', cycle: 1, sequence: null, lockedSince: null, deadlines: null };

function facts(now: Date, overrides: Partial<SiteLicenseFacts> = {}): SiteLicenseFacts {
  return { now, license: DATES, cycle: COMPLETED, tampered: false, policy, ...overrides };
}

function openCycle(firstLfrAt: Date, lockedSince: Date | null = null): LfrCycleState {
  return { cycle: 2, open: { firstLfrAt, latestLfrAt: firstLfrAt, latestLfrId: 'lfr-a', sequence: 1 }, lockedSince };
}

function deadlinesFrom(first: Date): unknown {
  return {
    firstLfrAt: first,
    latestLfrAt: first,
    lfrExpiresAt: addDuration(first, hours(48)),
    locksAt: addDuration(first, days(7)),
    installBefore: addDuration(first, hours(48)),
  };
}

const statusAt = (now: Date, overrides: Partial<SiteLicenseFacts> = {}): unknown => {
  const outcome = siteLicenseStatus(facts(now, overrides));
  return outcome.ok ? outcome.value.status : outcome.code;
};

describe('siteLicenseStatus', () => {
  it('reports an active license with its expiry and the idle cycle', () => {
    expect(siteLicenseStatus(facts(MID_YEAR))).toEqual({ ok: true, value: { status: 'active', license: LICENSE, cycle: IDLE } });
  });

  it('turns expiring soon 30 days before the end of the end date, to the minute', () => {
    expect(statusAt(addDuration(SOON_FROM, -minutes(1)))).toBe('active');
    expect(siteLicenseStatus(facts(SOON_FROM))).toEqual({ ok: true, value: { status: 'expiring-soon', license: LICENSE, cycle: IDLE } });
    expect(statusAt(addDuration(SOON_FROM, minutes(1)))).toBe('expiring-soon');
  });

  it('expires at midnight UTC ending the end date, to the minute', () => {
    expect(statusAt(addDuration(EXPIRES_AT, -minutes(1)))).toBe('expiring-soon');
    expect(siteLicenseStatus(facts(EXPIRES_AT))).toEqual({ ok: true, value: { status: 'expired', license: LICENSE, cycle: IDLE } });
    expect(statusAt(addDuration(EXPIRES_AT, minutes(1)))).toBe('expired');
  });

  it('takes the expiring-soon window from the policy', () => {
    const weekly = licensingPolicy({ expiringSoonWindow: days(7) });
    const soonFrom = new Date('2026-12-25T00:00:00.000Z');
    expect(statusAt(addDuration(soonFrom, -minutes(1)), { policy: weekly })).toBe('active');
    expect(siteLicenseStatus(facts(soonFrom, { policy: weekly }))).toEqual({
      ok: true,
      value: { status: 'expiring-soon', license: { ...DATES, expiresAt: EXPIRES_AT, expiringSoonFrom: soonFrom }, cycle: IDLE },
    });
    expect(statusAt(addDuration(soonFrom, minutes(1)), { policy: weekly })).toBe('expiring-soon');
  });

  it('reports unlicensed with no license installed and no cycle open', () => {
    expect(siteLicenseStatus(facts(MID_YEAR, { license: null, cycle: initialCycleState }))).toEqual({
      ok: true,
      value: { status: 'unlicensed', license: null, cycle: { status: 'idle', cycle: 0, sequence: null, lockedSince: null, deadlines: null } },
    });
  });

  it('awaits the first OLF with its deadlines', () => {
    const first = addDuration(MID_YEAR, -hours(1));
    expect(siteLicenseStatus(facts(MID_YEAR, { license: null, cycle: openCycle(first) }))).toEqual({
      ok: true,
      value: {
        status: 'awaiting-olf',
        license: null,
        cycle: { status: 'awaiting-olf', cycle: 2, sequence: 1, lockedSince: null, deadlines: deadlinesFrom(first) },
      },
    });
  });

  it('awaits the OLF also once the LFR expired, the cycle saying so', () => {
    const first = addDuration(MID_YEAR, -hours(48));
    expect(siteLicenseStatus(facts(MID_YEAR, { cycle: openCycle(first) }))).toEqual({
      ok: true,
      value: {
        status: 'awaiting-olf',
        license: LICENSE,
        cycle: { status: 'lfr-expired', cycle: 2, sequence: 1, lockedSince: null, deadlines: deadlinesFrom(first) },
      },
    });
  });

  it('locks 7 days after the first LFR of a cycle with no OLF, to the minute, whatever the license dates', () => {
    const first = addDuration(MID_YEAR, -days(7));
    expect(statusAt(addDuration(MID_YEAR, -minutes(1)), { cycle: openCycle(first) })).toBe('awaiting-olf');
    expect(siteLicenseStatus(facts(MID_YEAR, { cycle: openCycle(first) }))).toEqual({
      ok: true,
      value: {
        status: 'locked',
        license: LICENSE,
        cycle: { status: 'locked', cycle: 2, sequence: 1, lockedSince: MID_YEAR, deadlines: deadlinesFrom(first) },
      },
    });
    expect(statusAt(addDuration(MID_YEAR, minutes(1)), { cycle: openCycle(first) })).toBe('locked');
  });

  describe('precedence', () => {
    const lateAndLocked = { cycle: openCycle(addDuration(EXPIRES_AT, -days(8))) };
    const afterEnd = addDuration(EXPIRES_AT, hours(1));

    it('reports tampering above everything', () => {
      expect(statusAt(afterEnd, { ...lateAndLocked, tampered: true })).toBe('tampered');
    });

    it('reports a lock above an expired license', () => {
      expect(statusAt(afterEnd, lateAndLocked)).toBe('locked');
    });

    it('reports an expired license above an open cycle', () => {
      expect(statusAt(afterEnd, { cycle: openCycle(EXPIRES_AT) })).toBe('expired');
    });

    it('reports an open cycle above an expiring license', () => {
      expect(statusAt(SOON_FROM, { cycle: openCycle(SOON_FROM) })).toBe('awaiting-olf');
    });
  });

  it('refuses malformed installed dates', () => {
    expect(siteLicenseStatus(facts(MID_YEAR, { license: { startsOn: '2026-01-01', endsOn: '2026-13-01' } }))).toEqual({
      ok: false,
      code: 'DATE_INVALID',
      detail: { field: 'endsOn', value: '2026-13-01' },
    });
  });
});
