import { html, listState, pagerLinks, section, type ListPage, type ListState } from '@airlock/web';
import type { OfflineRequest } from '../api-types.ts';
import type { PageContent, PageContext } from '../pages.ts';
import { requestsTable } from './customer-pages.ts';

/** Requests per page of each list of the approvals page. */
const REQUESTS_PER_PAGE = 50;

type CustomerRequest = OfflineRequest & { customerName: string };

/** The API query of one page of the requests of `status`. */
function requestsQuery(status: 'pending' | 'decided', state: ListState | undefined): string {
  const query = new URLSearchParams({ status, limit: String(REQUESTS_PER_PAGE) });
  if (state?.after !== undefined) query.set('after', state.after);
  return `/v1/offline-requests?${query.toString()}`;
}

/**
 * Every customer's offline-licensing requests from the vendor-wide paged API: the pending ones
 * a page at a time, with approve / deny, and the newest decided ones below; `?status=decided`
 * pages through every decided one.
 */
export async function approvalsPage(context: PageContext): Promise<PageContent> {
  const title = 'Offline-licensing approvals';
  const lead = 'A customer can download enablement tokens only once its request for offline licensing is approved.';
  if (context.query.status === 'decided') {
    const state = listState('/console/approvals', { after: context.query.after, back: context.query.back, status: 'decided' }, ['status']);
    const decided = await context.api.get<ListPage<CustomerRequest>>(requestsQuery('decided', state));
    return {
      title,
      lead,
      main: section(
        { id: 'decided', title: `Decided (${decided.total ?? decided.items.length})` },
        html`<p><a href="/console/approvals">Back to the pending requests</a></p>${requestsTable(decided.items, true)}${pagerLinks(state, decided.next)}`,
      ),
    };
  }
  const state = listState('/console/approvals', { after: context.query.after, back: context.query.back });
  const [pending, decided] = await Promise.all([
    context.api.get<ListPage<CustomerRequest>>(requestsQuery('pending', state)),
    context.api.get<ListPage<CustomerRequest>>(requestsQuery('decided', undefined)),
  ]);
  const older = decided.next === null ? '' : html`<p><a href="/console/approvals?status=decided">Every decided request, a page at a time</a></p>`;
  return {
    title,
    lead,
    main: html`${section({ id: 'pending', title: `Pending (${pending.total ?? pending.items.length})` }, html`${requestsTable(pending.items, true)}${pagerLinks(state, pending.next)}`)}${section({ id: 'decided', title: 'Decided' }, html`${requestsTable(decided.items, true)}${older}`)}`,
  };
}
