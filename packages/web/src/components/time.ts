import { describeCountdown } from '../../assets/countdown.js';
import { html, type SafeHtml } from '../html.ts';

export { describeCountdown, describeSpan } from '../../assets/countdown.js';

/**
 * A moment as people read it on a console, in UTC so that every reader and every log agree:
 * `2026-11-23 10:00 UTC`.
 *
 * @example
 * ```ts
 * formatDateTime(new Date('2026-11-23T10:00:30Z')); // '2026-11-23 10:00 UTC'
 * ```
 */
export function formatDateTime(moment: Date | string): string {
  const date = typeof moment === 'string' ? new Date(moment) : moment;
  if (Number.isNaN(date.getTime())) return String(moment);
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * A `<time>` element for a moment, showing it as `formatDateTime` does.
 *
 * @example
 * ```ts
 * html`Issued ${dateTime(issuedAt)}`;
 * ```
 */
export function dateTime(moment: Date | string): SafeHtml {
  const date = typeof moment === 'string' ? new Date(moment) : moment;
  if (Number.isNaN(date.getTime())) return html`${String(moment)}`;
  return html`<time datetime="${date.toISOString()}">${formatDateTime(date)}</time>`;
}

/**
 * A countdown to (or since) a moment: "in 23 h 59 min", rendered against the server's clock and
 * kept current by the client script, which reads `data-countdown` and the page's
 * `airlock-now` (so a client whose clock is wrong still counts from the server's time).
 *
 * @example
 * ```ts
 * html`Valid until ${dateTime(expiresAt)} (${countdown(expiresAt, clock.now())})`;
 * ```
 */
export function countdown(target: Date | string, now: Date): SafeHtml {
  const date = typeof target === 'string' ? new Date(target) : target;
  return html`<time class="countdown" datetime="${date.toISOString()}" data-countdown="">${describeCountdown(date.getTime(), now.getTime())}</time>`;
}
