import { describe, expect, it } from 'vitest';
import { checkOlfDates } from './check-olf-dates.ts';

const ACCOUNT_END = '2026-12-31';
const NOON = new Date('2026-03-01T12:00:00.000Z');
const ACCEPTED = { ok: true, value: undefined };

describe('checkOlfDates', () => {
  it('accepts a file starting today and ending between today and the account end, both included', () => {
    const context = { now: NOON, accountEndsOn: ACCOUNT_END };
    expect(checkOlfDates({ startsOn: '2026-03-01', endsOn: '2026-03-01' }, context)).toEqual(ACCEPTED);
    expect(checkOlfDates({ startsOn: '2026-03-01', endsOn: '2026-09-30' }, context)).toEqual(ACCEPTED);
    expect(checkOlfDates({ startsOn: '2026-03-01', endsOn: ACCOUNT_END }, context)).toEqual(ACCEPTED);
  });

  it('takes today as the UTC date of now, to the minute around midnight', () => {
    const dates = { startsOn: '2026-03-01', endsOn: '2026-06-30' };
    expect(checkOlfDates(dates, { now: new Date('2026-03-01T23:59:00.000Z'), accountEndsOn: ACCOUNT_END })).toEqual(ACCEPTED);
    expect(checkOlfDates(dates, { now: new Date('2026-03-02T00:00:00.000Z'), accountEndsOn: ACCOUNT_END })).toEqual({
      ok: false,
      code: 'OLF_START_NOT_TODAY',
      detail: { startsOn: '2026-03-01', today: '2026-03-02' },
    });
    expect(checkOlfDates(dates, { now: new Date('2026-03-02T00:01:00.000Z'), accountEndsOn: ACCOUNT_END })).toEqual({
      ok: false,
      code: 'OLF_START_NOT_TODAY',
      detail: { startsOn: '2026-03-01', today: '2026-03-02' },
    });
  });

  it('refuses a start on the next UTC day until its midnight', () => {
    const dates = { startsOn: '2026-03-02', endsOn: '2026-06-30' };
    expect(checkOlfDates(dates, { now: new Date('2026-03-01T23:59:00.000Z'), accountEndsOn: ACCOUNT_END })).toEqual({
      ok: false,
      code: 'OLF_START_NOT_TODAY',
      detail: { startsOn: '2026-03-02', today: '2026-03-01' },
    });
    expect(checkOlfDates(dates, { now: new Date('2026-03-02T00:00:00.000Z'), accountEndsOn: ACCOUNT_END })).toEqual(ACCEPTED);
  });

  it('refuses an end the day before the start', () => {
    expect(checkOlfDates({ startsOn: '2026-03-01', endsOn: '2026-02-28' }, { now: NOON, accountEndsOn: ACCOUNT_END })).toEqual({
      ok: false,
      code: 'OLF_END_BEFORE_START',
      detail: { startsOn: '2026-03-01', endsOn: '2026-02-28' },
    });
  });

  it('refuses an end the day after the account end', () => {
    expect(checkOlfDates({ startsOn: '2026-03-01', endsOn: '2027-01-01' }, { now: NOON, accountEndsOn: ACCOUNT_END })).toEqual({
      ok: false,
      code: 'OLF_END_AFTER_ACCOUNT_END',
      detail: { endsOn: '2027-01-01', accountEndsOn: ACCOUNT_END },
    });
  });

  it.each([
    ['startsOn', { startsOn: '2026-3-1', endsOn: '2026-06-30' }, ACCOUNT_END, '2026-3-1'],
    ['endsOn', { startsOn: '2026-03-01', endsOn: '2026-02-30' }, ACCOUNT_END, '2026-02-30'],
    ['accountEndsOn', { startsOn: '2026-03-01', endsOn: '2026-06-30' }, '31/12/2026', '31/12/2026'],
  ])('refuses a malformed %s', (field, dates, accountEndsOn, value) => {
    expect(checkOlfDates(dates, { now: NOON, accountEndsOn })).toEqual({ ok: false, code: 'DATE_INVALID', detail: { field, value } });
  });

  describe('precedence', () => {
    it('names a malformed date before a wrong start', () => {
      expect(checkOlfDates({ startsOn: '2025-01-01', endsOn: 'soon' }, { now: NOON, accountEndsOn: ACCOUNT_END })).toEqual({
        ok: false,
        code: 'DATE_INVALID',
        detail: { field: 'endsOn', value: 'soon' },
      });
    });

    it('names a wrong start before a wrong end', () => {
      expect(checkOlfDates({ startsOn: '2026-03-02', endsOn: '2030-01-01' }, { now: NOON, accountEndsOn: ACCOUNT_END })).toEqual({
        ok: false,
        code: 'OLF_START_NOT_TODAY',
        detail: { startsOn: '2026-03-02', today: '2026-03-01' },
      });
    });

    it('names an end before the start when the account has already ended', () => {
      expect(checkOlfDates({ startsOn: '2026-03-01', endsOn: '2026-02-01' }, { now: NOON, accountEndsOn: '2026-01-31' })).toEqual({
        ok: false,
        code: 'OLF_END_BEFORE_START',
        detail: { startsOn: '2026-03-01', endsOn: '2026-02-01' },
      });
    });
  });
});
