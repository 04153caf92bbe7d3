import { path } from '@airlock/web';

/**
 * Where a customer's pages are: under `/console/customers/<id>/` for the vendor, under
 * `/portal/` for the customer's own users. The views shared by both areas link through this.
 */
export interface CustomerPaths {
  readonly area: 'console' | 'portal';
  readonly customerId: string;
  /** The customer's own page (the console's customer page, the portal's sites). */
  readonly home: string;
  site(guid: string): string;
  readonly lfrNew: string;
  lfr(id: string): string;
  olf(id: string): string;
  olfQr(id: string): string;
  readonly usage: string;
  readonly orders: string;
  /** `lfr(…)` and `olf(…)` with a `{field}` the client script fills from an API answer. */
  readonly lfrTemplate: string;
  readonly olfTemplate: string;
  /** The API prefix of the customer: `/v1/customers/<id>`. */
  readonly api: string;
}

/**
 * A customer's pages in the vendor console.
 *
 * @example
 * ```ts
 * consolePaths('acme').site(guid); // '/console/customers/acme/sites/<guid>'
 * ```
 */
export function consolePaths(customerId: string): CustomerPaths {
  const base = path`/console/customers/${customerId}`;
  return {
    area: 'console',
    customerId,
    home: base,
    site: (guid) => `${base}${path`/sites/${guid}`}`,
    lfrNew: `${base}/lfrs/new`,
    lfr: (id) => `${base}${path`/lfrs/${id}`}`,
    olf: (id) => `${base}${path`/olfs/${id}`}`,
    olfQr: (id) => `${base}${path`/olfs/${id}/qr`}`,
    usage: `${base}/usage`,
    orders: `${base}/orders`,
    lfrTemplate: `${base}/lfrs/{lfr.id}`,
    olfTemplate: `${base}/olfs/{id}`,
    api: path`/v1/customers/${customerId}`,
  };
}

/**
 * The pages of a customer's own users in the portal (the customer is the signed-in user's).
 *
 * @example
 * ```ts
 * portalPaths('acme').olf(id); // '/portal/olfs/<id>'
 * ```
 */
export function portalPaths(customerId: string): CustomerPaths {
  return {
    area: 'portal',
    customerId,
    home: '/portal/sites',
    site: (guid) => path`/portal/sites/${guid}`,
    lfrNew: '/portal/lfrs/new',
    lfr: (id) => path`/portal/lfrs/${id}`,
    olf: (id) => path`/portal/olfs/${id}`,
    olfQr: (id) => path`/portal/olfs/${id}/qr`,
    usage: '/portal/usage',
    orders: '/portal/orders',
    lfrTemplate: '/portal/lfrs/{lfr.id}',
    olfTemplate: '/portal/olfs/{id}',
    api: path`/v1/customers/${customerId}`,
  };
}

/** The breadcrumbs that lead to a customer's pages. */
export function customerCrumbs(paths: CustomerPaths, customerName: string): { href: string; label: string }[] {
  return paths.area === 'console'
    ? [
        { href: '/console/customers', label: 'Customers' },
        { href: paths.home, label: customerName },
      ]
    : [{ href: paths.home, label: 'Sites' }];
}
