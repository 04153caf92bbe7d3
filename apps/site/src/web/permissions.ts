import { path } from '@airlock/web';
import type { Role } from '../state/account-events.ts';
import type { Me } from './api-types.ts';

/**
 * Who is looking at a page, as `GET /v1/auth/me` answers, and what the pages offer them. The
 * API decides every change anyway (see `http/access.ts`); these only spare a person forms
 * whose answer would be a refusal: an auditor sees no form, a tenant administrator sees its
 * own tenant only.
 */
export type { Me };

const roleLabels: Record<Role, string> = { 'site-admin': 'site administrator', 'tenant-admin': 'tenant administrator', auditor: 'auditor' };

/** A role as the header names it: "site administrator", "tenant administrator", "auditor". */
export function roleLabel(role: Role): string {
  return roleLabels[role];
}

/** Site administrators (and the operator): tenants, every tenant's license. */
export function mayManageSite(me: Me): boolean {
  return me.kind === 'operator' || me.role === 'site-admin';
}

/** Everyone but a tenant administrator reads the list of tenants. */
export function mayListTenants(me: Me): boolean {
  return me.kind === 'operator' || me.role !== 'tenant-admin';
}

/** Whether the person may change a tenant's license and seats. */
export function mayChange(me: Me, tenant: string): boolean {
  if (mayManageSite(me)) return true;
  return me.kind === 'account' && me.role === 'tenant-admin' && me.tenant === tenant;
}

/** Where a person starts: the tenants, or a tenant administrator's own tenant's licenses. */
export function homeOf(me: Me): string {
  if (me.kind === 'account' && me.role === 'tenant-admin' && me.tenant !== null) return path`/admin/licenses/${me.tenant}`;
  return '/admin/tenants';
}
