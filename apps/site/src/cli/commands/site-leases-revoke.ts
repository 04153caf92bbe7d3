import type { SiteAnswer } from '@airlock/client';
import { type Command, segment } from '@airlock/cli-kit';
import { siteClient, siteOptions, SITE_USAGE } from '../site-client.ts';

type Revocation = SiteAnswer<'/v1/tenants/{tenant}/leases/{leaseId}/revoke', 'post'>;

/**
 * Ends a lease or borrow on a running site: its seat is free at once. A leasing application
 * learns it at its next heartbeat; a borrowing device that is away cannot be told, and its
 * borrow file stays valid until its end (docs/floating.md) — for a device lost or broken.
 */
export const siteLeasesRevoke: Command = {
  name: 'site leases revoke',
  summary: 'Revoke a lease or borrow (a device lost or broken): its seat is free at once',
  usage: `<leaseId> ${SITE_USAGE}`,
  options: siteOptions,
  positionals: ['leaseId'],
  async run(context) {
    const site = siteClient(context);
    const done = await site.request<Revocation>('POST', site.tenantPath(`/leases/${segment(context.positionals[0] ?? '')}/revoke`));
    return {
      result: done,
      text: `Revoked ${done.leaseId} on tenant ${site.tenant}: its seat is free. A leasing application learns it at its next heartbeat; a borrowing device that is away cannot be told, and its borrow file stays valid until its end.`,
    };
  },
};
