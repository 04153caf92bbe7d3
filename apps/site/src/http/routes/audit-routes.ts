import { AuditEntries, EventCount } from '../account-schemas.ts';
import { refusals, TenantParams } from '../schemas.ts';
import type { SiteRoutes } from './routes.ts';

const admin = { config: { siteAccess: 'admin' } } as const;
const countOf = (events: string | undefined): number => Math.min(Number(events ?? 100), 500);

/**
 * The site's audit, read from its ledger: who did what, when — documents installed, seats by
 * hand, accounts, every sign-in attempt, application keys. The whole site's for site
 * administrators and auditors; one tenant's for its administrator too. No password or key hash.
 */
export const auditRoutes: SiteRoutes = async (app, { site }) => {
  app.get(
    '/v1/audit',
    {
      ...admin,
      schema: {
        tags: ['audit'],
        summary: "The site's audit: the latest events of every tenant and of its accounts, newest first",
        querystring: EventCount,
        response: { 200: AuditEntries, ...refusals },
      },
    },
    async (request) => ({ events: site.accounts.audit({ events: countOf(request.query.events) }) }),
  );

  app.get(
    '/v1/tenants/:tenant/audit',
    {
      ...admin,
      schema: {
        tags: ['audit'],
        summary: "One tenant's audit: its events and those about its keys and administrators, newest first",
        params: TenantParams,
        querystring: EventCount,
        response: { 200: AuditEntries, ...refusals },
      },
    },
    async (request) => ({ events: site.accounts.audit({ tenant: request.params.tenant, events: countOf(request.query.events) }) }),
  );
};
