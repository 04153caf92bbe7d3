import {
  apiForm,
  code,
  dataTable,
  dateTime,
  definitionList,
  formFields,
  html,
  notice,
  path,
  section,
  statusBadge,
  submitButton,
  type SafeHtml,
} from '@airlock/web';
import { mayChange } from '../permissions.ts';
import type { PageContent, PageContext } from '../site-pages.ts';
import { tenantPaths } from '../site-pages.ts';
import { tenantCrumbs } from './crumbs.ts';
import { day, momentWithCountdown, names, registrationKey, stateBadge, stateSentence, usageBar } from './words.ts';
import type { TenantStatus } from '../api-types.ts';

type ActivatedStatus = NonNullable<TenantStatus['activatedLicense']>;
type Item = ActivatedStatus['items'][number];

/** Reads a tenant's status through the API, as the person asking. */
export function readStatus(context: PageContext, tenant: string): Promise<TenantStatus> {
  return context.api.get<TenantStatus>(path`/v1/tenants/${tenant}/status`);
}

interface DeadlineRow {
  readonly what: string;
  readonly at: string;
  readonly meaning: string;
}

/** Every deadline the tenant faces now, soonest first: the cycle's, then the license's end. */
function deadlinesOf(status: TenantStatus): DeadlineRow[] {
  const rows: DeadlineRow[] = [];
  const cycle = status.cycle.deadlines;
  if (cycle) {
    rows.push(
      {
        what: 'Latest LFR expires',
        at: cycle.lfrExpires.at,
        meaning: 'The window from the latest LFR: after it, its OLF is refused and a new LFR must be made.',
      },
      {
        what: 'Cycle locks',
        at: cycle.locks.at,
        meaning: 'The window from the cycle’s first LFR: without an OLF installed by then, licensed work stops until a new cycle completes.',
      },
      { what: 'Install the OLF before', at: cycle.installBefore.at, meaning: 'The earlier of the two deadlines above.' },
    );
  }
  if (status.license) {
    rows.push(
      { what: 'Expiring soon from', at: status.license.expiringSoonFrom, meaning: 'From then on the status says “expiring soon”: time to renew.' },
      { what: 'License expires', at: status.license.expires.at, meaning: `The end of ${status.license.endsOn}, the offline license file’s last day.` },
    );
  }
  for (const item of status.activatedLicense?.items ?? []) {
    if (item.expires)
      rows.push({
        what: `${item.licenseType} (${item.kind}) expires`,
        at: item.expires.at,
        meaning: `The end of ${item.expiresOn ?? ''}, the item’s last day.`,
      });
  }
  return rows.sort((a, b) => a.at.localeCompare(b.at));
}

function deadlinesTable(status: TenantStatus, now: Date): SafeHtml {
  return dataTable({
    caption: 'Deadlines',
    captionHidden: true,
    rows: deadlinesOf(status),
    empty: 'No deadline: no cycle is open and no license with an end is installed.',
    columns: [
      { header: 'Deadline', cell: (row) => row.what, rowHeader: true },
      { header: 'When', cell: (row) => momentWithCountdown(row.at, now) },
      { header: 'What it means', cell: (row) => row.meaning },
    ],
  });
}

function seatsTable(status: TenantStatus): SafeHtml {
  return dataTable({
    caption: 'Seats per license type',
    captionHidden: true,
    rows: status.seats,
    empty: 'No seat type is licensed or in use.',
    columns: [
      { header: 'License type', cell: (seat) => seat.type, rowHeader: true },
      { header: 'Used of limit', cell: (seat) => usageBar(seat.type, seat.used, seat.limit) },
      { header: 'Users holding a seat', cell: (seat) => names(seat.users) },
    ],
  });
}

function metersTable(status: TenantStatus): SafeHtml {
  return dataTable({
    caption: 'Meters',
    captionHidden: true,
    rows: status.meters,
    empty: 'No meter is licensed or consumed.',
    columns: [
      { header: 'Meter', cell: (meter) => meter.meter, rowHeader: true },
      { header: 'Consumed of limit', cell: (meter) => usageBar(meter.meter, meter.used, meter.limit) },
    ],
  });
}

const kinds: readonly Item['kind'][] = ['permanent', 'term', 'pilot', 'temporary'];

/** The activated license's items, grouped by kind, each with its expiry and whether it counts today. */
function activatedSection(license: ActivatedStatus, now: Date): SafeHtml {
  const groups = kinds.map((kind) => ({ kind, items: license.items.filter((item) => item.kind === kind) })).filter((group) => group.items.length > 0);
  return section(
    { id: 'activated', title: 'Activated license' },
    html`${definitionList([
      ['License', code(license.licenseId)],
      ['Revision', String(license.revision)],
      [
        'LRNs merged into it',
        html`<ul class="plain">${license.lrns.map((lrn) => html`<li>${code(lrn)}${lrn === license.activatedLrn ? html` ${statusBadge('latest', 'info')}` : ''}</li>`)}</ul>`,
      ],
      ['Installed', dateTime(license.installedAt)],
      ['Ends', license.endsOn === null ? 'never (a permanent item keeps it in force)' : license.endsOn],
    ])}${groups.map((group) =>
      dataTable({
        caption: `${group.kind[0]!.toUpperCase()}${group.kind.slice(1)} items`,
        rows: group.items,
        empty: '',
        columns: [
          { header: 'License type', cell: (item) => html`${item.licenseType} <span class="hint">(${item.product})</span>`, rowHeader: true },
          { header: 'Quantity', cell: (item) => item.quantity, numeric: true },
          { header: 'Expires', cell: (item) => (item.expires ? momentWithCountdown(item.expires.at, now) : 'never') },
          { header: 'Today', cell: (item) => (item.inForce ? statusBadge('in force', 'ok') : statusBadge('ended', 'neutral')) },
        ],
      }),
    )}${dataTable({
      caption: 'What it grants today',
      rows: license.entitlements,
      empty: 'Nothing is in force today.',
      columns: [
        { header: 'License type', cell: (grant) => grant.licenseType, rowHeader: true },
        { header: 'Quantity', cell: (grant) => grant.quantity, numeric: true },
      ],
    })}`,
  );
}

const linkTones = { connected: 'ok', waiting: 'warn', 'link-lost': 'bad', files: 'neutral' } as const;

/**
 * What the tenant's checks grant. An activated license's items name license types without a
 * category (seat, meter or feature): a check of any type it grants is granted, so its types are
 * shown as what it grants rather than "no feature".
 */
function featuresOf(status: TenantStatus): SafeHtml {
  if (status.features.length > 0) {
    return html`<ul class="plain feature-list">${status.features.map((feature) => html`<li>${feature.feature} ${feature.granted ? statusBadge('granted', 'ok') : statusBadge('not granted', 'neutral')}</li>`)}</ul>`;
  }
  const granted = status.activatedLicense?.entitlements ?? [];
  if (granted.length === 0) return html`<p class="empty">No feature is licensed.</p>`;
  return html`<p>The activated license grants these license types; a check of any of them is granted:</p><ul class="plain feature-list">${granted.map((entitlement) => html`<li>${entitlement.licenseType} ${statusBadge('granted', 'ok')}</li>`)}</ul>`;
}

/**
 * How the tenant's files reach the authority (docs/connected.md): the mode, the link's summary,
 * this site's version and what the token allows; for its administrators, "Exchange now" and
 * the mode switch.
 */
function licensingModeSection(status: TenantStatus, changes: boolean): SafeHtml {
  const { link, licensing } = status;
  const paths = tenantPaths(status.tenant);
  const allowed = (yes: boolean, why = '') => (yes ? statusBadge('allowed', 'ok') : html`${statusBadge('not allowed', 'neutral')}${why}`);
  const facts = definitionList([
    [
      'Mode',
      html`<span id="licensing-mode">${link.mode === 'connected' ? 'connected: the site exchanges its files with the authority over a link' : 'files: carried by hand'}</span>`,
    ],
    ['Link', html`${statusBadge(link.state, linkTones[link.state])} <span id="link-summary">${link.summary}</span>`],
    ...(link.authorityUrl === null ? [] : [['Authority', code(link.authorityUrl)] as [string, SafeHtml]]),
    ...(link.lastError === null ? [] : [['Last error', link.lastError] as [string, string]]),
    ...(link.nextExchangeAt === null ? [] : [['Next exchange', dateTime(link.nextExchangeAt)] as [string, SafeHtml]]),
    ['Site version', licensing?.siteVersion ?? '–'],
    ['Files by hand', licensing ? allowed(licensing.files) : 'install an enablement token first'],
    [
      'Connected mode',
      licensing
        ? allowed(
            licensing.connected && licensing.connectedVersionOk,
            licensing.connected && !licensing.connectedVersionOk ? ` (needs site version ${licensing.connectedMinimumSiteVersion ?? ''})` : '',
          )
        : 'install an enablement token first',
    ],
  ]);
  if (!changes || !licensing) return section({ id: 'licensing-mode', title: 'Licensing mode' }, facts);
  const exchange =
    link.mode === 'connected'
      ? apiForm({
          id: 'link-exchange',
          api: `${paths.api}/link/exchange`,
          className: 'inline compact',
          then: { reload: true, message: 'Exchanged with the authority.' },
          fields: '',
          buttons: submitButton('Exchange now', { variant: 'secondary' }),
        })
      : '';
  const id = 'licensing-mode-form';
  const f = formFields(id);
  const modes = [
    ...(licensing.files ? [{ value: 'files', label: 'Files, carried by hand' }] : []),
    ...(licensing.connected && licensing.connectedVersionOk ? [{ value: 'connected', label: 'Connected: exchanged over a link' }] : []),
  ];
  const switchForm =
    modes.length === 0
      ? ''
      : apiForm({
          id,
          api: `${paths.api}/licensing-mode`,
          method: 'PUT',
          then: {
            reload: true,
            message: 'The licensing mode is {mode}. In mode files, a tenant with no offline license file has its first LFR on the Offline licenses page.',
          },
          fields: html`<div class="form-grid">${f.select({ name: 'mode', label: 'Mode', required: true, options: modes, value: link.mode })}${f.text({
            name: 'authorityUrl',
            label: 'Authority URL',
            type: 'url',
            optional: true,
            value: link.authorityUrl ?? '',
            maxLength: 2000,
            placeholder: 'https://licensing.example.com',
            hint: 'Connected mode only: where the site reaches the authority. Needed the first time.',
          })}</div>`,
          buttons: submitButton('Switch the mode'),
        });
  return section({ id: 'licensing-mode', title: 'Licensing mode' }, html`${facts}${exchange}${switchForm}`);
}

function headline(status: TenantStatus, now: Date): SafeHtml {
  const tone =
    status.status === 'active' ? 'ok' : status.status === 'unlicensed' ? 'neutral' : ['expiring-soon', 'awaiting-olf'].includes(status.status) ? 'warn' : 'bad';
  const tampered = status.tampered ? html`<p>Reason: ${code(status.tampered.code)}.</p>` : '';
  const locked = status.cycle.lockedSince ? html`<p>Locked since ${dateTime(status.cycle.lockedSince)}.</p>` : '';
  const expires = status.license
    ? html`<p>The offline license file’s last day is ${status.license.endsOn}: it expires ${momentWithCountdown(status.license.expires.at, now)}.</p>`
    : '';
  const activated = status.activatedLicense
    ? html`<p>Licensed by an activated license (revision ${status.activatedLicense.revision}): ${status.activatedLicense.endsOn === null ? 'a permanent item keeps it in force' : html`its last day is ${status.activatedLicense.endsOn}`}.</p>`
    : '';
  return notice(html`<p class="state-line">Status ${stateBadge(status.status)} ${stateSentence(status.status)}</p>${tampered}${locked}${expires}${activated}`, {
    tone,
    role: tone === 'bad' ? 'alert' : 'status',
  });
}

/**
 * The Licenses page of a tenant (docs/design.md, F3): its state, every deadline with the time left, the
 * installed offline license file, per license type the seats used of the limit and who holds
 * them, the meters, and the activated license's items by kind with their expiries and LRNs.
 */
export async function licensesPage(context: PageContext, tenant: string): Promise<PageContent> {
  const status = await readStatus(context, tenant);
  const now = new Date(status.now);
  const paths = tenantPaths(tenant);
  const license = status.license
    ? definitionList([
        ['Offline license file', code(status.license.olfId)],
        ['Answers LFR', code(status.license.answersLfr)],
        ['Cycle', String(status.license.cycle)],
        ['Valid', `${status.license.startsOn} to ${status.license.endsOn}`],
        ['Expires', momentWithCountdown(status.license.expires.at, now)],
        ['Installed', dateTime(status.license.installedAt)],
      ])
    : html`<p class="empty">No offline license file is installed. <a href="${paths.offline}">Manage offline licenses</a>.</p>`;
  const enablement = status.enablement
    ? definitionList([
        ['Enablement token', code(status.enablement.tokenId)],
        ['Customer', status.enablement.customerId],
        ['Installed', dateTime(status.enablement.installedAt)],
        ['Minimum site version', day(status.enablement.minimumSiteVersion)],
      ])
    : html`<p class="empty">No enablement token: offline licensing is off for this tenant.</p>`;
  const features = featuresOf(status);
  return {
    title: `Licenses of ${tenant}`,
    tenant,
    breadcrumbs: tenantCrumbs(context),
    lead: html`Registration Key ${registrationKey(status.registrationKey, 'rk')}`,
    main: html`${headline(status, now)}
${section({ id: 'deadlines', title: 'Deadlines' }, html`${deadlinesTable(status, now)}${status.cycle.deadlines ? html`<p>Cycle ${status.cycle.cycle}, request ${status.cycle.sequence ?? '–'}: latest LFR ${code(status.cycle.latestLfrId ?? '–')}.</p>` : ''}`)}
${status.activatedLicense ? activatedSection(status.activatedLicense, now) : ''}
${licensingModeSection(status, context.me !== null && mayChange(context.me, tenant))}
${section({ id: 'seats', title: 'Seats' }, html`${seatsTable(status)}${status.activatedLicense ? html`<p class="hint">An activated license names quantities, not whether a type is counted in seats: a type it grants is listed here once a user holds a seat of it.</p>` : ''}`)}
<div class="columns">${section({ id: 'meters', title: 'Meters' }, metersTable(status))}${section({ id: 'features', title: 'Features' }, features)}</div>
<div class="columns">${section({ id: 'license', title: 'Offline license file' }, license)}${section({ id: 'enablement', title: 'Offline licensing' }, enablement)}</div>`,
  };
}
