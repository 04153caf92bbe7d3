import type { AuthorityAnswer } from '@airlock/client';
import { type Command, option, UsageError } from '@airlock/cli-kit';
import { plural, staticLicenseLines } from './static-licenses-list.ts';

type StaticLicenseSummary = AuthorityAnswer<'/v1/customers/{customerId}/static-licenses'>;

/** `YYYY-MM-DD`, or `none` to clear the date. */
function renewUntilOf(value: string): string | null {
  if (value === 'none') return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new UsageError('--renew-until takes a day as YYYY-MM-DD, or none');
  return value;
}

/** What a customer's standing on static licenses says, in one sentence and a line per Registration Key. */
function summaryText(summary: StaticLicenseSummary): string {
  const date =
    summary.renewUntil === null
      ? 'is not marked for migration off static licenses'
      : `${summary.ended ? 'had its static licenses renewed until' : 'has its static licenses renewed until'} ${summary.renewUntil}${summary.ended ? ': activating its orders is refused' : ''}`;
  const count = `${plural(summary.licenses.length, 'Registration Key')} ${summary.licenses.length === 1 ? 'is' : 'are'}`;
  return [`Customer ${summary.customerId} ${date}; ${count} still on static licenses.`, ...staticLicenseLines(summary.licenses, false)].join('\n');
}

/**
 * Marks a customer for migration off static licenses with the last day its orders may be
 * activated, or clears the mark with `none` (docs/connected.md, "Moving off static licenses");
 * without `--renew-until`, shows where the customer stands.
 */
export const customerStaticLicenses: Command = {
  name: 'customer static-licenses',
  summary: "Show or set the last day a customer's orders may be activated (none clears it), and its Registration Keys still on static licenses",
  usage: '<customerId> [--renew-until <YYYY-MM-DD>|none]',
  options: { 'renew-until': { type: 'string' } },
  positionals: ['customerId'],
  async run(context) {
    const [customerId = ''] = context.positionals;
    const given = option(context, 'renew-until');
    const { authority } = context.api();
    const summary =
      given === undefined
        ? await authority.get('/v1/customers/{customerId}/static-licenses', { path: { customerId } })
        : await authority.put('/v1/customers/{customerId}/static-licenses', { path: { customerId }, body: { renewUntil: renewUntilOf(given) } });
    return { result: summary, text: summaryText(summary) };
  },
};
