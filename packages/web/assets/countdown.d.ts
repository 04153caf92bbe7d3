// Generated from countdown.js by TypeScript (declaration emit); test/assets.test.ts checks it matches.
/**
 * @example
 * ```js
 * describeCountdown(Date.parse('2026-11-24T10:00:00Z'), Date.parse('2026-11-23T10:00:00Z')); // 'in 1 day'
 * ```
 * @param {number} targetMs the moment, in milliseconds since the epoch
 * @param {number} nowMs now, in milliseconds since the epoch
 * @returns {string}
 */
export function describeCountdown(targetMs: number, nowMs: number): string;
/**
 * A duration rounded down to the two largest units worth saying, or null under a minute.
 *
 * @param {number} ms
 * @returns {string | null}
 */
export function describeSpan(ms: number): string | null;
