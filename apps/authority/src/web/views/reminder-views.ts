import { apiForm, dataTable, dateTime, formFields, html, notice, path, section, statusBadge, submitButton, type SafeHtml } from '@airlock/web';
import type { ReminderPreferences } from '../../features/reminders/reminder-preferences.ts';
import type { ReminderView } from '../../features/reminders/reminder-reads.ts';
import type { ReminderKind } from '../../features/reminders/reminder-thresholds.ts';
import type { PageContent, PageContext } from '../pages.ts';

/**
 * Expiry reminders on the pages (README, "Expiry reminders"): a customer's preferences, shown
 * and changed on the console's customer page and on the portal's own page, and the page an
 * unsubscribe link opens — public, since it is reached from a letter, not a session.
 */

const KIND_LABELS: Readonly<Record<ReminderKind, string>> = {
  account: 'Account ending',
  'device-license': 'Device licenses ending',
  'olf-due': 'Offline license files running out (next LFR due)',
};

/** Each kind in a sentence: "Stop … for Acme?". */
const KIND_PHRASES: Readonly<Record<ReminderKind, string>> = {
  account: 'reminders that the account is ending',
  'device-license': 'reminders that device licenses are ending',
  'olf-due': 'reminders that offline license files are running out (next LFR due)',
};

/** The preferences form: one box per kind, the kinds' current state, and who switched one off. */
function reminderPreferencesForm(preferences: ReminderPreferences, options: { readonly area: 'console' | 'portal' }): SafeHtml {
  const f = formFields('reminder-preferences');
  const boxes = preferences.preferences.map((preference) =>
    f.checkbox({
      name: preference.kind,
      label: KIND_LABELS[preference.kind],
      checked: preference.subscribed,
      hint:
        preference.subscribed || !preference.unsubscribedAt
          ? undefined
          : `Switched off ${preference.unsubscribedAt.slice(0, 10)} by ${preference.unsubscribedBy ?? 'someone'}.`,
    }),
  );
  const whom = options.area === 'portal' ? 'your contact address' : 'the customer’s contact address';
  return apiForm({
    id: 'reminder-preferences',
    api: path`/v1/customers/${preferences.customerId}/reminder-preferences`,
    method: 'PUT',
    then: { reload: true, message: 'Reminder preferences saved.' },
    description: html`<p>Reminders go to ${whom}, <strong>${preferences.contactEmail}</strong>, 30, 7 and 1 day before something lapses. A kind switched off is not mailed; the vendor still sees it.</p>`,
    fields: html`${boxes}`,
    buttons: submitButton('Save the preferences'),
  });
}

/** The latest reminders decided, newest first. */
function remindersTable(reminders: readonly ReminderView[]): SafeHtml {
  return dataTable({
    caption: 'Latest reminders',
    rows: reminders,
    empty: 'No reminder yet.',
    columns: [
      { header: 'Decided', cell: (reminder) => dateTime(reminder.decidedAt), rowHeader: true },
      { header: 'Kind', cell: (reminder) => KIND_LABELS[reminder.kind] },
      { header: 'What', cell: (reminder) => reminder.objectId },
      { header: 'Lapses', cell: (reminder) => dateTime(reminder.dueAt) },
      { header: 'Days left', cell: (reminder) => String(reminder.daysLeft) },
      { header: 'Mail', cell: (reminder) => (reminder.mailed ? statusBadge('mailed', 'ok') : statusBadge('not mailed (switched off)', 'neutral')) },
    ],
  });
}

/** The console's section of a customer page. */
export async function consoleRemindersSection(context: PageContext, customerId: string): Promise<SafeHtml> {
  const api = path`/v1/customers/${customerId}`;
  const preferences = await context.api.get<ReminderPreferences>(`${api}/reminder-preferences`);
  const reminders = await context.api.get<ReminderView[]>(`${api}/reminders`);
  return section(
    { id: 'reminders', title: 'E-mail reminders' },
    html`${reminderPreferencesForm(preferences, { area: 'console' })}${remindersTable(reminders.slice(0, 10))}`,
  );
}

/** The portal's page of the signed-in user's customer. */
export async function portalRemindersPage(context: PageContext): Promise<PageContent> {
  const api = path`/v1/customers/${context.customerId}`;
  const preferences = await context.api.get<ReminderPreferences>(`${api}/reminder-preferences`);
  const reminders = await context.api.get<ReminderView[]>(`${api}/reminders`);
  return {
    title: 'E-mail reminders',
    lead: 'Warnings before your account, a device license or a site’s offline license lapses.',
    main: html`${section({ id: 'preferences', title: 'Which reminders to receive' }, reminderPreferencesForm(preferences, { area: 'portal' }))}${section({ id: 'latest', title: 'Latest reminders' }, remindersTable(reminders))}`,
  };
}

interface UnsubscribeTarget {
  readonly customerId: string;
  readonly customerName: string;
  readonly kind: ReminderKind;
  readonly subscribed: boolean;
}

/**
 * The page an unsubscribe link opens: what it unsubscribes from, and a button to confirm. Opening
 * it changes nothing (mail scanners follow links); the button posts to the API with the token.
 */
export async function unsubscribePage(context: PageContext<Record<string, string>, { token?: string }>): Promise<PageContent> {
  const token = context.query.token ?? '';
  const api = `/v1/reminders/unsubscribe?${new URLSearchParams({ token }).toString()}`;
  const target = await context.api.get<UnsubscribeTarget>(api);
  const what = html`<strong>${KIND_PHRASES[target.kind]}</strong> for <strong>${target.customerName}</strong>`;
  const main = target.subscribed
    ? apiForm({
        id: 'unsubscribe',
        api,
        then: { reload: true, message: 'Unsubscribed.' },
        description: html`<p>Stop ${what}? The other kinds of reminder go on. A portal user can switch it on again under E-mail reminders.</p>`,
        fields: '',
        buttons: submitButton('Unsubscribe'),
      })
    : notice(html`<p>You no longer receive ${what}. A portal user can switch them on again under E-mail reminders in the customer portal.</p>`, {
        tone: 'ok',
        role: 'status',
      });
  return { title: 'Unsubscribe from reminders', main };
}
