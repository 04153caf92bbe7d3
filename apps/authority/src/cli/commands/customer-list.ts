import type { Command } from '@airlock/cli-kit';
import { moreLine, rowsOf } from './list-page.ts';

export const customerList: Command = {
  name: 'customer list',
  summary: 'List the customers with their policy, account end and offline approval',
  usage: '',
  options: {},
  async run(context) {
    const { rows, more } = rowsOf(await context.api().authority.get('/v1/customers'), 'customers');
    const lines = rows.map(
      (customer) =>
        `  ${customer.id}  ${customer.name}: policy ${customer.policyId}, account ends on ${customer.accountEndsOn}, offline ${customer.offlineApproval ?? 'not requested'}`,
    );
    return {
      result: rows,
      text: [rows.length === 0 ? 'No customer.' : `${rows.length} customer${rows.length === 1 ? '' : 's'}:`, ...lines, ...moreLine(more)].join('\n'),
    };
  },
};
