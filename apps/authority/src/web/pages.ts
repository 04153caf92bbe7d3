import { createHash } from 'node:crypto';
import { ApiProblem, createAuthorityClient, type AuthorityClient } from '@airlock/client';
import {
  ApiRefusal,
  injectFetch,
  brandStylesheet,
  html,
  notice,
  page,
  problemNotice,
  readApi,
  type ApiReader,
  type Brand,
  type HtmlValue,
  type NavItem,
  type WebAssets,
} from '@airlock/web';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthorityDeps } from '../deps.ts';
import type { TypedApp } from '../features/feature.ts';
import type { Me } from './api-types.ts';
import { resolveBrand } from './brand.ts';

/**
 * How the authority's pages are made: each page is a GET route (public at the API's gate, since
 * a page decides for itself where to send someone not signed in) whose handler reads the API as
 * the person asking and returns a title and content; this module wraps it in the layout of its
 * area, with the brand of the host, and turns the API's refusals into pages.
 */

/**
 * The console is for vendor administrators, the portal for a customer's users, the device portal
 * for anyone, and the reminders' unsubscribe page for whoever holds a letter's link.
 */
export type Area = 'console' | 'portal' | 'devices' | 'reminders';

export interface PageContext<Params = Record<string, string>, Query = Record<string, string | undefined>> {
  readonly request: FastifyRequest;
  readonly params: Params;
  readonly query: Query;
  readonly api: ApiReader;
  /**
   * The same API through the typed client (@airlock/client), injected in process as the person
   * asking: paths, parameters and answers typed from the API's OpenAPI document.
   */
  readonly client: AuthorityClient;
  readonly now: Date;
  readonly brand: Brand;
  /** Who is signed in (null in the device portal and on sign-in pages). */
  readonly me: Me | null;
  /** The portal user's customer; empty elsewhere. */
  readonly customerId: string;
}

export interface PageContent {
  readonly title: string;
  readonly main: HtmlValue;
  readonly lead?: HtmlValue;
  readonly breadcrumbs?: readonly { readonly href: string; readonly label: string }[];
  readonly readsQrCodes?: boolean;
}

export type PageAnswer = PageContent | { readonly redirect: string };

export interface PageOptions {
  /** Shown without a session (sign-in pages). */
  readonly signedOut?: boolean;
}

const areas: Record<Area, { readonly label: string; readonly home: string; readonly signIn: string; readonly nav: readonly NavItem[] }> = {
  console: {
    label: 'Vendor console',
    home: '/console/dashboard',
    signIn: '/console/sign-in',
    nav: [
      { href: '/console/dashboard', label: 'Today' },
      { href: '/console/customers', label: 'Customers' },
      { href: '/console/approvals', label: 'Approvals' },
      { href: '/console/connected-sites', label: 'Connected sites' },
      { href: '/console/static-licenses', label: 'Static licenses' },
      { href: '/console/catalogue', label: 'Catalogue' },
      { href: '/console/policies', label: 'Policies' },
      { href: '/console/device-licenses', label: 'Device licenses' },
      { href: '/console/audit', label: 'Audit log' },
      { href: '/console/keys', label: 'Keys' },
      { href: '/console/access', label: 'Access' },
      { href: '/console/sso', label: 'Single sign-on' },
      { href: '/console/webhooks', label: 'Webhooks' },
      { href: '/console/branding', label: 'Branding' },
    ],
  },
  portal: {
    label: 'Customer portal',
    home: '/portal/sites',
    signIn: '/portal/sign-in',
    nav: [
      { href: '/portal/sites', label: 'Sites' },
      { href: '/portal/lfrs/new', label: 'Upload an LFR', matches: '/portal/lfrs' },
      { href: '/portal/usage', label: 'Usage' },
      { href: '/portal/orders', label: 'Orders' },
      { href: '/portal/device-licenses', label: 'Device licenses' },
      { href: '/portal/offline-licensing', label: 'Offline licensing' },
      { href: '/portal/reminders', label: 'E-mail reminders' },
    ],
  },
  reminders: {
    label: 'E-mail reminders',
    home: '/portal',
    signIn: '/portal/sign-in',
    nav: [],
  },
  devices: {
    label: 'Device activation',
    home: '/devices/activate',
    signIn: '/devices/activate',
    nav: [
      { href: '/devices/activate', label: 'Activate' },
      { href: '/devices/refresh', label: 'Refresh' },
      { href: '/devices/deactivate', label: 'Deactivate' },
      { href: '/devices/code', label: 'By code' },
    ],
  },
};

/** Where a sign-in may send someone afterwards: a page of the console or the portal, never elsewhere. */
export function safeNext(next: string | undefined, area: Area): string {
  const home = areas[area].home;
  if (next === undefined || !/^\/(console|portal)(\/[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)?$/.test(next) || next.startsWith('//')) return home;
  return next.startsWith(`/${area}`) ? next : home;
}

export interface WebDeps {
  readonly deps: AuthorityDeps;
  readonly assets: WebAssets;
}

/** The brand stylesheet's URL, versioned by its content so it is cached until the brand changes. */
function brandStylesheetUrl(brand: Brand): string {
  return `/brand.css?v=${createHash('sha256').update(brandStylesheet(brand)).digest('hex').slice(0, 16)}`;
}

/** Sends a whole page of an area. */
function sendPage(
  reply: FastifyReply,
  web: WebDeps,
  area: Area,
  context: { brand: Brand; now: Date; me: Me | null; path: string },
  content: PageContent,
  status = 200,
): FastifyReply {
  const { label, home, nav } = areas[area];
  const signedIn = context.me?.email !== undefined && !(context.me.mustChangePassword ?? false);
  const markup = page({
    title: content.title,
    brand: context.brand,
    brandStylesheet: brandStylesheetUrl(context.brand),
    assets: web.assets.pageAssets(),
    now: context.now,
    main: content.main,
    area: label,
    home,
    nav: signedIn || area === 'devices' ? nav : [],
    currentPath: context.path,
    account: context.me?.email ? { label: context.me.email, signOutApi: '/v1/auth/logout', afterSignOut: areas[area].signIn } : null,
    ...(content.breadcrumbs ? { breadcrumbs: content.breadcrumbs } : {}),
    ...(content.lead ? { lead: content.lead } : {}),
    ...(content.readsQrCodes ? { readsQrCodes: true } : {}),
    // The brand's support address is for customers and end users, not for the vendor's own staff.
    showSupport: area !== 'console',
  }).markup;
  return reply.status(status).type('text/html; charset=utf-8').send(markup);
}

/** Where an administrator enrols in two-factor sign-in (console/two-factor-page.ts). */
const TWO_FACTOR_PAGE = '/console/two-factor';

/** Who is signed in, or where to send them first. */
async function admit(area: Area, request: FastifyRequest, client: AuthorityClient, options: PageOptions): Promise<{ me: Me | null } | { redirect: string }> {
  // Reached without a session: the device portal, and an unsubscribe link from a letter.
  if (area === 'devices' || area === 'reminders') return { me: null };
  const principal = request.principal;
  const path = request.url;
  if (principal.kind === 'anonymous') return options.signedOut ? { me: null } : { redirect: `${areas[area].signIn}?next=${encodeURIComponent(path)}` };
  if (options.signedOut) return { redirect: principal.kind === 'customer-user' ? areas.portal.home : areas.console.home };
  if (area === 'console' && principal.kind === 'customer-user') return { redirect: areas.portal.home };
  if (area === 'portal' && principal.kind !== 'customer-user') return { redirect: areas.console.home };
  const me = await client.get('/v1/auth/me');
  // A first administrator's one-time password, or a portal user's password the vendor reset.
  const passwordPath = `/${area}/password`;
  if (me.mustChangePassword && !path.startsWith(passwordPath)) return { redirect: passwordPath };
  // The policy requires two-factor sign-in and this administrator has none yet: enrol first.
  if (area === 'console' && me.mfaEnrolmentRequired === true && !path.startsWith(TWO_FACTOR_PAGE)) return { redirect: TWO_FACTOR_PAGE };
  return { me };
}

/**
 * Registers the pages of one area on `app`.
 *
 * @example
 * ```ts
 * const define = pageDefiner(app, web, 'console');
 * define('/console/customers', async ({ api }) => ({ title: 'Customers', main: table(await api.get('/v1/customers')) }));
 * ```
 */
export function pageDefiner(app: TypedApp, web: WebDeps, area: Area) {
  return function define<Params = Record<string, string>, Query = Record<string, string | undefined>>(
    url: string,
    handler: (context: PageContext<Params, Query>) => Promise<PageAnswer>,
    options: PageOptions = {},
  ): void {
    app.get(url, { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const api = readApi(app, request);
      // The origin is never reached: the fetch injects into this app (injectFetch).
      const client = createAuthorityClient({ baseUrl: 'http://authority.in-process', fetch: injectFetch(app, request) });
      const now = web.deps.clock.now();
      const brand = await resolveBrand(api);
      const path = request.url.split('?')[0] ?? request.url;
      let me: Me | null = null;
      try {
        const admitted = await admit(area, request, client, options);
        if ('redirect' in admitted) return reply.redirect(admitted.redirect, 303);
        me = admitted.me;
        const customerId = request.principal.kind === 'customer-user' ? request.principal.customerId : '';
        const answer = await handler({ request, params: request.params as Params, query: request.query as Query, api, client, now, brand, me, customerId });
        if ('redirect' in answer) return reply.redirect(answer.redirect, 303);
        return sendPage(reply, web, area, { brand, now, me, path }, answer);
      } catch (thrown) {
        // A refusal read through the typed client is shown as any other.
        const error = thrown instanceof ApiProblem ? new ApiRefusal(thrown.problem) : thrown;
        if (!(error instanceof ApiRefusal)) throw error;
        if (error.problem.status === 401) return reply.redirect(`${areas[area].signIn}?next=${encodeURIComponent(request.url)}`, 303);
        const title = error.problem.status === 404 ? 'Not found' : 'Refused';
        const main = html`${problemNotice(error.problem)}${notice(html`<p><a href="${areas[area].home}">Back to the start</a></p>`, { tone: 'neutral' })}`;
        return sendPage(reply, web, area, { brand, now, me, path }, { title, main }, error.problem.status);
      }
    });
  };
}
