/**
 * Durations are whole milliseconds. Licensing windows are policy settings measured in these
 * units; calendar dates (an OLF's start and end) are `YYYY-MM-DD` strings in UTC.
 */
export type Milliseconds = number;

/** One minute, in milliseconds. */
export const MINUTE: Milliseconds = 60_000;
/** One hour, in milliseconds. */
export const HOUR: Milliseconds = 60 * MINUTE;
/** One day of 24 hours, in milliseconds. */
export const DAY: Milliseconds = 24 * HOUR;

/** A number of minutes, in milliseconds. */
export const minutes = (n: number): Milliseconds => n * MINUTE;
/** A number of hours, in milliseconds. */
export const hours = (n: number): Milliseconds => n * HOUR;
/** A number of days (of 24 hours), in milliseconds. */
export const days = (n: number): Milliseconds => n * DAY;

/** A source of the current time, passed to whatever needs it; the core never reads a clock. */
export interface Clock {
  now(): Date;
}

/** `t + duration` as a new Date. */
export function addDuration(t: Date, duration: Milliseconds): Date {
  return new Date(t.getTime() + duration);
}

/** JWT NumericDate: whole seconds since the epoch. */
export function toNumericDate(t: Date): number {
  return Math.floor(t.getTime() / 1000);
}

export function fromNumericDate(seconds: number): Date {
  return new Date(seconds * 1000);
}

/** The UTC calendar date of an instant, `YYYY-MM-DD`. */
export function utcDate(t: Date): string {
  return t.toISOString().slice(0, 10);
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True for a real calendar date written `YYYY-MM-DD` (so `2026-02-30` is false), in the
 * proleptic Gregorian calendar of JavaScript's Date. Worked out from the digits: parsing a Date
 * and printing it back cost more than the rest of checking a license's terms.
 */
export function isCalendarDate(value: string): boolean {
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The first instant after the given UTC calendar date ends (its next midnight). */
export function endOfCalendarDate(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + DAY);
}
