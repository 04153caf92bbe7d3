import { type Command, option, UsageError } from '@airlock/cli-kit';
import type { AuthorityAnswer, ItemOf } from '@airlock/client';
import { moreLine, rowsOf } from './list-page.ts';

type OfflineRequestRow = ItemOf<AuthorityAnswer<'/v1/customers/{customerId}/offline-requests'>>;

const statuses = ['pending', 'approved', 'denied'] as const;

/**
 * Lists offline-licensing requests, newest first: one customer's, or every customer's (one call
 * per customer, since the authority lists them per customer), optionally of one status.
 */
export const offlineRequestList: Command = {
  name: 'offline-request list',
  summary: "List offline-licensing requests (every customer's, or --customer's), optionally --status pending|approved|denied",
  usage: '[--customer <customerId>] [--status pending|approved|denied]',
  options: { customer: { type: 'string' }, status: { type: 'string' } },
  async run(context) {
    const status = option(context, 'status');
    if (status !== undefined && !(statuses as readonly string[]).includes(status))
      throw new UsageError(`--status is one of ${statuses.join(', ')}, not "${status}"`);
    const api = context.api();
    const only = option(context, 'customer');
    const customers = only === undefined ? rowsOf(await api.authority.get('/v1/customers'), 'customers') : { rows: [{ id: only }], more: false };
    const requests: OfflineRequestRow[] = [];
    for (const customer of customers.rows) {
      requests.push(...rowsOf(await api.authority.get('/v1/customers/{customerId}/offline-requests', { path: { customerId: customer.id } }), 'requests').rows);
    }
    const shown = requests.filter((request) => status === undefined || request.status === status).sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
    const lines = shown.map(
      (request) =>
        `  ${request.id}  ${request.customerId}  ${request.status}  ${request.reason}, ${request.requestedAt}: ${request.details}${request.decisionNote ? ` (note: ${request.decisionNote})` : ''}`,
    );
    const head =
      shown.length === 0
        ? `No ${status ?? ''}${status ? ' ' : ''}offline-licensing request.`
        : `${shown.length} offline-licensing request${shown.length === 1 ? '' : 's'}:`;
    return { result: shown, text: [head, ...lines, ...moreLine(customers.more)].join('\n') };
  },
};
