import { type Command, list, UsageError } from '@airlock/cli-kit';

/** `bot-runner=10` → `{ licenseTypeId: 'bot-runner', quantity: 10 }`; the authority judges the quantity. */
function parsePurchase(text: string): { licenseTypeId: string; quantity: number } {
  const match = /^([^=\s]+)=(\d{1,15})$/.exec(text);
  if (!match) throw new UsageError(`--set takes <licenseTypeId>=<quantity>, not "${text}"`);
  return { licenseTypeId: match[1]!, quantity: Number(match[2]) };
}

/**
 * Shows what a customer bought, or with `--set` replaces it (`PUT …/entitlements`: a type left
 * out is no longer purchased, so give every type each time).
 */
export const customerPurchases: Command = {
  name: 'customer purchases',
  summary: "Show a customer's purchases, or replace them with --set type=qty… (a type left out is no longer purchased)",
  usage: '<customerId> [--set <licenseTypeId>=<quantity>]…',
  options: { set: { type: 'string', multiple: true } },
  positionals: ['customerId'],
  async run(context) {
    const [customerId = ''] = context.positionals;
    const set = list(context, 'set').map(parsePurchase);
    const api = context.api();
    const customer =
      set.length === 0
        ? await api.authority.get('/v1/customers/{customerId}', { path: { customerId } })
        : await api.authority.put('/v1/customers/{customerId}/entitlements', { path: { customerId }, body: { entitlements: set } });
    const items = customer.entitlements.map((item) => `  ${item.licenseTypeId}  ${item.quantity}`);
    const head = customer.entitlements.length === 0 ? `${customer.id} has bought nothing.` : `${customer.id} has bought:`;
    return { result: customer.entitlements, text: [head, ...items].join('\n') };
  },
};
