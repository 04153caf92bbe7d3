import { escapeControlCharacters } from '@airlock/core/text';
import type { Command } from '@airlock/cli-kit';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';

interface Deadline {
  readonly at: string;
  readonly left: number;
}
export interface TenantStatus {
  readonly tenant: string;
  readonly registrationKey: string;
  readonly status: string;
  readonly tampered: { readonly code: string } | null;
  readonly storage?: { readonly writable: boolean; readonly since: string | null; readonly cause: string | null };
  readonly enablement: { readonly tokenId: string; readonly customerId: string } | null;
  readonly license: { readonly olfId: string; readonly startsOn: string; readonly endsOn: string; readonly expires: Deadline } | null;
  readonly activatedLicense?: {
    readonly revision: number;
    readonly lrns: readonly string[];
    readonly items: readonly {
      readonly licenseType: string;
      readonly quantity: number;
      readonly kind: string;
      readonly expiresOn: string | null;
      readonly inForce: boolean;
    }[];
  } | null;
  readonly cycle: {
    readonly status: string;
    readonly cycle: number;
    readonly sequence: number | null;
    readonly lockedSince: string | null;
    readonly deadlines: { readonly installBefore: Deadline; readonly locks: Deadline; readonly lfrExpires: Deadline } | null;
  };
  readonly seats: readonly { readonly type: string; readonly used: number; readonly limit: number; readonly users: readonly string[] }[];
  readonly meters: readonly { readonly meter: string; readonly used: number; readonly limit: number }[];
  readonly features: readonly { readonly feature: string; readonly granted: boolean }[];
  /** Absent from sites older than connected mode. */
  readonly link?: { readonly mode: string; readonly summary: string; readonly lastError: string | null };
}

/** A tenant's license status on a running site: state, expiry, cycle deadlines, seats and meters. */
export const siteStatus: Command = {
  name: 'site status',
  summary: "Show a tenant's license status: state, expiry, cycle deadlines, seats and meters",
  usage: SITE_USAGE,
  options: siteOptions,
  async run(context) {
    const site = siteClient(context);
    const status = await site.request<TenantStatus>('GET', site.tenantPath('/status'));
    return { result: status, text: describeStatus(status) };
  },
};

/**
 * What the tenant's enablement means for it. A tenant licensed by an activated license (an
 * order's LRN and its RK) needs no enablement token: only offline license files do.
 */
function enablementLine(status: TenantStatus): string {
  if (status.enablement) return `  enabled by token ${status.enablement.tokenId} for customer ${status.enablement.customerId}`;
  if (status.activatedLicense) return '  no enablement token: none is needed for its activated license (a token turns on offline license files)';
  return "  not licensed yet: install an activated license (an order's LRN activated with this Registration Key in the customer portal) or an enablement token for offline license files";
}

/** The status as the terminal shows it, one fact a line. */
export function describeStatus(status: TenantStatus): string {
  const lines = [
    `Tenant ${status.tenant} (Registration Key ${status.registrationKey}): ${status.status}${status.tampered ? ` (${status.tampered.code})` : ''}`,
  ];
  if (status.storage?.writable === false)
    lines.push(
      `  the ledger cannot be written since ${status.storage.since ?? '?'} (${status.storage.cause ?? '?'}): changes are refused until its disk takes writes again (the site retries by itself)`,
    );
  lines.push(enablementLine(status));
  // In mode files the link has nothing to say: the files are carried by hand.
  if (status.link?.mode === 'connected') lines.push(`  link: ${status.link.summary}${status.link.lastError ? ` (${status.link.lastError})` : ''}`);
  if (status.license)
    lines.push(`  license ${status.license.olfId}: ${status.license.startsOn} to ${status.license.endsOn} (${timeLeft(status.license.expires)})`);
  const activated = status.activatedLicense;
  if (activated) {
    lines.push(`  activated license revision ${activated.revision} (${activated.lrns.join(', ')})`);
    for (const item of activated.items)
      lines.push(
        `    ${item.kind} ${item.licenseType} ${item.quantity}${item.expiresOn === null ? '' : ` until ${item.expiresOn}`}${item.inForce ? '' : ' (ended)'}`,
      );
  }
  const { cycle } = status;
  if (cycle.lockedSince) lines.push(`  locked since ${cycle.lockedSince}: licensed work is refused until a new cycle completes`);
  if (cycle.deadlines) {
    const { installBefore, locks } = cycle.deadlines;
    lines.push(
      `  cycle ${cycle.cycle}, LFR ${cycle.sequence} (${cycle.status}): install the OLF before ${installBefore.at} (${timeLeft(installBefore)}); locks at ${locks.at} (${timeLeft(locks)})`,
    );
  }
  for (const seat of status.seats) lines.push(`  seats ${seat.type}: ${seat.used}/${seat.limit}${seat.users.length > 0 ? ` (${seat.users.join(', ')})` : ''}`);
  for (const meter of status.meters) lines.push(`  meter ${meter.meter}: ${meter.used}/${meter.limit}`);
  const features = status.features.filter((feature) => feature.granted).map((feature) => feature.feature);
  if (features.length > 0) lines.push(`  features: ${features.join(', ')}`);
  // Names come from the site's clients: an escape sequence in one is shown, never run by the terminal.
  return lines.map(escapeControlCharacters).join('\n');
}

function timeLeft(deadline: Deadline): string {
  if (deadline.left <= 0) return 'passed';
  const hours = Math.floor(deadline.left / 3_600_000);
  return hours >= 48 ? `${Math.floor(hours / 24)} days left` : `${hours} h ${Math.floor((deadline.left % 3_600_000) / 60_000)} min left`;
}
