import { Problem } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../http/permissions.ts';
import { FreeText, Slug, Uuid } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import { SiteVersion } from '../policies/policy-schemas.ts';
import {
  OFFLINE_REQUEST_LIST,
  decideOfflineRequest,
  listAllOfflineRequestPage,
  listOfflineRequests,
  offlineReasons,
  requestOfflineLicensing,
} from './offline-approval.ts';
import { PageOf, PageQuery, readPaging } from '../../http/paging.ts';

const Reason = Type.Union(offlineReasons.map((reason) => Type.Literal(reason)));
const OfflineRequest = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  reason: Reason,
  details: Type.String(),
  minimumSiteVersion: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('denied')]),
  requestedBy: Type.String({ description: 'The actor as the audit log names it (admin:<id>, customer-user:<id>).' }),
  requestedByName: Type.String({ description: 'Who asked, in words: their e-mail (the actor when the account is gone).' }),
  requestedAt: Type.String({ format: 'date-time' }),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedByName: Type.Union([Type.String(), Type.Null()], {
    description: 'The administrator who decided, in words: their e-mail (the actor when the account is gone).',
  }),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  decisionNote: Type.Union([Type.String(), Type.Null()]),
});
const CustomerParams = Type.Object({ customerId: Slug });

export const offlineApprovalRoutes: Feature = async (app, { deps }) => {
  const by = (request: { principal: Parameters<typeof actorOf>[0]; id: string }) => ({
    actor: actorOf(request.principal),
    requestId: request.id,
    now: deps.clock.now(),
  });

  app.post(
    '/v1/customers/:customerId/offline-requests',
    {
      config: { access: { permission: 'customers:write', customer: true } },
      schema: {
        tags: ['offline approval'],
        summary: 'Ask the vendor to approve offline licensing for this customer',
        params: CustomerParams,
        body: Type.Object(
          {
            reason: Reason,
            details: FreeText({ maxLength: 4000 }),
            minimumSiteVersion: Type.Optional(Type.Union([SiteVersion, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: OfflineRequest, 400: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const created = await requestOfflineLicensing(deps.db, request.params.customerId, request.body, { ...by(request), random: deps.random });
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/v1/customers/:customerId/offline-requests',
    {
      config: { access: { permission: 'customers:read', customer: true } },
      schema: {
        tags: ['offline approval'],
        summary: "The customer's offline-licensing requests, newest first",
        params: CustomerParams,
        response: { 200: Type.Array(OfflineRequest), 404: Problem },
      },
    },
    async (request) => listOfflineRequests(deps.db, request.params.customerId),
  );

  app.get(
    '/v1/offline-requests',
    {
      config: { access: { permission: 'customers:read' } },
      schema: {
        tags: ['offline approval'],
        summary: "Every customer's offline-licensing requests, newest first, a page at a time",
        description:
          "Always a page `{items, next, total}` (this list is newer than the bare arrays): by `requestedAt`, newest first unless `sort=requestedAt`; `status` keeps one status, or `decided` the approved and denied ones. Each request has its customer's name.",
        querystring: PageQuery(OFFLINE_REQUEST_LIST, {
          status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('denied'), Type.Literal('decided')])),
        }),
        response: {
          200: PageOf(
            Type.Composite([OfflineRequest, Type.Object({ customerName: Type.String() })]),
            'The requests of the status asked (or all), counted on every page.',
          ),
          400: Problem,
        },
      },
    },
    async (request) => {
      const { status, ...paging } = request.query;
      return listAllOfflineRequestPage(deps.db, { status }, readPaging(OFFLINE_REQUEST_LIST, paging));
    },
  );

  app.post(
    '/v1/offline-requests/:requestId/decision',
    {
      config: { access: { permission: 'approvals:write' } },
      schema: {
        tags: ['offline approval'],
        summary: 'Approve or deny a pending offline-licensing request',
        params: Type.Object({ requestId: Uuid }),
        body: Type.Object(
          { decision: Type.Union([Type.Literal('approve'), Type.Literal('deny')]), note: Type.Optional(FreeText({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: { 200: OfflineRequest, 400: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) => decideOfflineRequest(deps.db, request.params.requestId, request.body, by(request)),
  );
};
