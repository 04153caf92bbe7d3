import {
  apiForm,
  code,
  dataTable,
  definitionList,
  html,
  linkButton,
  notice,
  path,
  section,
  statusBadge,
  submitButton,
  type ProblemBody,
  type SafeHtml,
} from '@airlock/web';
import type { TenantStatus } from '../api-types.ts';
import type { ActivatedLicenseInstallation } from '../../site/activated-license.ts';
import type { OlfInstallation } from '../../site/install-olf.ts';
import type { HeldDocuments, InstallAttempt, InstallKind } from '../held-documents.ts';
import { mayChange } from '../permissions.ts';
import { tenantPaths, type PageContent, type PageContext } from '../site-pages.ts';
import { tenantCrumbs } from './crumbs.ts';
import { readStatus } from './licenses-view.ts';
import { usageBar } from './words.ts';

/** One seat type a refused license would have left over its limit, as the refusal names it. */
interface Violation {
  readonly type: string;
  readonly used: number;
  readonly limit: number;
  readonly users: readonly string[];
}

const documentNames: Record<InstallKind, string> = { olf: 'offline license file', 'activated-license': 'activated license' };

/** The violations a SEAT_REDUCTION_BELOW_USE refusal lists (its `errors.violations`), read defensively. */
function violationsOf(problem: ProblemBody): Violation[] {
  const list = problem.errors?.violations;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { type, used, limit, users } = entry as Record<string, unknown>;
    if (typeof type !== 'string' || typeof used !== 'number' || typeof limit !== 'number' || !Array.isArray(users)) return [];
    return [{ type, used, limit, users: users.filter((user): user is string => typeof user === 'string') }];
  });
}

/** A de-provision button for one user: frees every seat the user holds in the tenant. */
export function deprovisionButton(tenant: string, user: string, id: string): SafeHtml {
  return apiForm({
    id,
    api: path`/v1/tenants/${tenant}/users/${user}/deprovision`,
    className: 'inline compact',
    then: { reload: true, message: `${user} de-provisioned: every seat they held is free.` },
    fields: '',
    buttons: submitButton(`De-provision ${user}`, { variant: 'secondary' }),
  });
}

/**
 * The refusal of a license that would leave seat types with more users than seats: per type,
 * the use when it was refused, the new limit, the use now, and every user assigned, each with a
 * button that de-provisions them; then the same file, installed again.
 */
function refusedReduction(context: PageContext, status: TenantStatus, attempt: Extract<InstallAttempt, { outcome: 'refused' }>, attemptId: string): SafeHtml {
  const tenant = status.tenant;
  const changes = context.me !== null && mayChange(context.me, tenant);
  const holding = new Map(status.seats.map((seat) => [seat.type, new Set(seat.users)]));
  const violations = violationsOf(attempt.problem).map((violation, index) => {
    const now = holding.get(violation.type) ?? new Set<string>();
    return { ...violation, index, usedNow: now.size, holders: now };
  });
  const stillOver = violations.filter((violation) => violation.usedNow > violation.limit);
  const userCell = (violation: (typeof violations)[number]) =>
    html`<ul class="plain user-actions">${violation.users.map(
      (user, index) =>
        html`<li>${
          violation.holders.has(user)
            ? changes
              ? deprovisionButton(tenant, user, `deprovision-${violation.index}-${index}`)
              : html`<span>${user}</span>`
            : html`<span class="freed">${user}</span> ${statusBadge('de-provisioned', 'ok')}`
        }</li>`,
    )}</ul>`;
  const table = dataTable({
    caption: 'Seat types over their new limit',
    rows: violations,
    empty: 'The refusal named no seat type.',
    columns: [
      { header: 'License type', cell: (violation) => violation.type, rowHeader: true },
      { header: 'In use when refused', cell: (violation) => violation.used, numeric: true },
      { header: 'New limit', cell: (violation) => violation.limit, numeric: true },
      { header: 'In use now', cell: (violation) => usageBar(violation.type, violation.usedNow, violation.limit) },
      { header: 'To free', cell: (violation) => Math.max(0, violation.usedNow - violation.limit), numeric: true },
      { header: 'Users assigned', cell: userCell },
    ],
  });
  const retry = changes
    ? apiForm({
        id: 'install-again',
        api: `${tenantPaths(tenant).actions}${path`/installs/${attemptId}/retry`}`,
        then: { navigate: `${attempt.kind === 'olf' ? tenantPaths(tenant).offline : tenantPaths(tenant).activated}/installs/{attempt}` },
        fields:
          stillOver.length === 0
            ? notice('Every type is within its new limit now: install the same file again.', { tone: 'ok', role: 'status' })
            : html`<p>${stillOver.map((violation) => `${violation.type}: ${violation.usedNow - violation.limit} more to free`).join('; ')}.</p>`,
        buttons: submitButton(`Install the same ${documentNames[attempt.kind]} again`, { variant: stillOver.length === 0 ? 'primary' : 'secondary' }),
      })
    : '';
  return html`<div class="form-alert refusal" role="alert"><p class="problem-title">${attempt.problem.detail}</p><p>Code <span class="problem-code">${attempt.problem.code}</span>${attempt.problem.requestId ? ` · request ${attempt.problem.requestId}` : ''}</p><p>Nothing was changed. De-provision users below until each type fits its new limit (a user de-provisioned loses every seat they hold in this tenant), then install the same file again.</p></div>
${section({ id: 'reduction', title: 'Seats to free' }, html`${table}${retry}`)}`;
}

function installedOlf(answer: OlfInstallation): SafeHtml {
  return html`${definitionList([
    ['Offline license file', code(answer.olfId)],
    ['Answers LFR', code(answer.lfrId)],
    ['Cycle', String(answer.cycle)],
    ['Valid', `${answer.start} to ${answer.end}`],
    ['Replaces', answer.replaces ? code(answer.replaces) : 'nothing: the tenant’s first license'],
  ])}${dataTable({
    caption: 'Entitlements',
    rows: answer.entitlements,
    empty: 'No entitlement.',
    columns: [
      { header: 'License type', cell: (entitlement) => entitlement.type, rowHeader: true },
      { header: 'Category', cell: (entitlement) => entitlement.category },
      { header: 'Quantity', cell: (entitlement) => entitlement.quantity, numeric: true },
    ],
  })}`;
}

function installedActivated(answer: ActivatedLicenseInstallation): SafeHtml {
  return html`${definitionList([
    ['Activated license', code(answer.licenseId)],
    ['Revision', String(answer.revision)],
    ['Activated LRN', code(answer.activatedLrn)],
    ['LRNs merged into it', answer.lrns.join(', ')],
    ['Ends', answer.endsOn ?? 'never (a permanent item keeps it in force)'],
    [
      'Replaces',
      answer.replaces
        ? html`${answer.replaces.document === 'offline-license-file' ? 'offline license file' : 'activated license'} ${code(answer.replaces.id)}`
        : 'nothing: the tenant’s first license',
    ],
  ])}${dataTable({
    caption: 'Items',
    rows: answer.items,
    empty: 'No item.',
    columns: [
      { header: 'License type', cell: (item) => html`${item.licenseType} <span class="hint">(${item.product})</span>`, rowHeader: true },
      { header: 'Kind', cell: (item) => item.kind },
      { header: 'Quantity', cell: (item) => item.quantity, numeric: true },
      { header: 'Expires on', cell: (item) => item.expiresOn ?? 'never' },
    ],
  })}`;
}

/**
 * What came of installing a document through the pages: installed (what the tenant holds now),
 * or refused for a seat reduction, with the table that cures it.
 */
export async function attemptPage(
  context: PageContext,
  attempts: HeldDocuments<InstallAttempt>,
  kind: InstallKind,
  tenant: string,
  attemptId: string,
): Promise<PageContent> {
  const status = await readStatus(context, tenant);
  const paths = tenantPaths(tenant);
  const back =
    kind === 'olf' ? { href: paths.offline, label: `Offline licenses of ${tenant}` } : { href: paths.activated, label: `Activated license of ${tenant}` };
  const crumbs = [...tenantCrumbs(context), back];
  const attempt = attempts.get(tenant, attemptId);
  if (!attempt || attempt.kind !== kind) {
    return {
      title: 'Install',
      tenant,
      breadcrumbs: crumbs,
      main: notice(html`<p>This install is not held by these pages (they forget on a restart). <a href="${back.href}">Upload the file again</a>.</p>`, {
        tone: 'warn',
        role: 'alert',
      }),
    };
  }
  if (attempt.outcome === 'refused') {
    return { title: `The ${documentNames[kind]} was refused`, tenant, breadcrumbs: crumbs, main: refusedReduction(context, status, attempt, attemptId) };
  }
  const details = attempt.kind === 'olf' ? installedOlf(attempt.answer) : installedActivated(attempt.answer);
  return {
    title: `The ${documentNames[kind]} is installed`,
    tenant,
    breadcrumbs: crumbs,
    main: html`${notice(html`<p>${statusBadge('installed', 'ok')} In force now for tenant ${tenant}, without a restart.</p>`, { tone: 'ok', role: 'status' })}${section({ id: 'installed', title: 'What the tenant holds now' }, details)}<p>${linkButton(paths.licenses, 'See the tenant’s licenses', 'primary')}</p>`,
  };
}
