import type { AuthorityAnswer, ItemOf } from '@airlock/client';

/**
 * What the pages read from the authority's JSON API, named. Each is the answer of a route as the
 * API's OpenAPI document types it (@airlock/client, generated from the route schemas that
 * serialize the answers): the pages read the very shapes the API sends, and a schema change
 * that a page does not follow fails the build, not the page.
 */

export type Me = AuthorityAnswer<'/v1/auth/me'>;
/** Who a session belongs to: an administrator or a customer's user (an API token has no session). */
export type SessionPrincipal = Exclude<Me['principal'], { readonly kind: 'token' }>;

export type PortalBrandAnswer = AuthorityAnswer<'/v1/portal/branding'>;

export type Product = ItemOf<AuthorityAnswer<'/v1/products'>>;
export type LicenseType = Product['licenseTypes'][number];
export type Policy = ItemOf<AuthorityAnswer<'/v1/policies'>>;
export type Customer = AuthorityAnswer<'/v1/customers/{customerId}'>;
export type CustomerUser = ItemOf<AuthorityAnswer<'/v1/customers/{customerId}/users'>>;
export type OfflineRequest = ItemOf<AuthorityAnswer<'/v1/customers/{customerId}/offline-requests'>>;

export type Site = ItemOf<AuthorityAnswer<'/v1/customers/{customerId}/sites'>>;
export type ModeAllowance = Site['modes']['files'];
export type SiteTenant = Site['tenants'][number];
export type SiteTenantLink = Site['connected'][number];
/** A connected site tenant, from `GET /v1/site-links`. */
export type SiteLink = ItemOf<AuthorityAnswer<'/v1/site-links'>>;

/** A customer's standing on static licenses, from `GET /v1/customers/{id}/static-licenses`. */
export type StaticLicenseSummary = AuthorityAnswer<'/v1/customers/{customerId}/static-licenses'>;
/** A Registration Key still on static licenses, from `GET /v1/static-licenses`. */
export type StaticLicense = StaticLicenseSummary['licenses'][number];

export type Olf = AuthorityAnswer<'/v1/customers/{customerId}/olfs/{olfId}'>;
/** Every cycle of a site, tenant by tenant (the answer without paging parameters). */
export type SiteCycles = Extract<AuthorityAnswer<'/v1/customers/{customerId}/sites/{siteGuid}/cycles'>, { readonly siteGuid: string }>;
export type OlfSummary = NonNullable<SiteCycles['tenants'][number]['cycles'][number]['lfrs'][number]['olf']>;
export type SiteEntitlement = OlfSummary['entitlements'][number];

export type CustomerUsage = AuthorityAnswer<'/v1/customers/{customerId}/usage'>;
export type UsageReport = CustomerUsage['sites'][number]['latest'];
export type LfrUsage = UsageReport['usage'];
export type FloatingUsage = NonNullable<LfrUsage['floating']>[number];

export type AuditEvent = ItemOf<AuthorityAnswer<'/v1/audit'>>;

export type KeyList = AuthorityAnswer<'/v1/keys'>;
export type KeyInfo = KeyList['keys'][number];
export type RootKey = AuthorityAnswer<'/v1/keys/root'>;

export type Order = ItemOf<AuthorityAnswer<'/v1/customers/{customerId}/orders'>>;
export type OrderItem = Order['items'][number];

export type DeviceLicense = AuthorityAnswer<'/v1/device-licenses/{licenseId}'>;
export type DeviceActivation = ItemOf<AuthorityAnswer<'/v1/device-licenses/{licenseId}/activations'>>;

/** A product's trial offer (docs/devices.md, "Trials"). */
export type TrialOffer = ItemOf<AuthorityAnswer<'/v1/trial-offers'>>;
/** A device's trial of a product. */
export type Trial = ItemOf<AuthorityAnswer<'/v1/trials'>>;
