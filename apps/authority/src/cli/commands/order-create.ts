import type { AuthorityAnswer } from '@airlock/client';
import { type Command, list, required, segment, UsageError } from '@airlock/cli-kit';

/** An order item as the authority takes it. */
export interface OrderItemArgument {
  readonly product: string;
  readonly licenseType: string;
  readonly quantity: number;
  readonly kind: 'permanent' | 'term' | 'pilot' | 'temporary';
  readonly expiresOn?: string;
}

type Order = AuthorityAnswer<'/v1/customers/{customerId}/orders', 'post'>;

const KINDS: readonly string[] = ['permanent', 'term', 'pilot', 'temporary'];
const ITEM_USAGE = '--item takes <product>:<licenseType>:<quantity>:<kind>[:<expiresOn YYYY-MM-DD>]';

/**
 * Reads one `--item`: `automation:bot-runner:5:permanent` or
 * `automation:bot-creator:2:term:2027-11-22`. Only the shape is checked here (a usage error
 * names the item); the authority checks the rest against its catalogue and rules.
 *
 * @example
 * ```ts
 * parseOrderItem('automation:bot-creator:2:term:2027-11-22');
 * // { product: 'automation', licenseType: 'bot-creator', quantity: 2, kind: 'term', expiresOn: '2027-11-22' }
 * ```
 */
export function parseOrderItem(text: string): OrderItemArgument {
  const parts = text.split(':');
  const [product, licenseType, quantity, kind, expiresOn] = parts;
  const fail = (reason: string) => new UsageError(`${ITEM_USAGE}; "${text}" ${reason}`);
  if (parts.length < 4 || parts.length > 5 || !product || !licenseType || !kind) throw fail('has not 4 or 5 parts');
  if (!/^\d{1,10}$/.test(quantity ?? '')) throw fail('has no whole quantity');
  if (!KINDS.includes(kind)) throw fail(`has the kind "${kind}", not one of ${KINDS.join(', ')}`);
  if (expiresOn === '') throw fail('has an empty expiry date');
  const item = { product, licenseType, quantity: Number(quantity), kind: kind as OrderItemArgument['kind'] };
  return expiresOn === undefined ? item : { ...item, expiresOn };
}

/** Creates an order; the authority mails its license letter with the LRN to the customer. */
export const orderCreate: Command = {
  name: 'order create',
  summary: 'Create an order: its LRN, and a license letter to the customer',
  usage: '--customer <customerId> --item <product>:<licenseType>:<quantity>:<kind>[:<expiresOn>]...',
  options: { customer: { type: 'string' }, item: { type: 'string', multiple: true } },
  async run(context) {
    const customer = required(context, 'customer');
    const items = list(context, 'item').map(parseOrderItem);
    if (items.length === 0) throw new UsageError('--item is required (once per item)');
    const order = await context.api().request<Order>('POST', `/v1/customers/${segment(customer)}/orders`, { items });
    const letter = order.letters.at(-1);
    const mailed = letter ? ` License letter to ${letter.to}: ${letter.status}${letter.waiting ? ` (${letter.waiting})` : ''}.` : '';
    return { result: order, text: `Created order ${order.id} for ${order.customerId}: ${order.lrn}.${mailed}` };
  },
};
