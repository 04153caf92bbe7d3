import type { AuthorityAnswer, ItemOf } from '@airlock/client';
import { type Command, option } from '@airlock/cli-kit';
import { moreLine, rowsOf } from './list-page.ts';

/** A device license as `GET /v1/device-licenses` lists it (and `GET /v1/device-licenses/{licenseId}` answers it). */
export type DeviceLicenseRow = ItemOf<AuthorityAnswer<'/v1/device-licenses'>>;

/** One line of a device license: id, customer, product, credential, state, end and activations. */
export function deviceLicenseLine(license: DeviceLicenseRow): string {
  const state = license.suspension === null ? 'in force' : `suspended since ${license.suspension.at}`;
  const end = license.expiresAt === null ? 'no end' : `ends ${license.expiresAt}`;
  const active = `${license.activeActivations} active activation${license.activeActivations === 1 ? '' : 's'}`;
  return `  ${license.id}  ${license.customerId ?? '(trial)'}  ${license.productId}  ${license.credential}, revision ${license.revision}, ${state}, ${end}, ${active}`;
}

/** Lists device licenses, newest first, of every customer or one (and of one product). */
export const licenseList: Command = {
  name: 'license list',
  summary: 'List device licenses, newest first (--customer, --product to narrow)',
  usage: '[--customer <customerId>] [--product <productId>]',
  options: { customer: { type: 'string' }, product: { type: 'string' } },
  async run(context) {
    const customer = option(context, 'customer');
    const product = option(context, 'product');
    const { rows, more } = rowsOf(
      await context.api().authority.get('/v1/device-licenses', { query: { customerId: customer, productId: product } }),
      'licenses',
    );
    const head = rows.length === 0 ? 'No device license.' : `${rows.length} device license${rows.length === 1 ? '' : 's'}:`;
    return { result: rows, text: [head, ...rows.map(deviceLicenseLine), ...moreLine(more)].join('\n') };
  },
};
