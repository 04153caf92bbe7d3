import { Problem, LIST_BODY_LIMIT } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../http/permissions.ts';
import { CalendarDate, OneLine, Slug } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import { CUSTOMER_LIST, createCustomer, getCustomer, listCustomerPage, listCustomers, replaceEntitlements, updateCustomer } from './customers.ts';
import { PageOf, PageQuery, readPaging, wantsPage } from '../../http/paging.ts';

const Entitlement = Type.Object(
  // Any number: a negative or fractional quantity is the domain's QUANTITY_INVALID, not a schema error.
  { licenseTypeId: Slug, quantity: Type.Number() },
  { additionalProperties: false },
);
const CustomerInput = Type.Object(
  {
    id: Slug,
    name: OneLine({ minLength: 1, maxLength: 200 }),
    contactEmail: Type.String({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+$' }),
    accountEndsOn: CalendarDate,
    policyId: Slug,
  },
  { additionalProperties: false },
);
const CustomerChanges = Type.Object(
  {
    name: Type.Optional(CustomerInput.properties.name),
    contactEmail: Type.Optional(CustomerInput.properties.contactEmail),
    accountEndsOn: Type.Optional(CalendarDate),
    policyId: Type.Optional(Slug),
  },
  { additionalProperties: false },
);
const Customer = Type.Object({
  ...CustomerInput.properties,
  offlineApproval: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('denied'), Type.Null()]),
  entitlements: Type.Array(Entitlement),
});
const CustomerParams = Type.Object({ customerId: Slug });

export const customerRoutes: Feature = async (app, { deps }) => {
  const by = (request: { principal: Parameters<typeof actorOf>[0]; id: string }) => ({
    actor: actorOf(request.principal),
    requestId: request.id,
    now: deps.clock.now(),
  });

  app.get(
    '/v1/customers',
    {
      config: { access: { permission: 'customers:read' } },
      schema: {
        tags: ['customers'],
        summary: 'List customers with their purchases, a page at a time',
        description:
          'With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` sorted by `name` (case-insensitive), `id`, `accountEndsOn` or `createdAt`, ' +
          'searched by a prefix of the name or id. Without any of them: every customer by id as a bare array (deprecated; it will be removed).',
        querystring: PageQuery(CUSTOMER_LIST),
        response: { 200: Type.Union([PageOf(Customer, 'Every customer matching `q`, counted on every page.'), Type.Array(Customer)]), 400: Problem },
      },
    },
    async (request) => (wantsPage(request.query) ? listCustomerPage(deps.db, readPaging(CUSTOMER_LIST, request.query)) : listCustomers(deps.db)),
  );

  app.post(
    '/v1/customers',
    {
      config: { access: { permission: 'customers:write' } },
      schema: {
        tags: ['customers'],
        summary: 'Open a customer account under a policy',
        body: CustomerInput,
        response: { 201: Customer, 400: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(await createCustomer(deps.db, request.body, by(request))),
  );

  app.get(
    '/v1/customers/:customerId',
    {
      config: { access: { permission: 'customers:read', customer: true } },
      schema: { tags: ['customers'], summary: 'One customer with its purchases', params: CustomerParams, response: { 200: Customer, 404: Problem } },
    },
    async (request) => getCustomer(deps.db, request.params.customerId),
  );

  app.patch(
    '/v1/customers/:customerId',
    {
      config: { access: { permission: 'customers:write' } },
      schema: {
        tags: ['customers'],
        summary: "Change an account's name, contact, end date (a renewal) or policy; the fields left out stay as they are",
        params: CustomerParams,
        body: CustomerChanges,
        response: { 200: Customer, 400: Problem, 404: Problem },
      },
    },
    async (request) => updateCustomer(deps.db, request.params.customerId, request.body, by(request)),
  );

  app.put(
    '/v1/customers/:customerId/entitlements',
    {
      bodyLimit: LIST_BODY_LIMIT,
      config: { access: { permission: 'customers:write' } },
      schema: {
        tags: ['customers'],
        summary: 'Replace what the customer bought (a type left out is no longer purchased)',
        params: CustomerParams,
        body: Type.Object({ entitlements: Type.Array(Entitlement, { maxItems: 1000 }) }, { additionalProperties: false }),
        response: { 200: Customer, 400: Problem, 404: Problem },
      },
    },
    async (request) => replaceEntitlements(deps.db, request.params.customerId, request.body.entitlements, by(request)),
  );
};
