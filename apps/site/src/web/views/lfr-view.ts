import {
  code,
  dateTime,
  definitionList,
  documentQrCodes,
  downloadButton,
  html,
  linkButton,
  notice,
  path,
  section,
  statusBadge,
  type SafeHtml,
} from '@airlock/web';
import type { HeldDocuments, HeldLfr } from '../held-documents.ts';
import { tenantPaths, type PageContent, type PageContext } from '../site-pages.ts';
import { tenantCrumbs } from './crumbs.ts';
import { readStatus } from './licenses-view.ts';
import { momentWithCountdown } from './words.ts';

function notHeld(context: PageContext, tenant: string, id: string): PageContent {
  return {
    title: 'License file request',
    tenant,
    breadcrumbs: tenantCrumbs(context),
    main: notice(
      html`<p>The request ${code(id)} is not held by these pages: they keep the requests made through them until the site restarts. Make a new one on <a href="${tenantPaths(tenant).offline}">Offline licenses</a>; it supersedes this one anyway.</p>`,
      { tone: 'warn', role: 'alert' },
    ),
  };
}

/** The file name an LFR is offered under: the site, the tenant, the cycle and request. */
function lfrFileName(guid: string, lfr: HeldLfr): string {
  return `lfr-${guid}-${lfr.tenant}-${lfr.cycle}-${lfr.sequence}.txt`;
}

/**
 * A license file request made through the pages: what it says, whether it is still the one to
 * carry, and the ways to carry it: as a file, or as QR codes on the next page.
 */
export async function lfrPage(context: PageContext, lfrs: HeldDocuments<HeldLfr>, tenant: string, id: string): Promise<PageContent> {
  // Read through the API first: it decides whether this person may see the tenant at all.
  const status = await readStatus(context, tenant);
  const lfr = lfrs.get(tenant, id);
  if (!lfr) return notHeld(context, tenant, id);
  const now = new Date(status.now);
  const paths = tenantPaths(tenant);
  const latest = status.cycle.latestLfrId === lfr.id;
  const state: SafeHtml = latest
    ? notice(
        html`<p>${statusBadge('the one to carry', 'ok')} This is the tenant’s latest request: carry it to the authority and install the offline license file it answers with before ${status.cycle.deadlines ? momentWithCountdown(status.cycle.deadlines.installBefore.at, now) : 'its deadline'}.</p>`,
        { tone: 'ok', role: 'status' },
      )
    : notice(
        html`<p>${statusBadge('superseded', 'neutral')} A later request was made (or its cycle was answered): an offline license file answering this one would be refused. Carry the latest one.</p>`,
        { tone: 'warn', role: 'alert' },
      );
  return {
    title: 'License file request',
    tenant,
    breadcrumbs: [...tenantCrumbs(context), { href: paths.offline, label: `Offline licenses of ${tenant}` }],
    lead: html`Request ${code(lfr.id)} of tenant ${tenant}.`,
    main: html`${state}
${section(
  { id: 'lfr-facts', title: 'What it says' },
  definitionList([
    ['LFR', code(lfr.id)],
    ['Cycle', `${lfr.cycle} (opened ${lfr.cycleOpenedAt.slice(0, 16).replace('T', ' ')} UTC)`],
    ['Request in the cycle', String(lfr.sequence)],
    ['Supersedes', lfr.supersedes ? code(lfr.supersedes) : 'none: the cycle’s first'],
    ['Made', dateTime(lfr.generatedAt)],
    ['Ledger head it reports', html`${lfr.ledger.sequence} ${code(lfr.ledger.head.slice(0, 16))}…`],
  ]),
)}
${section(
  { id: 'carry', title: 'Carry it to the authority' },
  html`<p>Upload it at the authority (its console or customer portal), as a file or by reading its QR codes.</p><div class="panel-actions">${downloadButton({
    id: 'download-lfr',
    label: 'Download the LFR',
    api: `${paths.actions}${path`/lfrs/${lfr.id}`}`,
    field: 'text',
    filename: lfrFileName(context.site.guid, lfr),
    variant: 'primary',
  })}${linkButton(paths.lfrQr(lfr.id), 'Show it as QR codes')}</div>`,
)}`,
  };
}

/** An LFR as numbered QR codes, for networks where removable media are forbidden. */
export async function lfrQrPage(context: PageContext, lfrs: HeldDocuments<HeldLfr>, tenant: string, id: string): Promise<PageContent> {
  await readStatus(context, tenant);
  const lfr = lfrs.get(tenant, id);
  if (!lfr) return notHeld(context, tenant, id);
  const paths = tenantPaths(tenant);
  return {
    title: 'License file request as QR codes',
    tenant,
    breadcrumbs: [
      ...tenantCrumbs(context),
      { href: paths.offline, label: `Offline licenses of ${tenant}` },
      { href: paths.lfr(lfr.id), label: 'License file request' },
    ],
    lead: html`Request ${code(lfr.id)}: read every code with the authority’s QR reader, in any order; it joins them into the file.`,
    main: section({ id: 'codes', title: `Cycle ${lfr.cycle}, request ${lfr.sequence}` }, await documentQrCodes(lfr.text, { name: 'License file request' })),
  };
}
