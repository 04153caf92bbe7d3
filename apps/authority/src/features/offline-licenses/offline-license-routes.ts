import { Problem, BODY_LIMIT, LIST_BODY_LIMIT } from '@airlock/http';
import { AirlockError } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { actorOf } from '../../http/permissions.ts';
import { CalendarDate, FreeText, OneLine, Slug } from '../../http/schemas.ts';
import { PageOf, PageQuery, readPaging, wantsPage } from '../../http/paging.ts';
import type { Feature } from '../feature.ts';
import { BULK_REISSUE_BATCH, BULK_REISSUE_MAX, bulkReissueOfflineLicenses } from './bulk-reissue.ts';
import { issueOfflineLicense } from './issue-offline-license.ts';
import { CYCLE_LIST, customerUsage, getOfflineLicenseFile, siteCyclePage, siteCycles, usageReadings, type OlfView } from './offline-license-reads.ts';
import { uploadLicenseFileRequest } from './upload-license-file-request.ts';

/** Ids the sites and the authority make for their documents. */
const DocumentId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Guid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
const Count = Type.Integer({ minimum: 0 });
const QuantityPerType = Type.Record(Type.String(), Count);
/** Floating seats of a type, as an LFR reports them (docs/formats.md §6.2): absent from LFRs of sites that lent none. */
const FloatingUsage = Type.Object({
  type: Type.String(),
  leases: Count,
  borrows: Count,
  days: Type.Array(Type.Object({ day: Type.String(), peak: Count, borrowed: Count })),
});
const Usage = Type.Object({
  seats: Type.Array(Type.Object({ type: Type.String(), used: Count, users: Type.Array(Type.String()) })),
  meters: Type.Array(Type.Object({ type: Type.String(), total: Count })),
  ledger: Type.Object({ sequence: Count, head: Type.String() }),
  floating: Type.Optional(Type.Array(FloatingUsage)),
});
const Entitlement = Type.Object({ type: Type.String(), category: Type.String(), quantity: Count });
const Warning = Type.Object({ type: Type.String(), requested: Count, used: Count });
const OlfFields = {
  id: Type.String(),
  lfrId: Type.String(),
  siteGuid: Type.String(),
  tenant: Type.String(),
  cycle: Count,
  sequence: Count,
  start: Type.String(),
  end: Type.String(),
  entitlements: Type.Array(Entitlement),
  issuedAt: Type.String(),
};
const Olf = Type.Object({ ...OlfFields, text: Type.String() });
const OlfSummary = Type.Omit(Type.Object(OlfFields), ['siteGuid', 'tenant', 'cycle', 'sequence']);
const UsageReport = Type.Object({ lfrId: Type.String(), cycle: Count, sequence: Count, issuedAt: Type.String(), receivedAt: Type.String(), usage: Usage });
/**
 * The serialized answer of each issued OLF held in memory (getOfflineLicenseFile): an issued OLF
 * never changes, so neither does its JSON, and a download sends the same bytes again instead of
 * escaping its armoured text each time. Keyed by the cached view itself, it goes with it.
 */
const olfBodies = new WeakMap<OlfView, string>();
const JSON_UTF8 = 'application/json; charset=utf-8';
const refusals = { 400: Problem, 404: Problem, 409: Problem, 413: Problem, 422: Problem };

/** The terms of an OLF, as the customer configures them. */
const OlfTerms = {
  start: CalendarDate,
  end: CalendarDate,
  entitlements: Type.Array(Type.Object({ type: Slug, quantity: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }) }, { additionalProperties: false }), {
    maxItems: 500,
  }),
  acceptBelowUse: Type.Optional(Type.Boolean()),
};
const BulkReissueBody = Type.Union([
  Type.Object(
    {
      lfrs: Type.Array(Type.Object({ lfrId: DocumentId, ...OlfTerms }, { additionalProperties: false }), { minItems: 1, maxItems: BULK_REISSUE_MAX }),
    },
    { additionalProperties: false, title: 'listed LFRs, each with its terms' },
  ),
  Type.Object(
    {
      open: Type.Object(OlfTerms, { additionalProperties: false }),
      after: Type.Optional(DocumentId),
      limit: Type.Optional(
        Type.Integer({ minimum: 1, maximum: BULK_REISSUE_MAX, description: `at most this many open LFRs (${BULK_REISSUE_MAX} when left out)` }),
      ),
    },
    { additionalProperties: false, title: 'every open LFR of the customer, with the same terms' },
  ),
]);
const BulkReissueResult = Type.Object({
  issued: Type.Array(Type.Object({ ...OlfFields, warnings: Type.Array(Warning) })),
  refused: Type.Array(Type.Object({ lfrId: Type.String(), code: Type.String(), detail: Type.String(), errors: Type.Record(Type.String(), Type.Unknown()) })),
  next: Type.Union([Type.String(), Type.Null()]),
});
const bulkReissueDescription = [
  'Answers many LFRs of the customer at once, each with the very rules of `POST /v1/customers/{customerId}/lfrs/{lfrId}/olf`.',
  'Either `lfrs`: listed LFRs, each with its own terms; or `open`: the terms for every open LFR of the customer',
  '(the latest LFR of each site tenant that no OLF answers yet), taken in LFR id order after `after`, up to `limit`.',
  `At most ${BULK_REISSUE_MAX} LFRs per call; with \`open\`, \`next\` is the \`after\` of the following call (null once every open LFR was tried).`,
  'Requests are decided in the order given, as if issued one after the other: each sees the seats the earlier ones took.',
  'A refused request is listed in `refused` with the code, message and facts a single issue would answer, and writes nothing;',
  'the others are issued. The OLFs are written in transactions of',
  `${BULK_REISSUE_BATCH} requests, each all-or-nothing: if writing one fails, none of its OLFs is kept and the call fails,`,
  'while the transactions before it stay committed; calling again is safe (LFRs answered meanwhile are refused with `LFR_ALREADY_USED`).',
  'Issued OLFs are listed without their text: download each by id. Every OLF has its `olf.issue` audit event.',
].join(' ');

/** docs/design.md, F2 on the authority: LFR upload, OLF configuration and download, usage and cycle history. */
export const offlineLicenseRoutes: Feature = async (app, { deps }) => {
  const by = (request: { principal: Parameters<typeof actorOf>[0]; id: string }) => ({
    actor: actorOf(request.principal),
    requestId: request.id,
    now: deps.clock.now(),
  });
  const tags = ['offline licenses'];

  app.post(
    '/v1/customers/:customerId/lfrs',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: { permission: 'licenses:write', customer: true } },
      schema: {
        tags,
        summary: 'Upload a License File Request: checked, stored with its usage, shown back with what may be allocated',
        params: Type.Object({ customerId: Slug }),
        // No length limit here: the document's own limit answers DOCUMENT_TOO_LARGE, not REQUEST_INVALID.
        body: Type.Object({ text: FreeText({ minLength: 1 }) }, { additionalProperties: false }),
        response: {
          201: Type.Object({
            lfr: Type.Object({ id: Type.String(), siteGuid: Type.String(), tenant: Type.String(), cycle: Count, sequence: Count, usage: Usage }),
            allocation: Type.Object({ purchased: QuantityPerType, heldElsewhere: QuantityPerType, available: QuantityPerType }),
          }),
          ...refusals,
        },
      },
    },
    async (request, reply) => {
      const upload = await uploadLicenseFileRequest(deps, { customerId: request.params.customerId, text: request.body.text, via: 'file' }, by(request));
      return reply.status(201).send(upload);
    },
  );

  app.post(
    '/v1/customers/:customerId/lfrs/:lfrId/olf',
    {
      bodyLimit: LIST_BODY_LIMIT,
      config: { access: { permission: 'licenses:write', customer: true } },
      schema: {
        tags,
        summary: 'Configure and issue the Offline License File answering an LFR',
        params: Type.Object({ customerId: Slug, lfrId: DocumentId }),
        body: Type.Object(OlfTerms, { additionalProperties: false }),
        response: { 201: Type.Object({ ...Olf.properties, warnings: Type.Array(Warning) }), ...refusals },
      },
    },
    async (request, reply) => {
      const { customerId, lfrId } = request.params;
      return reply.status(201).send(await issueOfflineLicense(deps, customerId, lfrId, request.body, by(request)));
    },
  );

  app.post(
    '/v1/customers/:customerId/offline-licenses/bulk-reissue',
    {
      bodyLimit: LIST_BODY_LIMIT,
      // Vendor staff only: a customer's users issue their OLFs one at a time.
      config: { access: { permission: 'licenses:write' } },
      schema: {
        tags,
        summary: 'Issue the OLFs of many LFRs of a customer at once (the renewal season)',
        description: bulkReissueDescription,
        params: Type.Object({ customerId: Slug }),
        body: BulkReissueBody,
        response: { 200: BulkReissueResult, 400: Problem, 403: Problem, 404: Problem, 409: Problem, 413: Problem },
      },
    },
    async (request) => bulkReissueOfflineLicenses(deps, request.params.customerId, request.body, by(request)),
  );

  app.get(
    '/v1/customers/:customerId/olfs/:olfId',
    {
      config: { access: { permission: 'licenses:read', customer: true } },
      schema: {
        tags,
        summary: 'Download an issued Offline License File',
        params: Type.Object({ customerId: Slug, olfId: DocumentId }),
        response: { 200: Olf, 404: Problem },
      },
    },
    async (request, reply) => {
      const olf = await getOfflineLicenseFile(deps.db, request.params.customerId, request.params.olfId);
      // The route's own serializer makes the body once per cached OLF; a string with a JSON type
      // is sent as it is (the reply's schema type knows only the object, hence the plain reply).
      let body = olfBodies.get(olf);
      if (body === undefined) {
        body = reply.serialize(olf) as string;
        olfBodies.set(olf, body);
      }
      return (reply as FastifyReply).type(JSON_UTF8).send(body);
    },
  );

  const CycleSchema = Type.Object({
    cycle: Count,
    openedAt: Type.String(),
    lfrs: Type.Array(
      Type.Object({
        id: Type.String(),
        sequence: Count,
        issuedAt: Type.String(),
        receivedAt: Type.String(),
        superseded: Type.Boolean(),
        olf: Type.Union([OlfSummary, Type.Null()]),
      }),
    ),
  });
  app.get(
    '/v1/customers/:customerId/sites/:siteGuid/cycles',
    {
      config: { access: { permission: 'licenses:read', customer: true } },
      schema: {
        tags,
        summary: "The history of every cycle of a site, per tenant; or one tenant's cycles a page at a time",
        description:
          "With any of `limit`, `after` or `sort` and a `tenant`: a page `{items, next}` of that tenant's cycles, newest first (`sort=cycle` for oldest first), no total. " +
          'Without them: every cycle of every tenant, oldest first (deprecated; it will be removed).',
        params: Type.Object({ customerId: Slug, siteGuid: Guid }),
        querystring: PageQuery(CYCLE_LIST, {
          tenant: Type.Optional(
            OneLine({ minLength: 1, maxLength: 64, description: 'The tenant whose cycles a page lists; required with paging parameters.' }),
          ),
        }),
        response: {
          200: Type.Union([
            PageOf(CycleSchema, 'Never given.'),
            Type.Object({
              siteGuid: Type.String(),
              tenants: Type.Array(Type.Object({ tenant: Type.String(), cycles: Type.Array(CycleSchema) })),
            }),
          ]),
          400: Problem,
          404: Problem,
        },
      },
    },
    async (request) => {
      const { tenant, ...paging } = request.query;
      if (!wantsPage(paging)) return siteCycles(deps.db, request.params.customerId, request.params.siteGuid);
      if (tenant === undefined) throw new AirlockError('REQUEST_INVALID', { field: 'tenant', reason: 'a page of cycles is of one tenant' });
      return siteCyclePage(deps.db, request.params.customerId, request.params.siteGuid, tenant, readPaging(CYCLE_LIST, paging));
    },
  );

  app.get(
    '/v1/customers/:customerId/usage',
    {
      config: { access: { permission: 'licenses:read', customer: true } },
      schema: {
        tags,
        summary: 'The usage every site tenant reported: the latest, and its history over time',
        params: Type.Object({ customerId: Slug }),
        response: {
          200: Type.Object({
            sites: Type.Array(Type.Object({ siteGuid: Type.String(), tenant: Type.String(), latest: UsageReport, history: Type.Array(UsageReport) })),
          }),
          404: Problem,
        },
      },
    },
    async (request) => customerUsage(deps.db, request.params.customerId),
  );

  app.get(
    '/v1/customers/:customerId/usage/readings',
    {
      config: { access: { permission: 'licenses:read', customer: true } },
      schema: {
        tags,
        summary: 'The usage every site tenant reported, one row per number: for a spreadsheet (`?format=csv`)',
        description:
          'Per LFR, in the order received per site tenant: `seats` (users holding a named seat of the type) and `meter` (the total consumed) as of `issuedAt`; `floating-peak` and `floating-borrowed` per UTC `day` it carried.',
        params: Type.Object({ customerId: Slug }),
        response: {
          200: Type.Array(
            Type.Object({
              siteGuid: Type.String(),
              tenant: Type.String(),
              lfrId: Type.String(),
              cycle: Count,
              sequence: Count,
              issuedAt: Type.String(),
              receivedAt: Type.String(),
              kind: Type.Union([Type.Literal('seats'), Type.Literal('meter'), Type.Literal('floating-peak'), Type.Literal('floating-borrowed')]),
              type: Type.String(),
              day: Type.Union([Type.String(), Type.Null()]),
              value: Count,
            }),
          ),
          404: Problem,
        },
      },
    },
    async (request) => usageReadings(deps.db, request.params.customerId),
  );
};
