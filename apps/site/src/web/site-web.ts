import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadWebAssets } from '@airlock/web';
import type { SiteRoutes } from '../http/routes/routes.ts';
import { documentActions } from './document-actions.ts';
import { createHeldByPages } from './held-documents.ts';
import { PASSWORD, pageDefiner, safeNext, siteStylesheet, stylesheetUrl, type WebDeps } from './site-pages.ts';
import { activatedPage } from './views/activated-view.ts';
import { attemptPage } from './views/attempt-view.ts';
import { auditPage } from './views/audit-view.ts';
import { floatingPage } from './views/floating-view.ts';
import { lfrPage, lfrQrPage } from './views/lfr-view.ts';
import { licensesPage } from './views/licenses-view.ts';
import { offlinePage } from './views/offline-view.ts';
import { seatsPage } from './views/seats-view.ts';
import { passwordPage, signInPage } from './views/sign-in-views.ts';
import { tenantsPage } from './views/tenants-view.ts';
import { homeOf } from './permissions.ts';

type Tenant = { tenant: string };
type Held = Tenant & { id: string };
type Attempt = Tenant & { attempt: string };

const siteCssFile = fileURLToPath(new URL('../../assets/site.css', import.meta.url));
const siteScriptFile = fileURLToPath(new URL('../../assets/site-admin.js', import.meta.url));

/**
 * The site's web admin: the pages a customer's operator uses inside the air gap, served beside
 * the API on the same address. Tenants and their Registration Keys; per tenant its Licenses
 * (state, deadlines, seats, meters, activated license), Offline licenses (token in, LFR out as
 * a file or QR codes, OLF in, a refused reduction cured from its own table), Activated license,
 * Users and seats, Floating seats (leases, borrows, their settings and daily peaks), and the
 * Usage audit. Pages read the site's JSON API as the person asking,
 * signed in with a session (`/v1/auth/sign-in`); every change is a form the kit's client
 * script sends to that API with the CSRF header. Built on `@airlock/web`: no inline script or
 * style, nothing from elsewhere.
 *
 * @example
 * ```ts
 * await app.register(siteWebRoutes, { site });
 * ```
 */
export const siteWebRoutes: SiteRoutes = async (app, { site }) => {
  const assets = await loadWebAssets({ extra: { 'site-admin.js': siteScriptFile } });
  await app.register(assets.plugin, { routeConfig: { siteAccess: 'public' } });
  const stylesheet = siteStylesheet(await readFile(siteCssFile, 'utf8'));
  const web: WebDeps = { site, assets, stylesheet };
  const held = createHeldByPages();
  await app.register(documentActions, { site, held });

  app.get('/site.css', { config: { siteAccess: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const versioned = (request.query as { v?: string }).v === stylesheetUrl(stylesheet).split('v=')[1];
    return reply
      .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache')
      .type('text/css; charset=utf-8')
      .send(stylesheet);
  });
  app.get('/', { config: { siteAccess: 'public' }, schema: { hide: true } }, async (_request, reply) => reply.redirect('/admin', 303));

  const define = pageDefiner(app, web);
  define('/admin', async ({ me }) => ({ redirect: me ? homeOf(me) : '/admin/tenants' }));
  define<Record<string, string>, { next?: string }>('/admin/sign-in', async ({ query }) => signInPage(safeNext(query.next)), { signedOut: true });
  define(PASSWORD, async ({ me }) => passwordPage(me?.kind === 'account' && me.mustChangePassword));
  define('/admin/tenants', tenantsPage);
  define<Tenant>('/admin/licenses/:tenant', (context) => licensesPage(context, context.params.tenant));
  define<Tenant>('/admin/offline/:tenant', (context) => offlinePage(context, context.params.tenant));
  define<Held>('/admin/offline/:tenant/lfrs/:id', (context) => lfrPage(context, held.lfrs, context.params.tenant, context.params.id));
  define<Held>('/admin/offline/:tenant/lfrs/:id/qr', (context) => lfrQrPage(context, held.lfrs, context.params.tenant, context.params.id));
  define<Attempt>('/admin/offline/:tenant/installs/:attempt', (context) =>
    attemptPage(context, held.attempts, 'olf', context.params.tenant, context.params.attempt),
  );
  define<Tenant>('/admin/activated/:tenant', (context) => activatedPage(context, context.params.tenant));
  define<Attempt>('/admin/activated/:tenant/installs/:attempt', (context) =>
    attemptPage(context, held.attempts, 'activated-license', context.params.tenant, context.params.attempt),
  );
  define<Tenant>('/admin/seats/:tenant', (context) => seatsPage(context, context.params.tenant));
  define<Tenant>('/admin/floating/:tenant', (context) => floatingPage(context, context.params.tenant));
  define<Tenant, { events?: string }>('/admin/audit/:tenant', (context) => auditPage(context, context.params.tenant));
};
