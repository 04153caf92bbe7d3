import type { Command } from '@airlock/cli-kit';
import { moreLine, rowsOf } from './list-page.ts';

/** Lists the licensing policies with their main settings (`--json` for every setting). */
export const policyList: Command = {
  name: 'policy list',
  summary: 'List the licensing policies (--json for every setting)',
  usage: '',
  options: {},
  async run(context) {
    const { rows, more } = rowsOf(await context.api().authority.get('/v1/policies'), 'policies');
    const lines = rows.map(
      (policy) =>
        `  ${policy.id}  ${policy.name}: ${policy.kind}, offline ${policy.allowOffline ? 'allowed' : 'not allowed'}, ` +
        `activations ${policy.maxActivations ?? 'unlimited'}, sites by ${policy.siteLicensing}${policy.minimumSiteVersion === null ? '' : `, site ${policy.minimumSiteVersion} or later`}`,
    );
    return {
      result: rows,
      text: [rows.length === 0 ? 'No policy.' : `${rows.length} polic${rows.length === 1 ? 'y' : 'ies'}:`, ...lines, ...moreLine(more)].join('\n'),
    };
  },
};
