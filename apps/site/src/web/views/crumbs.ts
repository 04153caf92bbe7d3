import { mayListTenants } from '../permissions.ts';
import type { PageContext } from '../site-pages.ts';

/** The breadcrumbs above a tenant's pages: the list of tenants, for those who may read it. */
export function tenantCrumbs(context: Pick<PageContext, 'me'>): { href: string; label: string }[] {
  return context.me !== null && mayListTenants(context.me) ? [{ href: '/admin/tenants', label: 'Tenants' }] : [];
}
