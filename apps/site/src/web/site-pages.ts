import { createHash } from 'node:crypto';
import {
  ApiRefusal,
  brandStylesheet,
  defaultBrand,
  html,
  notice,
  page,
  path,
  problemNotice,
  readApi,
  type ApiReader,
  type Brand,
  type HtmlValue,
  type NavItem,
  type WebAssets,
} from '@airlock/web';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Site } from '../site/site.ts';
import { homeOf, mayListTenants, roleLabel, type Me } from './permissions.ts';

/**
 * How the site's admin pages are made: each page is a GET route (public at the access hook,
 * since a page decides for itself where to send someone not signed in) whose handler reads the
 * site's JSON API as the person asking and returns a title and content; this module wraps it
 * in the layout, with the navigation of the tenant being looked at, and turns the API's
 * refusals into pages.
 */

export interface PageContext<Params = Record<string, string>, Query = Record<string, string | undefined>> {
  readonly request: FastifyRequest;
  readonly params: Params;
  readonly query: Query;
  readonly api: ApiReader;
  /** The site's time (its clock, which tests may set), for countdowns. */
  readonly now: Date;
  /** Who is signed in (null on the sign-in page). */
  readonly me: Me | null;
  readonly site: Site;
  readonly assets: WebAssets;
}

export interface PageContent {
  readonly title: string;
  readonly main: HtmlValue;
  readonly lead?: HtmlValue;
  readonly breadcrumbs?: readonly { readonly href: string; readonly label: string }[];
  readonly readsQrCodes?: boolean;
  /** The tenant the page is about: the navigation offers its pages. */
  readonly tenant?: string;
}

export type PageAnswer = PageContent | { readonly redirect: string };

export interface PageOptions {
  /** Shown without a session (the sign-in page); a signed-in person is sent home. */
  readonly signedOut?: boolean;
}

export interface WebDeps {
  readonly site: Site;
  readonly assets: WebAssets;
  /** The site's stylesheet (`/site.css`): the brand's colours and the few rules of the site's own pages. */
  readonly stylesheet: string;
}

const SIGN_IN = '/admin/sign-in';
export const PASSWORD = '/admin/password';
const AREA = 'Site administration';

/** The brand of the site's pages: Airlock's own (a site has no white-labelling). */
const siteBrand: Brand = defaultBrand;

/** The stylesheet the pages link: the brand's custom properties, then the site's rules. */
export function siteStylesheet(siteCss: string): string {
  return `${brandStylesheet(siteBrand)}\n${siteCss}`;
}

/** The stylesheet's URL, versioned by its content. */
export function stylesheetUrl(css: string): string {
  return `/site.css?v=${createHash('sha256').update(css).digest('hex').slice(0, 16)}`;
}

/** The pages of one tenant, as the navigation lists them. */
export function tenantPaths(tenant: string) {
  return {
    licenses: path`/admin/licenses/${tenant}`,
    offline: path`/admin/offline/${tenant}`,
    activated: path`/admin/activated/${tenant}`,
    seats: path`/admin/seats/${tenant}`,
    floating: path`/admin/floating/${tenant}`,
    audit: path`/admin/audit/${tenant}`,
    lfr: (id: string) => path`/admin/offline/${tenant}/lfrs/${id}`,
    lfrQr: (id: string) => path`/admin/offline/${tenant}/lfrs/${id}/qr`,
    attempt: (kind: 'olf' | 'activated-license', id: string) =>
      kind === 'olf' ? path`/admin/offline/${tenant}/installs/${id}` : path`/admin/activated/${tenant}/installs/${id}`,
    /** The web app's own JSON actions for this tenant (see `document-actions.ts`). */
    actions: path`/admin/actions/${tenant}`,
    /** The tenant's part of the site's API. */
    api: path`/v1/tenants/${tenant}`,
  };
}

function navOf(me: Me | null, tenant: string | undefined): NavItem[] {
  if (me === null) return [];
  const items: NavItem[] = mayListTenants(me) ? [{ href: '/admin/tenants', label: 'Tenants' }] : [];
  if (tenant === undefined) return items;
  const paths = tenantPaths(tenant);
  return [
    ...items,
    { href: paths.licenses, label: 'Licenses' },
    { href: paths.offline, label: 'Offline licenses' },
    { href: paths.activated, label: 'Activated license' },
    { href: paths.seats, label: 'Users and seats' },
    { href: paths.floating, label: 'Floating seats' },
    { href: paths.audit, label: 'Usage audit' },
  ];
}

/** Where a sign-in may send someone afterwards: a page of the site's admin, never elsewhere. */
export function safeNext(next: string | undefined): string {
  if (next === undefined || next.startsWith('//') || !/^\/admin(\/[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)?$/.test(next)) return '/admin';
  return next;
}

/** The site's time: the clock its rules read (tests may set it), as its status reports it. */
export function siteNow(site: Site): Date {
  const first = site.tenants()[0];
  return first === undefined ? new Date() : new Date(site.usage(first.tenant, { events: 0 }).now);
}

function sendPage(reply: FastifyReply, web: WebDeps, context: { now: Date; me: Me | null; path: string }, content: PageContent, status = 200): FastifyReply {
  const signedIn = context.me !== null && !(context.me.kind === 'account' && context.me.mustChangePassword);
  const label = context.me === null ? '' : context.me.kind === 'operator' ? 'Operator' : `${context.me.account} (${roleLabel(context.me.role)})`;
  const markup = page({
    title: content.title,
    brand: siteBrand,
    brandStylesheet: stylesheetUrl(web.stylesheet),
    assets: web.assets.pageAssets(),
    now: context.now,
    // The site's own script (copy buttons) rides along: from the app's origin, as the CSP requires.
    main: html`${content.main}<script type="module" src="${web.assets.url('site-admin.js')}"></script>`,
    area: AREA,
    home: '/admin',
    nav: signedIn ? navOf(context.me, content.tenant) : [],
    currentPath: context.path,
    account: context.me?.kind === 'account' ? { label, signOutApi: '/v1/auth/sign-out', afterSignOut: SIGN_IN } : null,
    ...(content.breadcrumbs ? { breadcrumbs: content.breadcrumbs } : {}),
    ...(content.lead ? { lead: content.lead } : {}),
    ...(content.readsQrCodes ? { readsQrCodes: true } : {}),
  }).markup;
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(markup);
}

/** Who is signed in, or where to send them first. */
async function admit(request: FastifyRequest, api: ApiReader, options: PageOptions): Promise<{ me: Me | null } | { redirect: string }> {
  const caller = request.caller;
  const here = request.url;
  if (caller.kind === 'anonymous') return options.signedOut ? { me: null } : { redirect: `${SIGN_IN}?next=${encodeURIComponent(here)}` };
  if (caller.kind === 'application') {
    throw new ApiRefusal({ status: 403, code: 'FORBIDDEN', detail: 'Application keys are for the enforcement API: sign in as a person to use these pages.' });
  }
  const me = await api.get<Me>('/v1/auth/me');
  if (me.kind === 'account' && me.mustChangePassword) return here.startsWith(PASSWORD) ? { me } : { redirect: PASSWORD };
  if (options.signedOut) return { redirect: homeOf(me) };
  return { me };
}

/**
 * Registers the pages on `app`.
 *
 * @example
 * ```ts
 * const define = pageDefiner(app, web);
 * define('/admin/tenants', async ({ api }) => ({ title: 'Tenants', main: table(await api.get('/v1/tenants')) }));
 * ```
 */
export function pageDefiner(app: FastifyInstance, web: WebDeps) {
  return function define<Params = Record<string, string>, Query = Record<string, string | undefined>>(
    url: string,
    handler: (context: PageContext<Params, Query>) => Promise<PageAnswer>,
    options: PageOptions = {},
  ): void {
    app.get(url, { config: { siteAccess: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const api = readApi(app, request);
      const now = siteNow(web.site);
      const here = request.url.split('?')[0] ?? request.url;
      let me: Me | null = null;
      try {
        const admitted = await admit(request, api, options);
        if ('redirect' in admitted) return reply.redirect(admitted.redirect, 303);
        me = admitted.me;
        const answer = await handler({
          request,
          params: request.params as Params,
          query: request.query as Query,
          api,
          now,
          me,
          site: web.site,
          assets: web.assets,
        });
        if ('redirect' in answer) return reply.redirect(answer.redirect, 303);
        return sendPage(reply, web, { now, me, path: here }, answer);
      } catch (error) {
        if (!(error instanceof ApiRefusal)) throw error;
        if (error.problem.status === 401) return reply.redirect(`${SIGN_IN}?next=${encodeURIComponent(request.url)}`, 303);
        const title = error.problem.status === 404 ? 'Not found' : 'Refused';
        const main = html`${problemNotice(error.problem)}${notice(html`<p><a href="/admin">Back to the start</a></p>`, { tone: 'neutral' })}`;
        return sendPage(reply, web, { now, me, path: here }, { title, main }, error.problem.status);
      }
    });
  };
}
