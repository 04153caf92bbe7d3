import { Problem } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../http/permissions.ts';
import { CalendarDate, Slug } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import { getStaticLicenseSummary, listStaticLicenses, setStaticRenewUntil, STATIC_LICENSES_PAGE_MAX } from './static-licenses.ts';

const Item = Type.Object({
  product: Type.String(),
  licenseType: Type.String(),
  quantity: Type.Integer(),
  kind: Type.Union([Type.Literal('permanent'), Type.Literal('term'), Type.Literal('pilot'), Type.Literal('temporary')]),
  expiresOn: Type.Optional(Type.String()),
});
const StaticLicense = Type.Object({
  customerId: Type.String(),
  customerName: Type.String(),
  registrationKey: Type.String(),
  licenseId: Type.String({ description: "The RK's latest activated license" }),
  revision: Type.Integer(),
  activatedAt: Type.String({ format: 'date-time' }),
  items: Type.Array(Item, { description: 'Its items in force today (UTC)' }),
  renewUntil: Type.Union([CalendarDate, Type.Null()], {
    description: "The customer's last day for activating orders; null when it is not marked for migration",
  }),
  moving: Type.Boolean({ description: 'An LFR that replaces this license was received, and no OLF answers it yet' }),
});
const StaticLicenseSummary = Type.Object({
  customerId: Type.String(),
  customerName: Type.String(),
  renewUntil: Type.Union([CalendarDate, Type.Null()]),
  ended: Type.Boolean({ description: 'Today (UTC) is after `renewUntil`: activating its orders is refused (STATIC_LICENSES_ENDED)' }),
  licenses: Type.Array(StaticLicense),
});
const CustomerParams = Type.Object({ customerId: Slug });
const tags = ['static licenses'];

/** Moving customers off static licenses (docs/connected.md, "Moving off static licenses"): vendor staff only. */
export const staticLicenseRoutes: Feature = async (app, { deps }) => {
  app.put(
    '/v1/customers/:customerId/static-licenses',
    {
      config: { access: { permission: 'customers:write' } },
      schema: {
        tags,
        summary: 'Mark a customer for migration off static licenses, with the last day its orders may be activated (null clears the mark)',
        description:
          "From the day after `renewUntil` (UTC), activating an order for the customer is refused with STATIC_LICENSES_ENDED. Answers the customer's static licenses.",
        params: CustomerParams,
        body: Type.Object({ renewUntil: Type.Union([CalendarDate, Type.Null()]) }, { additionalProperties: false }),
        response: { 200: StaticLicenseSummary, 400: Problem, 404: Problem },
      },
    },
    async (request) =>
      setStaticRenewUntil(deps.db, request.params.customerId, request.body.renewUntil, {
        actor: actorOf(request.principal),
        requestId: request.id,
        now: deps.clock.now(),
      }),
  );

  app.get(
    '/v1/customers/:customerId/static-licenses',
    {
      config: { access: { permission: 'licenses:read' } },
      schema: {
        tags,
        summary: "The customer's migration date and its Registration Keys still on static licenses",
        params: CustomerParams,
        response: { 200: StaticLicenseSummary, 404: Problem },
      },
    },
    async (request) => getStaticLicenseSummary(deps.db, request.params.customerId, deps.clock.now()),
  );

  app.get(
    '/v1/static-licenses',
    {
      config: { access: { permission: 'licenses:read' } },
      schema: {
        tags,
        summary: 'Every Registration Key still on static licenses: its latest activated license, which no LFR has replaced yet with an OLF issued',
        description: `By customer and Registration Key, at most \`limit\` (${STATIC_LICENSES_PAGE_MAX}, also when left out or above) after \`after\`: the \`next\` of the page before (null on the last page).`,
        querystring: Type.Object(
          {
            customerId: Type.Optional(Slug),
            after: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}/[0-9A-Z-]{1,32}$' })),
            // A query string is text: a whole number from 1; above the maximum reads as the maximum.
            limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ licenses: Type.Array(StaticLicense), next: Type.Union([Type.String(), Type.Null()]) }), 400: Problem },
      },
    },
    async (request) => {
      const { customerId, after, limit } = request.query;
      return listStaticLicenses(deps.db, { customerId, after, limit: limit === undefined ? undefined : Number(limit) }, deps.clock.now());
    },
  );
};
