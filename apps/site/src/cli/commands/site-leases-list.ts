import { escapeControlCharacters } from '@airlock/core/text';
import type { Command } from '@airlock/cli-kit';
import type { FloatingView } from '../../site/floating.ts';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';
import { settingsSentence } from './site-leases-settings.ts';

/** Rows of cells as aligned columns, two spaces apart (the last column is not padded). */
function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, index) => Math.max(...rows.map((row) => (row[index] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0))).join('  '));
}

/** What `site leases list` prints: the settings, the use per type, then every lease and borrow. */
function leasesText(view: FloatingView): string {
  const types = alignColumns([
    ['type', 'limit', 'named', 'leased', 'borrowed', 'in use'],
    ...view.types.map((type) => [type.type, String(type.limit), String(type.named), String(type.leased), String(type.borrowed), String(type.used)]),
  ]);
  const held =
    view.leases.length === 0
      ? ['No seat is leased or borrowed.']
      : alignColumns([
          ['lease', 'type', 'kind', 'user', 'device', 'since', 'expires'],
          ...view.leases.map((lease) => [lease.leaseId, lease.type, lease.kind, lease.user, lease.fingerprint, lease.since, lease.expiresAt]),
        ]);
  const lines = [settingsSentence(view.tenant, view.settings), '', ...(view.types.length === 0 ? ['No seat type is licensed or in use.'] : types), '', ...held];
  // Users and fingerprints come from the site's clients: an escape sequence in one is shown, never run by the terminal.
  return lines.map(escapeControlCharacters).join('\n');
}

/**
 * A tenant's floating seats on a running site (docs/floating.md): per type the limit and the
 * seats named, leased and borrowed, then every lease and borrow with its id (for `site leases
 * revoke`), user, device fingerprint, since and end.
 *
 * @example
 * ```sh
 * airlock site leases list --tenant plant-4 --json
 * ```
 */
export const siteLeasesList: Command = {
  name: 'site leases list',
  summary: "List a tenant's floating seats: use per type, every lease and borrow (who, which device, since, until)",
  usage: SITE_USAGE,
  options: siteOptions,
  async run(context) {
    const site = siteClient(context);
    const view = await site.request<FloatingView>('GET', site.tenantPath('/leases'));
    return { result: view, text: leasesText(view) };
  },
};
