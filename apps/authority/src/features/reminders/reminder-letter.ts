import { escapeHtml, type LetterBrand } from '../orders/license-letter.ts';
import type { Letter } from '../orders/mail-outbox.ts';

/** What lapses, as the letter names it. */
export type ReminderSubject =
  | { readonly kind: 'account' }
  | { readonly kind: 'device-license'; readonly licenseId: string; readonly productName: string; readonly keyHint: string | null }
  | { readonly kind: 'olf-due'; readonly siteName: string; readonly siteGuid: string; readonly tenant: string };

export interface ReminderLetterInput {
  readonly customerName: string;
  readonly subject: ReminderSubject;
  /** The last day it counts (UTC), `YYYY-MM-DD`. */
  readonly lastDay: string;
  readonly daysLeft: number;
  /** The authority's address as customers reach it, for the links; else the paths alone. */
  readonly publicUrl?: string | undefined;
  readonly brand?: LetterBrand | undefined;
  /** The page that unsubscribes from this kind of reminder; absent without a public address. */
  readonly unsubscribeUrl?: string | undefined;
}

/**
 * An expiry reminder (README, "Expiry reminders") in plain text and HTML with the same content,
 * like the license letters: what lapses, on which day and in how many days, what happens then,
 * and what to do; the brand as the branded portal shows it, and how to stop this kind of
 * reminder. Everything from outside (names, ids, the brand, links) is escaped in the HTML part.
 *
 * @example
 * ```ts
 * composeReminderLetter({ customerName: 'Acme', subject: { kind: 'account' }, lastDay: '2027-01-31', daysLeft: 7 });
 * ```
 */
export function composeReminderLetter(input: ReminderLetterInput): Letter {
  const base = input.publicUrl?.replace(/\/+$/, '') ?? '';
  const what = describe(input.subject, base);
  const when = `${input.lastDay} (UTC), in ${input.daysLeft} ${input.daysLeft === 1 ? 'day' : 'days'}`;
  const subject = `Reminder: ${what.title} ends on ${input.lastDay}`;
  const brand = input.brand;
  const colour = brand && /^#[0-9a-fA-F]{6}$/.test(brand.primaryColour) ? brand.primaryColour : null;
  const support = brand?.supportEmail ? `Questions? Write to ${brand.supportEmail}.` : null;
  const intro = `${capitalize(what.title)} ends on ${when}.`;
  const why = 'You receive this reminder as the contact address of the account.';
  const stop = input.unsubscribeUrl
    ? `To stop reminders of this kind, open ${input.unsubscribeUrl}`
    : `To stop reminders of this kind, sign in to the customer portal${base ? ` (${base}/portal/reminders)` : ''} and open E-mail reminders.`;

  const text = [
    `Hello ${input.customerName},`,
    '',
    intro,
    '',
    ...what.facts.map((fact) => `  ${fact}`),
    '',
    what.consequence,
    '',
    'What to do:',
    ...what.steps.map((step, index) => `  ${index + 1}. ${step}`),
    '',
    ...(support ? [support, ''] : []),
    ...(brand ? [brand.name, ''] : []),
    '--',
    why,
    stop,
    '',
  ].join('\n');

  const html = [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    ...(brand
      ? [
          `<div style="background: ${colour ?? '#1f4e79'}; color: #ffffff; padding: 0.6em 1em; font-weight: bold; font-size: 1.2em">${escapeHtml(brand.name)}</div>`,
        ]
      : []),
    `<p>Hello ${escapeHtml(input.customerName)},</p>`,
    `<p style="font-size: 1.2em${colour ? `; color: ${colour}` : ''}"><strong>${escapeHtml(intro)}</strong></p>`,
    `<ul>${what.facts.map((fact) => `<li>${escapeHtml(fact)}</li>`).join('')}</ul>`,
    `<p>${escapeHtml(what.consequence)}</p>`,
    '<h3>What to do</h3>',
    `<ol>${what.steps.map((step) => `<li>${escapeHtml(step)}</li>`).join('')}</ol>`,
    ...(brand?.supportEmail ? [`<p>Questions? Write to <a href="mailto:${escapeHtml(brand.supportEmail)}">${escapeHtml(brand.supportEmail)}</a>.</p>`] : []),
    ...(brand ? [`<p style="color: #555555">${escapeHtml(brand.name)}</p>`] : []),
    `<p style="color: #555555; font-size: 0.9em">${escapeHtml(why)} ` +
      (input.unsubscribeUrl ? `<a href="${escapeHtml(input.unsubscribeUrl)}">Stop reminders of this kind</a>.` : escapeHtml(stop)) +
      '</p>',
    '</body></html>',
    '',
  ].join('\n');

  return { subject, text, html };
}

interface Described {
  readonly title: string;
  readonly facts: readonly string[];
  readonly consequence: string;
  readonly steps: readonly string[];
}

function describe(subject: ReminderSubject, base: string): Described {
  const portal = (path: string) => (base ? ` (${base}${path})` : '');
  switch (subject.kind) {
    case 'account':
      return {
        title: 'your account',
        facts: [],
        consequence: 'After that day no new license file can be issued for your sites, and licenses bounded by the account end with it.',
        steps: ['Contact the vendor to renew the account before it ends.'],
      };
    case 'device-license':
      return {
        title: `your device license for ${subject.productName}`,
        facts: [`License: ${subject.licenseId}`, ...(subject.keyHint ? [`License key ending in ${subject.keyHint}`] : [])],
        consequence: 'After that day the devices using it are no longer licensed.',
        steps: [
          'Contact the vendor to renew or extend the license.',
          `Once it is renewed, refresh each device's license (online it refreshes by itself; offline, through the device portal${portal('/devices/refresh')}).`,
        ],
      };
    case 'olf-due':
      return {
        title: `the offline license of site ${subject.siteName}, tenant ${subject.tenant}`,
        facts: [`Site GUID: ${subject.siteGuid}`, `Tenant: ${subject.tenant}`],
        consequence: 'After that day the tenant is no longer licensed, unless a new Offline License File (OLF) is installed on it first.',
        steps: [
          'On the site, generate a License File Request (LFR) for the tenant from its license page.',
          `Upload the LFR in the customer portal${portal('/portal/lfrs/new')}; the vendor answers it with a new OLF.`,
          'Install the new OLF on the site before the current one ends. If the account itself ends, contact the vendor to renew it first.',
        ],
      };
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
