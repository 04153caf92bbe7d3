// @ts-check
/**
 * How far away a moment is, in words a person reads at a glance ("in 6 days 23 h",
 * "in 47 min", "3 h ago"). Shared by the server, which renders it into the page, and the
 * client script, which keeps it current: plain JavaScript so both run this very file.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * @example
 * ```js
 * describeCountdown(Date.parse('2026-11-24T10:00:00Z'), Date.parse('2026-11-23T10:00:00Z')); // 'in 1 day'
 * ```
 * @param {number} targetMs the moment, in milliseconds since the epoch
 * @param {number} nowMs now, in milliseconds since the epoch
 * @returns {string}
 */
export function describeCountdown(targetMs, nowMs) {
  const difference = targetMs - nowMs;
  const span = describeSpan(Math.abs(difference));
  if (span === null) return 'now';
  return difference > 0 ? `in ${span}` : `${span} ago`;
}

/**
 * A duration rounded down to the two largest units worth saying, or null under a minute.
 *
 * @param {number} ms
 * @returns {string | null}
 */
export function describeSpan(ms) {
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${plural(days, 'day')} ${hours} h` : plural(days, 'day');
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return `${minutes} min`;
  return null;
}

/**
 * @param {number} count
 * @param {string} unit
 * @returns {string}
 */
function plural(count, unit) {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
