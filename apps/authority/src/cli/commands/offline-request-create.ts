import type { AuthorityAnswer } from '@airlock/client';
import { type Command, option, required, segment, UsageError } from '@airlock/cli-kit';

const reasons = ['regulated-industry', 'air-gapped', 'other'] as const;

/** Records a customer's request for offline licensing, as the customer's portal does, for the vendor to decide. */
export const offlineRequestCreate: Command = {
  name: 'offline-request create',
  summary: "Record a customer's request for offline licensing (as the portal does), to approve or deny",
  usage: '--customer <customerId> --reason regulated-industry|air-gapped|other --details <text> [--minimum-site-version <version>]',
  options: { customer: { type: 'string' }, reason: { type: 'string' }, details: { type: 'string' }, 'minimum-site-version': { type: 'string' } },
  async run(context) {
    const reason = required(context, 'reason');
    if (!(reasons as readonly string[]).includes(reason)) throw new UsageError(`--reason is one of ${reasons.join(', ')}, not "${reason}"`);
    const minimum = option(context, 'minimum-site-version');
    const created = await context
      .api()
      .request<AuthorityAnswer<'/v1/customers/{customerId}/offline-requests', 'post'>>(
        'POST',
        `/v1/customers/${segment(required(context, 'customer'))}/offline-requests`,
        {
          reason,
          details: required(context, 'details'),
          ...(minimum === undefined ? {} : { minimumSiteVersion: minimum }),
        },
      );
    return { result: created, text: `Recorded request ${created.id} of ${created.customerId} for offline licensing: ${created.status}.` };
  },
};
