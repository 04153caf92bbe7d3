import type { AuthorityAnswer } from '@airlock/client';
import { type Command, option } from '@airlock/cli-kit';

/** A Registration Key still on static licenses, as `GET /v1/static-licenses` lists it. */
export type StaticLicenseRow = AuthorityAnswer<'/v1/static-licenses'>['licenses'][number];

/** One line per Registration Key: the license, what is in force, the customer's date, whether it is moving. */
export function staticLicenseLines(licenses: readonly StaticLicenseRow[], withCustomer: boolean): string[] {
  return licenses.map((license) => {
    const items =
      license.items
        .map((item) => `${item.quantity} ${item.product}:${item.licenseType} ${item.kind}${item.expiresOn ? ` until ${item.expiresOn}` : ''}`)
        .join(', ') || 'nothing in force';
    const customer = withCustomer ? `${license.customerId}  ` : '';
    const date = license.renewUntil === null ? 'not marked' : `renewed until ${license.renewUntil}`;
    return `  ${customer}${license.registrationKey}  revision ${license.revision} (${license.licenseId}), activated ${license.activatedAt}: ${items}; ${date}${license.moving ? '; moving (an LFR replacing it was received)' : ''}`;
  });
}

/** `1 customer`, `2 customers`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Lists every Registration Key still on static licenses (docs/connected.md, "Moving off static
 * licenses"), every page of the list.
 */
export const staticLicensesList: Command = {
  name: 'static-licenses list',
  summary: 'List every Registration Key still on static licenses, with its customer’s last day for activating orders',
  usage: '[--customer <customerId>]',
  options: { customer: { type: 'string' } },
  async run(context) {
    const customer = option(context, 'customer');
    const api = context.api();
    const licenses: StaticLicenseRow[] = [];
    let after: string | null = null;
    do {
      const page: AuthorityAnswer<'/v1/static-licenses'> = await api.authority.get('/v1/static-licenses', {
        query: { customerId: customer, after: after ?? undefined },
      });
      licenses.push(...page.licenses);
      after = page.next;
    } while (after !== null);
    const customers = new Set(licenses.map((license) => license.customerId)).size;
    const head =
      licenses.length === 0
        ? 'No Registration Key is on static licenses.'
        : `${plural(licenses.length, 'Registration Key')} of ${plural(customers, 'customer')} ${licenses.length === 1 ? 'is' : 'are'} still on static licenses:`;
    return { result: licenses, text: [head, ...staticLicenseLines(licenses, true)].join('\n') };
  },
};
