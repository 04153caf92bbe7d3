import { code, dataTable, dateTime, formFields, html, path, section, submitButton, type HtmlValue } from '@airlock/web';
import type { PageContent, PageContext } from '../site-pages.ts';
import { tenantCrumbs } from './crumbs.ts';
import { usageBar } from './words.ts';
import type { AuditEntry, TenantUsage } from '../api-types.ts';

type Event = AuditEntry['event'];

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** One ledger event in words: what happened, to what. Unknown kinds are named by their type. */
function describeEvent(event: Event): HtmlValue {
  const e = event as Record<string, unknown>;
  switch (event.t) {
    case 'tenant-created':
      return html`Tenant ${text(e.tenant)} created, Registration Key ${code(text(e.rk))}`;
    case 'token-installed':
      return html`Enablement token ${code(text((e.token as Record<string, unknown> | undefined)?.id))} installed: offline licensing on`;
    case 'lfr-generated':
      return html`License file request ${code(text(e.lfrId))} made`;
    case 'olf-installed':
      return html`Offline license file ${code(text((e.license as Record<string, unknown> | undefined)?.olfId))} installed`;
    case 'activated-license-installed': {
      const license = e.license as Record<string, unknown> | undefined;
      return html`Activated license ${code(text(license?.licenseId))} (revision ${text(license?.revision)}, LRN ${text(license?.activatedLrn)}) installed`;
    }
    case 'document-refused': {
      const document = text(e.document).replace(/-/g, ' ');
      return html`${/^[aeiou]/.test(document) ? 'An' : 'A'} ${document} (${code(text(e.documentId))}) was refused: ${code(text(e.code))}`;
    }
    case 'seat-assigned':
      return `Seat of ${text(e.type)} assigned to ${text(e.user)}`;
    case 'seat-released':
      return `Seat of ${text(e.type)} released by ${text(e.user)}`;
    case 'seat-reassigned':
      return `Seat of ${text(e.type)} moved from ${text(e.from)} to ${text(e.to)}`;
    case 'user-deprovisioned':
      return `${text(e.user)} de-provisioned: every seat freed`;
    case 'meter-consumed':
      return `${text(e.amount)} of ${text(e.meter)} consumed`;
    case 'account-created':
      return `Account ${text(e.account)} created (${text(e.role)})`;
    case 'password-changed':
      return `Password of ${text(e.account)} ${e.mustChangePassword === true ? 'reset' : 'changed'}`;
    case 'account-disabled':
      return `Account ${text(e.account)} disabled`;
    case 'sign-in-attempted':
      return `Sign-in of ${text(e.account)} from ${text(e.address)}: ${text(e.outcome).replace(/-/g, ' ')}`;
    case 'app-key-created':
      return `Application key ${text(e.name)} (${text(e.keyId)}) created`;
    case 'app-key-revoked':
      return `Application key ${text(e.keyId)} revoked`;
    default:
      return event.t;
  }
}

/** Who did it: the administrator or program the event names, or the licensed application. */
function actorOf(event: Event): string {
  const by = (event as Record<string, unknown>).by;
  if (typeof by === 'string') return by;
  if (['seat-assigned', 'seat-released', 'meter-consumed'].includes(event.t)) return 'licensed application';
  return '–';
}

const COUNTS = [50, 100, 200, 500] as const;

/**
 * The usage audit of a tenant: its meters' totals, then the latest events of its ledger, newest
 * first — documents installed or refused, seats assigned and freed, consumption, and the
 * accounts and keys that concern it — with who did each and when.
 */
export async function auditPage(context: PageContext<{ tenant: string }, { events?: string }>, tenant: string): Promise<PageContent> {
  const count = COUNTS.find((candidate) => String(candidate) === context.query.events) ?? 100;
  const [audit, usage] = await Promise.all([
    context.api.get<{ events: AuditEntry[] }>(path`/v1/tenants/${tenant}/audit?events=${count}`),
    context.api.get<TenantUsage>(path`/v1/tenants/${tenant}/usage?events=0`),
  ]);
  const f = formFields('events-shown');
  const filter = html`<form class="api-form inline" method="get" action="${path`/admin/audit/${tenant}`}">${f.select({ name: 'events', label: 'Events shown', value: String(count), options: COUNTS.map((value) => ({ value: String(value), label: `the latest ${value}` })) })}<div class="form-actions">${submitButton('Show', { variant: 'secondary' })}</div></form>`;
  return {
    title: `Usage audit of ${tenant}`,
    tenant,
    breadcrumbs: tenantCrumbs(context),
    lead: html`From the site’s ledger: ${usage.ledger.sequence} records, head ${code(usage.ledger.head.slice(0, 16))}…, verified at every start.`,
    main: html`${section(
      { id: 'meters', title: 'Meter totals' },
      dataTable({
        caption: 'Meter totals',
        captionHidden: true,
        rows: usage.meters,
        empty: 'No meter is licensed or consumed.',
        columns: [
          { header: 'Meter', cell: (meter) => meter.meter, rowHeader: true },
          { header: 'Consumed of limit', cell: (meter) => usageBar(meter.meter, meter.used, meter.limit) },
        ],
      }),
    )}
${section(
  { id: 'events', title: 'Latest events', actions: filter },
  dataTable({
    caption: 'Latest events, newest first',
    captionHidden: true,
    rows: audit.events,
    empty: 'No event yet.',
    columns: [
      { header: '#', cell: (entry) => entry.sequence, numeric: true },
      { header: 'When', cell: (entry) => dateTime(entry.at) },
      { header: 'What', cell: (entry) => describeEvent(entry.event) },
      { header: 'By', cell: (entry) => actorOf(entry.event) },
    ],
  }),
)}`,
  };
}
