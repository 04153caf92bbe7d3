import { countdown, dateTime, html, statusBadge, type SafeHtml, type Tone } from '@airlock/web';
import type { TenantStatus } from '../api-types.ts';

/**
 * How the site's pages say things: a license state as a badge whose word says it (colour only
 * helps), a use against its limit as a bar with its numbers, a Registration Key large enough to
 * read across a room and a button to copy it, a moment with the time left until it.
 */

const states: Record<TenantStatus['status'], { readonly label: string; readonly tone: Tone }> = {
  active: { label: 'active', tone: 'ok' },
  'expiring-soon': { label: 'expiring soon', tone: 'warn' },
  expired: { label: 'expired', tone: 'bad' },
  locked: { label: 'locked', tone: 'bad' },
  'awaiting-olf': { label: 'awaiting OLF', tone: 'warn' },
  tampered: { label: 'tampered', tone: 'bad' },
  'rebaseline-required': { label: 'restored: re-baseline required', tone: 'bad' },
  unlicensed: { label: 'not licensed', tone: 'neutral' },
};

/** A tenant's license state as a badge: "active", "expiring soon", "locked", … */
export function stateBadge(state: TenantStatus['status']): SafeHtml {
  const { label, tone } = states[state] ?? { label: state, tone: 'neutral' as const };
  return statusBadge(label, tone);
}

/** What a license state means for the licensed work, in a sentence. */
export function stateSentence(state: TenantStatus['status']): string {
  switch (state) {
    case 'active':
      return 'Licensed work is allowed.';
    case 'expiring-soon':
      return 'Licensed work is allowed, but the license ends soon: start a new cycle to renew it.';
    case 'expired':
      return 'The license has ended: licensed work is refused until a new license is installed.';
    case 'locked':
      return 'The cycle missed its window: licensed work is refused until a new cycle completes (a new LFR, then its OLF).';
    case 'awaiting-olf':
      return 'A license file request is open: install the offline license file that answers it before its deadlines.';
    case 'tampered':
      return 'The site’s ledger or clock cannot be trusted: licensed work is refused.';
    case 'unlicensed':
      return 'No license is installed yet: licensed work is refused.';
    case 'rebaseline-required':
      return 'The site was restored from a backup: licensed work is refused until the vendor accepts the gap. Generate an LFR, and install the OLF that answers it.';
  }
}

/**
 * A use against its limit: a `<meter>` bar (the browser's own, announced with its numbers) and
 * the numbers as text.
 */
export function usageBar(name: string, used: number, limit: number): SafeHtml {
  const max = Math.max(limit, used, 1);
  const over = used > limit;
  // The browser colours the bar by region: below three quarters of the limit it is fine, up to
  // the limit it is full, beyond it (the bar stretched to the use) it is over.
  return html`<span class="usage"><meter min="0" max="${max}" value="${used}" low="${limit * 0.75}" high="${limit}" optimum="0" aria-label="${name}: ${used} of ${limit} used"></meter><span class="usage-figures">${used} of ${limit}</span>${over ? html` ${statusBadge('over the limit', 'bad')}` : ''}</span>`;
}

/**
 * A Registration Key as people read and type it: large, in groups of four, selected whole with
 * one click, with a button that copies it (the site's script; without it, the text is still
 * selected whole).
 */
export function registrationKey(key: string, id: string): SafeHtml {
  return html`<span class="rk-block"><code class="rk" id="${id}">${key}</code><button type="button" class="button button-secondary copy-button" data-copy="${id}" aria-describedby="${id}">Copy</button><span class="copy-status" id="${id}-copied" role="status"></span></span>`;
}

/** A moment, and the time left until it (kept current by the client script). */
export function momentWithCountdown(at: string, now: Date): SafeHtml {
  return html`${dateTime(at)} <span class="countdown-text">(${countdown(at, now)})</span>`;
}

/** A day (YYYY-MM-DD) as the pages show it. */
export function day(value: string | null | undefined): string {
  return value ?? '–';
}

/** A list of names, or a dash. */
export function names(list: readonly string[]): string {
  return list.length === 0 ? '–' : list.join(', ');
}
