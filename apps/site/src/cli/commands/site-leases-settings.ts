import { type Command, option, UsageError } from '@airlock/cli-kit';
import type { FloatingView } from '../../site/floating.ts';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';

type Settings = FloatingView['settings'];

/** The settings in force, in a sentence: "Tenant default: leases of 900 seconds, borrows of up to 7 days." */
export function settingsSentence(tenant: string, settings: Settings): string {
  const borrows = settings.borrowMaxDays === 0 ? 'borrowing off' : `borrows of up to ${settings.borrowMaxDays} day${settings.borrowMaxDays === 1 ? '' : 's'}`;
  return `Tenant ${tenant}: leases of ${settings.leaseTtlSeconds} seconds, ${borrows}.`;
}

/** A whole number given on the command line; the site checks its bounds. */
function wholeNumber(context: Parameters<Command['run']>[0], name: string, what: string): number | undefined {
  const value = option(context, name);
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new UsageError(`--${name} takes a whole number of ${what}`);
  return Number(value);
}

/**
 * Shows, or sets, a tenant's lease period (seconds, 60 to 86400) and longest borrow (days, 0 to
 * 90; 0 turns borrowing off) on a running site (docs/floating.md), and prints the settings in
 * force. An option left out keeps its value.
 *
 * @example
 * ```sh
 * airlock site leases settings --tenant plant-4 --lease-ttl 300 --borrow-max-days 0
 * ```
 */
export const siteLeasesSettings: Command = {
  name: 'site leases settings',
  summary: "Show or set a tenant's lease period and longest borrow (0 days: borrowing off)",
  usage: `[--lease-ttl <seconds>] [--borrow-max-days <n>] ${SITE_USAGE}`,
  options: { ...siteOptions, 'lease-ttl': { type: 'string' }, 'borrow-max-days': { type: 'string' } },
  async run(context) {
    const leaseTtlSeconds = wholeNumber(context, 'lease-ttl', 'seconds');
    const borrowMaxDays = wholeNumber(context, 'borrow-max-days', 'days');
    const site = siteClient(context);
    const current = (await site.request<FloatingView>('GET', site.tenantPath('/leases'))).settings;
    const settings =
      leaseTtlSeconds === undefined && borrowMaxDays === undefined
        ? current
        : await site.request<Settings>('PUT', site.tenantPath('/floating'), {
            leaseTtlSeconds: leaseTtlSeconds ?? current.leaseTtlSeconds,
            borrowMaxDays: borrowMaxDays ?? current.borrowMaxDays,
          });
    return { result: settings, text: settingsSentence(site.tenant, settings) };
  },
};
