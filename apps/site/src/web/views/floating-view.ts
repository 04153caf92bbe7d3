import {
  apiForm,
  code,
  dataTable,
  dateTime,
  definitionList,
  formFields,
  html,
  lineChart,
  notice,
  path,
  section,
  statusBadge,
  submitButton,
  type ChartSeries,
  type SafeHtml,
} from '@airlock/web';
import { mayChange } from '../permissions.ts';
import type { PageContent, PageContext } from '../site-pages.ts';
import { tenantCrumbs } from './crumbs.ts';
import { momentWithCountdown, usageBar } from './words.ts';
import type { FloatingView } from '../api-types.ts';

type Held = FloatingView['leases'][number];
type Settings = FloatingView['settings'];

/** The bounds of the settings form, as `PUT /v1/tenants/{tenant}/floating` takes them (docs/floating.md). */
const LEASE_TTL_SECONDS = { min: 60, max: 86_400 } as const;
const BORROW_MAX_DAYS = 90;

/** A number of seconds as people say a lease period: "15 minutes", "1 hour 30 minutes", "90 seconds". */
export function describePeriod(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds % 60 !== 0) return unit(seconds, 'second');
  const minutes = seconds / 60;
  const [hours, rest] = [Math.floor(minutes / 60), minutes % 60];
  if (hours === 0) return unit(minutes, 'minute');
  return rest === 0 ? unit(hours, 'hour') : `${unit(hours, 'hour')} ${unit(rest, 'minute')}`;
}

/** The longest borrow as people read it: "7 days", or that borrowing is off. */
export function describeBorrowMax(days: number): string {
  return days === 0 ? 'off (no seat may be borrowed)' : `${days} day${days === 1 ? '' : 's'}`;
}

function countsTable(view: FloatingView): SafeHtml {
  return dataTable({
    caption: 'Seats per license type',
    captionHidden: true,
    id: 'floating-types',
    rows: view.types,
    empty: 'No seat type is licensed or in use.',
    columns: [
      { header: 'License type', cell: (type) => type.type, rowHeader: true },
      { header: 'Limit', cell: (type) => type.limit, numeric: true },
      { header: 'Named', cell: (type) => type.named, numeric: true },
      { header: 'Leased', cell: (type) => type.leased, numeric: true },
      { header: 'Borrowed', cell: (type) => type.borrowed, numeric: true },
      { header: 'In use', cell: (type) => usageBar(type.type, type.used, type.limit) },
    ],
  });
}

/**
 * The button that ends one lease or borrow, after a confirmation that says what it does: a
 * leased application learns it at its next heartbeat; a borrowing device is away and cannot be
 * told, so its file stays valid until its end while the seat is free at once.
 */
function revokeButton(tenant: string, held: Held, index: number): SafeHtml {
  const who = `${held.user} on ${held.fingerprint}`;
  const confirm =
    held.kind === 'lease'
      ? `Revoke the ${held.type} lease of ${who}? The seat is free at once; the application learns it at its next heartbeat.`
      : `Revoke the ${held.type} borrow of ${who}? The seat is free at once, but the device is away and cannot be told: its borrow file stays valid until it ends. Revoke a borrow only for a device that is lost or broken.`;
  return apiForm({
    id: `revoke-${index}`,
    api: path`/v1/tenants/${tenant}/leases/${held.leaseId}/revoke`,
    className: 'inline compact',
    confirm,
    then: { reload: true, message: `The ${held.type} ${held.kind} of ${who} is revoked: its seat is free.` },
    fields: '',
    buttons: submitButton(`Revoke the ${held.kind} of ${held.user}`, { variant: 'danger' }),
  });
}

function leasesSection(view: FloatingView, now: Date, changes: boolean): SafeHtml {
  const rows = view.leases.map((held, index) => ({ ...held, index }));
  const table = dataTable({
    caption: 'Leases and borrows held now',
    captionHidden: true,
    id: 'leases-table',
    rows,
    empty: 'No seat is leased or borrowed now.',
    columns: [
      { header: 'User', cell: (held) => held.user, rowHeader: true },
      { header: 'Device', cell: (held) => code(held.fingerprint) },
      { header: 'License type', cell: (held) => held.type },
      { header: 'Kind', cell: (held) => (held.kind === 'lease' ? statusBadge('lease', 'ok') : statusBadge('borrow', 'warn')) },
      { header: 'Since', cell: (held) => dateTime(held.since) },
      { header: 'Expires', cell: (held) => momentWithCountdown(held.expiresAt, now) },
      ...(changes ? [{ header: 'Action', cell: (held: (typeof rows)[number]) => revokeButton(view.tenant, held, held.index) }] : []),
    ],
  });
  const borrowNote =
    changes && view.leases.some((held) => held.kind === 'borrow')
      ? notice(
          html`<p>Revoking a borrow frees its seat at once, but cannot reach a device that is away: its borrow file stays valid until it ends. Revoke one only for a device that is lost or broken.</p>`,
          { tone: 'warn', role: 'note' },
        )
      : '';
  return section({ id: 'leases', title: 'Leases and borrows' }, html`${table}${borrowNote}`);
}

function settingsForm(tenant: string, settings: Settings): SafeHtml {
  const id = 'floating-settings';
  const f = formFields(id);
  return apiForm({
    id,
    api: path`/v1/tenants/${tenant}/floating`,
    method: 'PUT',
    then: { reload: true, message: 'Settings saved: a lease period of {leaseTtlSeconds} seconds, borrows of up to {borrowMaxDays} days.' },
    fields: html`<div class="form-grid">${f.number({
      name: 'leaseTtlSeconds',
      label: 'Lease period (seconds)',
      required: true,
      value: settings.leaseTtlSeconds,
      min: LEASE_TTL_SECONDS.min,
      max: LEASE_TTL_SECONDS.max,
      hint: 'From 60 (1 minute) to 86400 (24 hours); 900 is 15 minutes. A lease whose heartbeats stop is freed within one period.',
    })}${f.number({
      name: 'borrowMaxDays',
      label: 'Longest borrow (days)',
      required: true,
      value: settings.borrowMaxDays,
      min: 0,
      max: BORROW_MAX_DAYS,
      hint: `Up to ${BORROW_MAX_DAYS} days; 0 turns borrowing off.`,
    })}</div>`,
    buttons: submitButton('Save the settings'),
  });
}

function settingsSection(view: FloatingView, changes: boolean): SafeHtml {
  const facts = definitionList([
    ['Lease period', html`<span id="lease-period">${describePeriod(view.settings.leaseTtlSeconds)}</span>`],
    ['Longest borrow', html`<span id="borrow-max">${describeBorrowMax(view.settings.borrowMaxDays)}</span>`],
  ]);
  return section({ id: 'settings', title: 'Settings' }, html`${facts}${changes ? settingsForm(view.tenant, view.settings) : ''}`);
}

/** One line per type, a point per UTC day: the most seats of the type in use at once that day. */
function peakSeries(days: FloatingView['days']): ChartSeries[] {
  return days.map(({ type, days: perDay }) => ({ name: type, points: perDay.map(({ day, peak }) => ({ at: new Date(`${day}T00:00:00Z`), value: peak })) }));
}

function historySection(view: FloatingView): SafeHtml {
  const borrowDays = view.days
    .flatMap(({ type, days }) => days.filter((day) => day.borrowed > 0).map((day) => ({ type, ...day })))
    .sort((a, b) => (a.day === b.day ? (a.type < b.type ? -1 : 1) : a.day < b.day ? 1 : -1));
  const chart = lineChart({
    id: 'daily-peaks',
    title: 'Daily peak of seats in use',
    description: `The most seats of each license type in use at once on each UTC day, at tenant ${view.tenant}: named seats, leases and borrows together. Each LFR reports these to the vendor.`,
    valueLabel: 'seats',
    series: peakSeries(view.days),
  });
  const table = dataTable({
    caption: 'Days with borrows',
    id: 'borrow-days',
    rows: borrowDays,
    empty: 'No seat has been borrowed yet.',
    columns: [
      { header: 'Day (UTC)', cell: (row) => row.day, rowHeader: true },
      { header: 'License type', cell: (row) => row.type },
      { header: 'Borrows', cell: (row) => row.borrowed, numeric: true },
      { header: 'Peak in use', cell: (row) => row.peak, numeric: true },
    ],
  });
  return section({ id: 'history', title: 'Peak use over time' }, html`${chart}${table}`);
}

/**
 * Floating seats of a tenant (docs/floating.md): per type the limit and how it is used (named,
 * leased, borrowed), every lease and borrow with a button that revokes it, the lease period and
 * longest borrow with the form that sets them, and the daily peaks each LFR reports. An auditor
 * reads it all, without the forms.
 */
export async function floatingPage(context: PageContext, tenant: string): Promise<PageContent> {
  const view = await context.api.get<FloatingView>(path`/v1/tenants/${tenant}/leases`);
  const changes = context.me !== null && mayChange(context.me, tenant);
  return {
    title: `Floating seats of ${tenant}`,
    tenant,
    breadcrumbs: tenantCrumbs(context),
    lead: changes
      ? 'Applications lease a seat while they run and keep it by heartbeats; a laptop leaving the network borrows one for some days. Named seats, leases and borrows share each type’s limit. Revoke a lease or borrow of a device that is lost or broken.'
      : 'Applications lease a seat while they run and keep it by heartbeats; a laptop leaving the network borrows one for some days. Named seats, leases and borrows share each type’s limit. Changes are for the tenant’s administrators.',
    main: html`${section({ id: 'types', title: 'Seats in use' }, countsTable(view))}
${leasesSection(view, context.now, changes)}
${settingsSection(view, changes)}
${historySection(view)}`,
  };
}
