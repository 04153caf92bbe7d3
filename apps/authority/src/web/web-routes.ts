import { createHash } from 'node:crypto';
import { brandStylesheet, loadWebAssets, readApi } from '@airlock/web';
import { securityHeaders } from '@airlock/http';
import type { Feature } from '../features/feature.ts';
import { resolveBrand } from './brand.ts';
import { connectedSitesPage, staticLicensesPage } from './console/connected-pages.ts';
import { accessPage } from './console/access-page.ts';
import { webhookPage, webhooksPage } from './console/webhooks-pages.ts';
import { dashboardPage } from './console/dashboard-page.ts';
import { approvalsPage } from './console/approvals-page.ts';
import { customerDeviceLicensesPage, customerPage, customerSitesPage, customersPage, customerUsersPage } from './console/customer-pages.ts';
import { auditPage, brandingPage, cataloguePage, keysPage, policiesPage } from './console/settings-pages.ts';
import { twoFactorPage } from './console/two-factor-page.ts';
import { pageDefiner, safeNext, type WebDeps } from './pages.ts';
import { consolePaths, portalPaths } from './paths.ts';
import { portalOfflineLicensingPage, portalSitesPage } from './portal/portal-pages.ts';
import {
  consoleDeviceLicensePage,
  consoleDeviceLicensesPage,
  deviceActivatePage,
  deviceCodesPage,
  deviceDeactivatePage,
  deviceRefreshPage,
  portalDeviceLicensesPage,
} from './views/device-views.ts';
import { lfrConfigurePage, lfrUploadPage, olfPage, olfQrPage } from './views/lfr-views.ts';
import { ordersPage } from './views/orders-view.ts';
import { portalRemindersPage, unsubscribePage } from './views/reminder-views.ts';
import { passwordPage, signInPage } from './views/sign-in-views.ts';
import { ssoSignInPart } from './views/sso-sign-in-views.ts';
import { consoleSsoPage, customerSsoPage } from './console/sso-settings-pages.ts';
import { sitePage } from './views/site-view.ts';
import { usagePage } from './views/usage-view.ts';

type CustomerParams = { customerId: string };
type Next = { next?: string };
type SignInQuery = Next & { sso_error?: string; sso_email?: string };

/**
 * The authority's web app: the vendor console (`/console/…`, administrators), the customer
 * portal (`/portal/…`, a customer's users, white-labelled by host name) and the device portal
 * (`/devices/…`, anyone with a file from a device). Pages are rendered here from the JSON API,
 * read as the person asking; every change is a form the client script sends to that API.
 */
export const webRoutes: Feature = async (app, { deps }) => {
  const assets = await loadWebAssets();
  const web: WebDeps = { deps, assets };
  await app.register(assets.plugin, { routeConfig: { access: 'public' } });

  // The pages may use the camera, to read QR codes of documents (the API's answers keep it off).
  const withCamera = securityHeaders({ https: false, allowCamera: true })['permissions-policy']!;
  app.addHook('onSend', async (_request, reply) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) void reply.header('permissions-policy', withCamera);
  });

  app.get('/brand.css', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const css = brandStylesheet(await resolveBrand(readApi(app, request)));
    const version = createHash('sha256').update(css).digest('hex').slice(0, 16);
    const query = request.query as { v?: string };
    return reply
      .header('cache-control', query.v === version ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('vary', 'host')
      .type('text/css; charset=utf-8')
      .send(css);
  });
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/portal', 303));

  const consolePage = pageDefiner(app, web, 'console');
  consolePage('/console', async () => ({ redirect: '/console/dashboard' }));
  consolePage('/console/dashboard', dashboardPage);
  consolePage<Record<string, string>, SignInQuery>(
    '/console/sign-in',
    async ({ query }) => {
      const next = safeNext(query.next, 'console');
      return signInPage('console', next, await ssoSignInPart(deps.db, 'console', next, query));
    },
    { signedOut: true },
  );
  consolePage('/console/password', async ({ me }) => passwordPage('console', me?.mustChangePassword ?? false));
  consolePage('/console/customers', customersPage);
  consolePage<CustomerParams>('/console/customers/:customerId', (context) => customerPage(context, context.params.customerId));
  consolePage<CustomerParams>('/console/customers/:customerId/sites', (context) => customerSitesPage(context, context.params.customerId));
  consolePage<CustomerParams>('/console/customers/:customerId/device-licenses', (context) => customerDeviceLicensesPage(context, context.params.customerId));
  consolePage<CustomerParams>('/console/customers/:customerId/users', (context) => customerUsersPage(context, context.params.customerId));
  consolePage<CustomerParams & { siteGuid: string }>('/console/customers/:customerId/sites/:siteGuid', (context) =>
    sitePage(context, consolePaths(context.params.customerId), context.params.siteGuid),
  );
  consolePage<CustomerParams>('/console/customers/:customerId/lfrs/new', (context) => lfrUploadPage(context, consolePaths(context.params.customerId)));
  consolePage<CustomerParams & { lfrId: string }>('/console/customers/:customerId/lfrs/:lfrId', (context) =>
    lfrConfigurePage(context, consolePaths(context.params.customerId), context.params.lfrId, deps.db),
  );
  consolePage<CustomerParams & { olfId: string }>('/console/customers/:customerId/olfs/:olfId', (context) =>
    olfPage(context, consolePaths(context.params.customerId), context.params.olfId),
  );
  consolePage<CustomerParams & { olfId: string }>('/console/customers/:customerId/olfs/:olfId/qr', (context) =>
    olfQrPage(context, consolePaths(context.params.customerId), context.params.olfId),
  );
  consolePage<CustomerParams>('/console/customers/:customerId/usage', (context) => usagePage(context, consolePaths(context.params.customerId)));
  consolePage<CustomerParams>('/console/customers/:customerId/orders', (context) => ordersPage(context, consolePaths(context.params.customerId)));
  consolePage('/console/approvals', approvalsPage);
  consolePage<Record<string, string>, { late?: string }>('/console/connected-sites', connectedSitesPage);
  consolePage('/console/static-licenses', staticLicensesPage);
  consolePage('/console/access', accessPage);
  consolePage('/console/sso', consoleSsoPage);
  consolePage<CustomerParams>('/console/customers/:customerId/sso', (context) => customerSsoPage(context, context.params.customerId));
  consolePage('/console/webhooks', webhooksPage);
  consolePage<{ webhookId: string }>('/console/webhooks/:webhookId', (context) => webhookPage(context, context.params.webhookId));
  consolePage('/console/catalogue', cataloguePage);
  consolePage('/console/policies', policiesPage);
  consolePage('/console/device-licenses', consoleDeviceLicensesPage);
  consolePage<{ licenseId: string }>('/console/device-licenses/:licenseId', (context) => consoleDeviceLicensePage(context, context.params.licenseId));
  consolePage('/console/audit', auditPage);
  consolePage('/console/keys', keysPage);
  consolePage('/console/two-factor', (context) => twoFactorPage(context, deps));
  consolePage('/console/branding', brandingPage);

  const portalPage = pageDefiner(app, web, 'portal');
  portalPage('/portal', async () => ({ redirect: '/portal/sites' }));
  portalPage<Record<string, string>, SignInQuery>(
    '/portal/sign-in',
    async ({ query }) => {
      const next = safeNext(query.next, 'portal');
      return signInPage('portal', next, await ssoSignInPart(deps.db, 'portal', next, query));
    },
    { signedOut: true },
  );
  portalPage('/portal/password', async ({ me }) => passwordPage('portal', me?.mustChangePassword ?? false));
  portalPage('/portal/sites', portalSitesPage);
  portalPage<{ siteGuid: string }>('/portal/sites/:siteGuid', (context) => sitePage(context, portalPaths(context.customerId), context.params.siteGuid));
  portalPage('/portal/lfrs/new', (context) => lfrUploadPage(context, portalPaths(context.customerId)));
  portalPage<{ lfrId: string }>('/portal/lfrs/:lfrId', (context) => lfrConfigurePage(context, portalPaths(context.customerId), context.params.lfrId, deps.db));
  portalPage<{ olfId: string }>('/portal/olfs/:olfId', (context) => olfPage(context, portalPaths(context.customerId), context.params.olfId));
  portalPage<{ olfId: string }>('/portal/olfs/:olfId/qr', (context) => olfQrPage(context, portalPaths(context.customerId), context.params.olfId));
  portalPage('/portal/usage', (context) => usagePage(context, portalPaths(context.customerId)));
  portalPage('/portal/orders', (context) => ordersPage(context, portalPaths(context.customerId)));
  portalPage('/portal/device-licenses', portalDeviceLicensesPage);
  portalPage('/portal/offline-licensing', portalOfflineLicensingPage);
  portalPage('/portal/reminders', portalRemindersPage);

  const reminderPage = pageDefiner(app, web, 'reminders');
  reminderPage<Record<string, string>, { token?: string }>('/reminders/unsubscribe', unsubscribePage);

  const devicePage = pageDefiner(app, web, 'devices');
  devicePage('/devices', async () => ({ redirect: '/devices/activate' }));
  devicePage('/devices/activate', async () => deviceActivatePage());
  devicePage('/devices/refresh', async () => deviceRefreshPage());
  devicePage('/devices/deactivate', async () => deviceDeactivatePage());
  devicePage('/devices/code', async () => deviceCodesPage());
};
