import type { AuthorityAnswer } from '@airlock/client';
import { code, countdown, dataTable, dateTime, html, notice, path, section, statusBadge, type SafeHtml } from '@airlock/web';
import type { PageContent, PageContext } from '../pages.ts';
import { consolePaths } from '../paths.ts';

/** "3 of 45": how many a list shows of how many there are, when it does not show them all. */
function shownOf(list: { readonly count: number; readonly items: readonly unknown[] }): SafeHtml {
  return list.count > list.items.length ? html`<p class="hint">The first ${list.items.length} of ${list.count}.</p>` : html``;
}

const customerLink = (customerId: string, name: string) => html`<a href="${path`/console/customers/${customerId}`}">${name}</a>`;

/**
 * The console's first page: what needs the vendor today, each row linking to the page where it is
 * done — offline-licensing requests to decide, LFRs awaiting their OLF (by when their site
 * locks), accounts, site licenses and device licenses ending within 30 days, license letters that
 * failed, connected sites that are late.
 */
export async function dashboardPage(context: PageContext): Promise<PageContent> {
  const today = await context.client.get('/v1/dashboard');
  const now = new Date(today.now);
  const urgent = today.lfrsAwaitingOlf.items.filter((lfr) => lfr.urgency !== 'later').length;
  const total = today.offlineRequests.count + today.lfrsAwaitingOlf.count + today.failedLetters.count + today.lateSites.count;
  const summary =
    total === 0
      ? notice(html`<p>Nothing waits for you: no request to decide, no LFR to answer, no failed letter, no late site.</p>`, { tone: 'ok' })
      : urgent > 0
        ? notice(html`<p>${urgent === 1 ? '1 site locks' : `${urgent} sites lock`} within 48 hours, or already did, unless its OLF is installed.</p>`, {
            tone: 'bad',
          })
        : html``;
  const urgency = (lfr: AuthorityAnswer<'/v1/dashboard'>['lfrsAwaitingOlf']['items'][number]) =>
    lfr.urgency === 'overdue' ? statusBadge('window ended', 'bad') : lfr.urgency === 'soon' ? statusBadge('locks soon', 'warn') : statusBadge('in time', 'ok');
  return {
    title: 'Today',
    lead: 'What needs you now, across every customer. Each row links to the page where it is done.',
    main: html`${summary}
${section(
  { id: 'offline-requests', title: `Offline licensing to decide (${today.offlineRequests.count})` },
  html`${dataTable({
    caption: 'Requests for offline licensing',
    captionHidden: true,
    rows: today.offlineRequests.items,
    empty: 'No request waits for a decision.',
    columns: [
      { header: 'Customer', cell: (request) => customerLink(request.customerId, request.customerName), rowHeader: true },
      { header: 'Reason', cell: (request) => request.reason },
      { header: 'Asked', cell: (request) => dateTime(request.requestedAt) },
      { header: '', cell: () => html`<a href="/console/approvals">Decide</a>` },
    ],
  })}${shownOf(today.offlineRequests)}`,
)}
${section(
  { id: 'lfrs-awaiting', title: `LFRs awaiting their OLF (${today.lfrsAwaitingOlf.count})` },
  html`${dataTable({
    caption: 'License file requests no OLF answers yet',
    captionHidden: true,
    rows: today.lfrsAwaitingOlf.items,
    empty: 'Every LFR received is answered.',
    columns: [
      { header: 'Customer', cell: (lfr) => customerLink(lfr.customerId, lfr.customerName), rowHeader: true },
      {
        header: 'Site tenant',
        cell: (lfr) => html`<a href="${consolePaths(lfr.customerId).site(lfr.siteGuid)}">${code(lfr.siteGuid.slice(0, 8))}</a> ${code(lfr.tenant)}`,
      },
      { header: 'Received', cell: (lfr) => dateTime(lfr.receivedAt) },
      { header: 'Site locks', cell: (lfr) => html`${dateTime(lfr.locksAt)} (${countdown(lfr.locksAt, now)}) ${urgency(lfr)}` },
      { header: '', cell: (lfr) => html`<a href="${consolePaths(lfr.customerId).lfr(lfr.lfrId)}">Configure the OLF</a>` },
    ],
  })}${shownOf(today.lfrsAwaitingOlf)}`,
)}
${section(
  { id: 'late-sites', title: `Connected sites that are late (${today.lateSites.count})` },
  html`${dataTable({
    caption: 'Late connected sites',
    captionHidden: true,
    rows: today.lateSites.items,
    empty: 'Every connected site exchanged in time.',
    columns: [
      {
        header: 'Site',
        cell: (link) => html`<a href="${consolePaths(link.customerId).site(link.siteGuid)}">${link.siteName}</a> ${code(link.tenant)}`,
        rowHeader: true,
      },
      { header: 'Customer', cell: (link) => customerLink(link.customerId, link.customerName) },
      { header: 'Last exchange', cell: (link) => dateTime(link.lastExchangeAt) },
    ],
  })}${shownOf(today.lateSites)}`,
)}
${section(
  { id: 'failed-letters', title: `License letters that failed (${today.failedLetters.count})` },
  html`${dataTable({
    caption: 'Failed license letters',
    captionHidden: true,
    rows: today.failedLetters.items,
    empty: 'No letter failed.',
    columns: [
      { header: 'To', cell: (letter) => letter.recipient, rowHeader: true },
      { header: 'Subject', cell: (letter) => letter.subject },
      { header: 'Attempts', cell: (letter) => letter.attempts, numeric: true },
      { header: 'Last error', cell: (letter) => letter.lastError ?? '–' },
    ],
  })}${shownOf(today.failedLetters)}`,
)}
${section(
  { id: 'ending', title: 'Ending within 30 days' },
  html`${dataTable({
    caption: `Customer accounts (${today.accountsEnding.count})`,
    rows: today.accountsEnding.items,
    empty: 'No account ends within 30 days.',
    columns: [
      { header: 'Customer', cell: (account) => customerLink(account.customerId, account.customerName), rowHeader: true },
      { header: 'Account ends', cell: (account) => account.accountEndsOn },
    ],
  })}${shownOf(today.accountsEnding)}${dataTable({
    caption: `Site licenses (${today.siteLicensesEnding.count})`,
    rows: today.siteLicensesEnding.items,
    empty: 'No site license ends within 30 days.',
    columns: [
      { header: 'Customer', cell: (held) => customerLink(held.customerId, held.customerName), rowHeader: true },
      {
        header: 'Site tenant',
        cell: (held) => html`<a href="${consolePaths(held.customerId).site(held.siteGuid)}">${code(held.siteGuid.slice(0, 8))}</a> ${code(held.tenant)}`,
      },
      { header: 'OLF ends', cell: (held) => held.endsOn },
    ],
  })}${shownOf(today.siteLicensesEnding)}${dataTable({
    caption: `Device licenses (${today.deviceLicensesEnding.count})`,
    rows: today.deviceLicensesEnding.items,
    empty: 'No device license ends within 30 days.',
    columns: [
      {
        header: 'License',
        cell: (license) => html`<a href="${path`/console/device-licenses/${license.licenseId}`}">${code(license.licenseId)}</a>`,
        rowHeader: true,
      },
      { header: 'Product', cell: (license) => license.product },
      { header: 'Expires', cell: (license) => html`${dateTime(license.expiresAt)} (${countdown(license.expiresAt, now)})` },
    ],
  })}${shownOf(today.deviceLicensesEnding)}`,
)}`,
  };
}
