import { type Command, option, segment } from '@airlock/cli-kit';
import { moreLine, rowsOf } from './list-page.ts';

/** The fields of a device license the text output shows; `--json` has all of them. */
export interface DeviceLicenseRow {
  readonly id: string;
  readonly customerId: string | null;
  readonly productId: string;
  readonly credential: string;
  readonly suspension: { readonly at: string; readonly reason: string | null } | null;
  readonly expiresAt: string | null;
  readonly revision: number;
  readonly activeActivations: number;
  readonly activations: readonly { readonly id: string; readonly status: string; readonly fingerprint: string }[];
}

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
    const query = [...(customer === undefined ? [] : [`customerId=${segment(customer)}`]), ...(product === undefined ? [] : [`productId=${segment(product)}`])];
    const { rows, more } = rowsOf<DeviceLicenseRow>(await context.api().request('GET', `/v1/device-licenses${query.length === 0 ? '' : `?${query.join('&')}`}`), 'licenses');
    const head = rows.length === 0 ? 'No device license.' : `${rows.length} device license${rows.length === 1 ? '' : 's'}:`;
    return { result: rows, text: [head, ...rows.map(deviceLicenseLine), ...moreLine(more)].join('\n') };
  },
};
