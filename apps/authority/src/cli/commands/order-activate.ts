import type { AuthorityAnswer } from '@airlock/client';
import { type Command, option, required, segment, withoutText, writeDocument } from '@airlock/cli-kit';

type Activation = AuthorityAnswer<'/v1/activations', 'post'>;

/**
 * Activates an order for a site tenant (LRN + RK) and writes the activated license to a file
 * for the site. Vendor staff activate any customer's order; with `--customer`, the call goes to
 * that customer's portal route (what a customer's own token may use).
 */
export const orderActivate: Command = {
  name: 'order activate',
  summary: 'Activate an order (LRN) for a site tenant (RK) and write the activated license to a file',
  usage: '--lrn <LRN> --rk <registrationKey> [--customer <customerId>] [--out <file>]',
  options: { lrn: { type: 'string' }, rk: { type: 'string' }, customer: { type: 'string' }, out: { type: 'string' } },
  async run(context) {
    const customer = option(context, 'customer');
    const path = customer === undefined ? '/v1/activations' : `/v1/customers/${segment(customer)}/activations`;
    const activation = await context.api().request<Activation>('POST', path, { lrn: required(context, 'lrn'), registrationKey: required(context, 'rk') });
    const file = await writeDocument(
      context.io,
      option(context, 'out') ?? `activated-license-${activation.registrationKey}-r${activation.revision}.txt`,
      activation.text,
    );
    const what = activation.repeated
      ? `${activation.lrn} was already activated for ${activation.registrationKey}: the same license, revision ${activation.revision} (the latest is ${activation.latestRevision})`
      : `Activated ${activation.lrn} for ${activation.registrationKey}: revision ${activation.revision}, merging ${activation.lrns.join(', ')}`;
    return { result: { ...withoutText(activation), file }, text: `${what}. Wrote the license to ${file}.` };
  },
};
