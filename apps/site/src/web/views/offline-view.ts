import { apiForm, code, dateTime, definitionList, html, notice, section, submitButton, type SafeHtml } from '@airlock/web';
import type { TenantStatus } from '../api-types.ts';
import { mayChange } from '../permissions.ts';
import { tenantPaths, type PageContent, type PageContext } from '../site-pages.ts';
import { tenantCrumbs } from './crumbs.ts';
import { documentUploadForm } from './document-forms.ts';
import { readStatus } from './licenses-view.ts';
import { momentWithCountdown, stateBadge, stateSentence } from './words.ts';

function tokenStep(status: TenantStatus, changes: boolean): SafeHtml {
  const paths = tenantPaths(status.tenant);
  const current = status.enablement
    ? definitionList([
        ['Enablement token', code(status.enablement.tokenId)],
        ['Customer', status.enablement.customerId],
        ['Installed', dateTime(status.enablement.installedAt)],
      ])
    : html`<p class="empty">None yet: offline licensing is off for this tenant.</p>`;
  const form = changes
    ? documentUploadForm({
        id: 'install-token',
        api: `${paths.api}/token`,
        then: { reload: true, message: 'Enablement token installed: offline licensing is on.' },
        document: 'Enablement token',
        fileHint: 'The file the authority gave for this site’s GUID, valid 24 hours from its download.',
        submitLabel: 'Install the enablement token',
      })
    : '';
  // Once enabled, another token is rare (a new customer policy): its form waits behind a summary.
  const body =
    status.enablement && changes
      ? html`${current}<details class="more"><summary>Install another enablement token</summary>${form}</details>`
      : html`${current}${form}`;
  return section({ id: 'token', title: '1. Turn offline licensing on' }, body);
}

function lfrStep(status: TenantStatus, now: Date, changes: boolean): SafeHtml {
  const paths = tenantPaths(status.tenant);
  const deadlines = status.cycle.deadlines;
  const open = deadlines
    ? html`${definitionList([
        ['Cycle', `${status.cycle.cycle}, request ${status.cycle.sequence ?? '–'}`],
        ['Latest LFR', status.cycle.latestLfrId ? html`<a href="${paths.lfr(status.cycle.latestLfrId)}">${code(status.cycle.latestLfrId)}</a>` : '–'],
        ['Install its OLF before', momentWithCountdown(deadlines.installBefore.at, now)],
        ['The cycle locks', momentWithCountdown(deadlines.locks.at, now)],
      ])}<p class="hint">A new request makes every earlier one of this cycle useless: carry only the newest.</p>`
    : html`<p>No cycle is open. A request opens cycle ${status.cycle.cycle + 1}.</p>`;
  const form = !changes
    ? ''
    : status.enablement
      ? apiForm({
          id: 'generate-lfr',
          api: `${paths.actions}/lfr`,
          then: { navigate: `${paths.offline}/lfrs/{id}`, message: 'License file request {id} made: download it or show it as QR codes.' },
          fields: '',
          buttons: submitButton(deadlines ? 'Make a new license file request' : 'Make a license file request'),
        })
      : notice('Install an enablement token first: only an enabled tenant makes requests.', { tone: 'neutral' });
  return section(
    { id: 'lfr', title: '2. Make a license file request (LFR)' },
    html`<p>Carry it to the authority (a file, or QR codes); it answers with an offline license file.</p>${open}${form}`,
  );
}

function olfStep(status: TenantStatus, changes: boolean): SafeHtml {
  const paths = tenantPaths(status.tenant);
  const installed = status.license
    ? html`<p>Installed now: ${code(status.license.olfId)}, ${status.license.startsOn} to ${status.license.endsOn}.</p>`
    : html`<p class="empty">No offline license file is installed yet.</p>`;
  const form = changes
    ? documentUploadForm({
        id: 'install-olf',
        api: `${paths.actions}/olf`,
        then: { navigate: `${paths.offline}/installs/{attempt}` },
        document: 'Offline license file',
        fileHint: 'The file the authority made from this tenant’s latest LFR.',
        submitLabel: 'Install the offline license file',
      })
    : '';
  return section({ id: 'olf', title: '3. Install the offline license file (OLF)' }, html`${installed}${form}`);
}

/**
 * Managing a tenant's offline licenses (docs/design.md, F1, F2): install the enablement token, make a
 * license file request and carry it out (a file or QR codes), install the offline license file
 * that answers it. Each document may come as a file, as pasted text or from QR codes.
 */
export async function offlinePage(context: PageContext, tenant: string): Promise<PageContent> {
  const status = await readStatus(context, tenant);
  const now = new Date(status.now);
  const changes = context.me !== null && mayChange(context.me, tenant);
  return {
    title: `Offline licenses of ${tenant}`,
    tenant,
    breadcrumbs: tenantCrumbs(context),
    readsQrCodes: changes,
    lead: html`Status ${stateBadge(status.status)} ${stateSentence(status.status)}${changes ? '' : html` <strong>You may read this tenant; changes are for its administrators.</strong>`}`,
    main: html`${tokenStep(status, changes)}${lfrStep(status, now, changes)}${olfStep(status, changes)}`,
  };
}
