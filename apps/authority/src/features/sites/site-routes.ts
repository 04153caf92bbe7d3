import { Problem } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../http/permissions.ts';
import { OneLine, Slug } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import { SITE_LINK_LIST, listSiteLinkPage, listSiteLinks } from './site-link-list.ts';
import { SITE_LIST, listSitePage, listSites, registerSite } from './sites.ts';
import { PageOf, PageQuery, readPaging, wantsPage } from '../../http/paging.ts';

/** A site GUID in the 8-4-4-4-12 hexadecimal form, either case (stored lower-case). */
export const SiteGuid = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
});
const ModeAllowance = Type.Object({
  allowed: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
});
const Site = Type.Object({
  guid: Type.String(),
  customerId: Type.String(),
  name: Type.String(),
  registeredAt: Type.String({ format: 'date-time' }),
  siteKeyKnown: Type.Boolean(),
  latestEnablementTokenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  latestLfrAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  siteVersion: Type.Union([Type.String(), Type.Null()], {
    description: 'The version its latest LFR or exchange stated, whichever came later; null before either.',
  }),
  connected: Type.Array(
    Type.Object({
      tenant: Type.String(),
      siteVersion: Type.String(),
      firstExchangeAt: Type.String({ format: 'date-time' }),
      lastExchangeAt: Type.String({ format: 'date-time' }),
      lastStatus: Type.String(),
      lastCode: Type.Union([Type.String(), Type.Null()]),
    }),
    { description: 'Its tenants that exchanged over the link, with their last exchange.' },
  ),
  tenants: Type.Array(
    Type.Object({
      tenant: Type.String(),
      mode: Type.Union([Type.Literal('files'), Type.Literal('connected')]),
      latestLfrAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      lastExchangeAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
    { description: 'Every tenant it sent an LFR or exchanged for, with the mode its latest LFR came by.' },
  ),
  modes: Type.Object(
    { files: ModeAllowance, connected: ModeAllowance },
    { description: 'Which modes the customer\'s policy lets it use at its version (docs/connected.md, "Versions").' },
  ),
});
const CustomerParams = Type.Object({ customerId: Slug });
export const SiteLink = Type.Object({
  customerId: Type.String(),
  customerName: Type.String(),
  siteGuid: Type.String(),
  siteName: Type.String(),
  tenant: Type.String(),
  siteVersion: Type.String(),
  firstExchangeAt: Type.String({ format: 'date-time' }),
  lastExchangeAt: Type.String({ format: 'date-time' }),
  lastStatus: Type.String({ description: '`answered`, `pending` or `refused`' }),
  lastCode: Type.Union([Type.String(), Type.Null()]),
  lastLfrId: Type.Union([Type.String(), Type.Null()]),
  exchangeIntervalMs: Type.Integer({ description: "How often the customer's policy has its connected sites exchange" }),
  lateAfter: Type.String({ format: 'date-time', description: 'Two intervals after the last exchange' }),
  mode: Type.Union([Type.Literal('files'), Type.Literal('connected')], {
    description: '`files` once an LFR was carried by hand after the last exchange: the tenant left the link',
  }),
  late: Type.Boolean({ description: 'Still on the link, and no exchange for two intervals' }),
});

export const siteRoutes: Feature = async (app, { deps }) => {
  app.post(
    '/v1/customers/:customerId/sites',
    {
      config: { access: { permission: 'customers:write', customer: true } },
      schema: {
        tags: ['sites'],
        summary: "Register a site's GUID to the customer",
        params: CustomerParams,
        body: Type.Object({ guid: SiteGuid, name: OneLine({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 201: Site, 400: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const by = { actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() };
      return reply.status(201).send(await registerSite(deps.db, request.params.customerId, request.body, by));
    },
  );

  app.get(
    '/v1/customers/:customerId/sites',
    {
      config: { access: { permission: 'customers:read', customer: true } },
      schema: {
        tags: ['sites'],
        summary: "The customer's sites with what the authority last saw of each, a page at a time",
        description:
          'With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` sorted by `registeredAt` (default) or `name`, searched by a prefix of the name or GUID. ' +
          'Without any of them: every site by registration as a bare array (deprecated; it will be removed).',
        params: CustomerParams,
        querystring: PageQuery(SITE_LIST),
        response: {
          200: Type.Union([PageOf(Site, "The customer's sites matching `q`, counted on every page."), Type.Array(Site)]),
          400: Problem,
          404: Problem,
        },
      },
    },
    async (request) =>
      wantsPage(request.query)
        ? listSitePage(deps.db, request.params.customerId, readPaging(SITE_LIST, request.query))
        : listSites(deps.db, request.params.customerId),
  );

  app.get(
    '/v1/site-links',
    {
      config: { access: { permission: 'licenses:read' } },
      schema: {
        tags: ['sites'],
        summary: 'Every site tenant that exchanged over the link, with its last exchange and whether it is late, a page at a time',
        description:
          "A tenant is late when it has not exchanged for two of its policy's exchange intervals (docs/connected.md). Filter by `customerId`, and with `late=true` (or `false`). " +
          "With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` by customer (default) or `lastExchangeAt`, searched by a prefix of the site's or the customer's name. " +
          'Without any of them: every one by customer, site and tenant as a bare array (deprecated; it will be removed).',
        querystring: PageQuery(SITE_LINK_LIST, {
          customerId: Type.Optional(Slug),
          late: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
        }),
        response: {
          200: Type.Union([PageOf(SiteLink, 'The site tenants matching the filters and `q`, counted on every page.'), Type.Array(SiteLink)]),
          400: Problem,
        },
      },
    },
    async (request) => {
      const { customerId, late, ...paging } = request.query;
      const filter = { customerId, late: late === undefined ? undefined : late === 'true' };
      return wantsPage(paging)
        ? listSiteLinkPage(deps.db, filter, readPaging(SITE_LINK_LIST, paging), deps.clock.now())
        : listSiteLinks(deps.db, filter, deps.clock.now());
    },
  );
};
