import { Type } from '@sinclair/typebox';
import { BODY_LIMIT, SMALL_BODY_LIMIT } from '@airlock/http';
import {
  Deprovisioning,
  GeneratedLfr,
  OlfInstallation,
  Reassignment,
  SiteInfo,
  TenantStatus,
  TenantSummary,
  TenantUsage,
  TokenInstallation,
} from '../responses.ts';
import { DocumentUpload, NewTenantId, refusals, SeatParams, TenantParams, User, UserParams } from '../schemas.ts';
import type { SiteRoutes } from './routes.ts';

/** Administrators (see `SiteAccess`); a body of a few KiB at most, or a document for the routes that take one. */
const admin = { config: { siteAccess: 'admin' }, bodyLimit: SMALL_BODY_LIMIT } as const;
const adminDocument = { ...admin, bodyLimit: BODY_LIMIT } as const;
const documentNote = 'The body is `{ "text": <the armoured file> }`, or the file itself sent as `text/plain`.';

/**
 * What the site's administrators call (docs/design.md, F1–F3, F6): tenants, the documents that cross the
 * air gap, status, the usage audit, and seats by hand. Handlers validate, call the site, answer.
 */
export const adminRoutes: SiteRoutes = async (app, { site }) => {
  app.get(
    '/v1/site',
    {
      ...admin,
      schema: { tags: ['site'], summary: 'This site: its GUID, keys, ledger head and tenants', response: { 200: SiteInfo } },
    },
    async () => site.info(),
  );

  app.get(
    '/v1/tenants',
    {
      ...admin,
      schema: {
        tags: ['site'],
        summary: 'The tenants, each with its Registration Key and status',
        response: { 200: Type.Object({ tenants: Type.Array(TenantSummary) }) },
      },
    },
    async () => ({ tenants: site.tenants() }),
  );

  app.post(
    '/v1/tenants',
    {
      ...admin,
      schema: {
        tags: ['site'],
        summary: 'Add a tenant, with a Registration Key of its own',
        body: Type.Object({ tenant: NewTenantId }, { additionalProperties: false }),
        response: { 201: TenantSummary, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await site.addTenant(request.body.tenant, request.actor)),
  );

  app.delete(
    '/v1/tenants/:tenant',
    {
      config: { siteAccess: 'site-admin' },
      bodyLimit: SMALL_BODY_LIMIT,
      schema: {
        tags: ['site'],
        summary: 'Remove a tenant that holds no enablement token, license or seat',
        description:
          "Site administrators only. The removal is a ledger event in the site's audit; the tenant's application keys are revoked and its tenant administrators disabled with it. A tenant that holds a token, a license or a seat is refused with TENANT_IN_USE.",
        params: TenantParams,
        response: { 200: Type.Object({ tenant: Type.String(), removed: Type.Literal(true) }), ...refusals },
      },
    },
    async (request) => site.removeTenant(request.params.tenant, request.actor),
  );

  app.post(
    '/v1/tenants/:tenant/token',
    {
      ...adminDocument,
      schema: {
        tags: ['licensing'],
        summary: 'Install an enablement token: offline licensing on',
        description: documentNote,
        params: TenantParams,
        body: DocumentUpload,
        response: { 200: TokenInstallation, ...refusals },
      },
    },
    async (request) => site.installToken(request.params.tenant, request.body.text, request.actor),
  );

  app.post(
    '/v1/tenants/:tenant/lfr',
    {
      ...admin,
      schema: {
        tags: ['licensing'],
        summary: 'Generate a license file request (opens a cycle, or supersedes the latest LFR of the open one)',
        params: TenantParams,
        response: { 200: GeneratedLfr, ...refusals },
      },
    },
    async (request) => site.generateLfr(request.params.tenant, request.actor),
  );

  app.post(
    '/v1/tenants/:tenant/olf',
    {
      ...adminDocument,
      schema: {
        tags: ['licensing'],
        summary: 'Install an offline license file answering the latest LFR',
        description: documentNote,
        params: TenantParams,
        body: DocumentUpload,
        response: { 200: OlfInstallation, ...refusals },
      },
    },
    async (request) => site.installOlf(request.params.tenant, request.body.text, request.actor),
  );

  app.get(
    '/v1/tenants/:tenant/status',
    {
      ...admin,
      schema: {
        tags: ['licensing'],
        summary: "The tenant's license status, cycle deadlines, seats and meters",
        params: TenantParams,
        response: { 200: TenantStatus, ...refusals },
      },
    },
    async (request) => site.status(request.params.tenant),
  );

  app.get(
    '/v1/tenants/:tenant/usage',
    {
      ...admin,
      schema: {
        tags: ['licensing'],
        summary: 'The usage audit: who holds each seat since when, meter totals, the latest events',
        params: TenantParams,
        querystring: Type.Object(
          { events: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,2})$', description: 'how many of the latest events (default 100, at most 500)' })) },
          { additionalProperties: false },
        ),
        response: { 200: TenantUsage, ...refusals },
      },
    },
    async (request) => site.usage(request.params.tenant, { events: Math.min(Number(request.query.events ?? 100), 500) }),
  );

  app.post(
    '/v1/tenants/:tenant/users/:user/deprovision',
    {
      ...admin,
      schema: {
        tags: ['seats'],
        summary: 'De-provision a user: every seat it holds is freed',
        params: UserParams,
        response: { 200: Deprovisioning, ...refusals },
      },
    },
    async (request) => site.deprovision(request.params.tenant, request.params.user, request.actor),
  );

  app.post(
    '/v1/tenants/:tenant/seats/:type/reassign',
    {
      ...admin,
      schema: {
        tags: ['seats'],
        summary: "Move a user's seat of a type to another user",
        params: SeatParams,
        body: Type.Object({ from: User, to: User }, { additionalProperties: false }),
        response: { 200: Reassignment, ...refusals },
      },
    },
    async (request) => site.reassign(request.params.tenant, request.params.type, request.body.from, request.body.to, request.actor),
  );
};
