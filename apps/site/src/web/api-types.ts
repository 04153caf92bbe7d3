import type { SiteAnswer } from '@airlock/client';

/**
 * What the site's pages read from its JSON API, named. Each is the answer of a route as the
 * site's OpenAPI document types it (@airlock/client, generated from the route schemas that
 * serialize the answers), not the service's own types: a page shows what the API sends.
 */

/** Who is looking at a page: the operator or a signed-in account (an application key never asks for a page). */
export type Me = Exclude<SiteAnswer<'/v1/auth/me'>, { readonly kind: 'application' }>;

/** A tenant's license and its state, from `GET /v1/tenants/{tenant}/status`. */
export type TenantStatus = SiteAnswer<'/v1/tenants/{tenant}/status'>;
/** A tenant's use of its license, from `GET /v1/tenants/{tenant}/usage`. */
export type TenantUsage = SiteAnswer<'/v1/tenants/{tenant}/usage'>;
/** The tenant's floating seats, from `GET /v1/tenants/{tenant}/leases`. */
export type FloatingView = SiteAnswer<'/v1/tenants/{tenant}/leases'>;
export type SiteInfo = SiteAnswer<'/v1/site'>;
export type TenantSummary = SiteAnswer<'/v1/tenants'>['tenants'][number];
export type AuditEntry = SiteAnswer<'/v1/tenants/{tenant}/audit'>['events'][number];
