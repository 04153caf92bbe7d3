import { MAX_DOCUMENT_CHARS } from '@airlock/core';
import { BODY_LIMIT, Problem, SMALL_BODY_LIMIT } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { LicensingModeChange, LinkStatus } from '../responses.ts';
import { refusals, TenantParams } from '../schemas.ts';
import type { SiteRoutes } from './routes.ts';

/** Administrators (see `SiteAccess`), as the other licensing routes. */
const admin = { config: { siteAccess: 'admin' }, bodyLimit: SMALL_BODY_LIMIT } as const;

/**
 * Connected mode (docs/connected.md, HTTP contract): moving a tenant between files and
 * connected mode, its link's status, and an exchange run now.
 */
export const linkRoutes: SiteRoutes = async (app, { site }) => {
  app.put(
    '/v1/tenants/:tenant/licensing-mode',
    {
      ...admin,
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['licensing'],
        summary: 'Move the tenant between files (carried by hand) and connected mode (exchanged over a link)',
        description:
          "With `token`, the enablement token is installed first. To connected: the token must allow it (CONNECTED_MODE_NOT_ALLOWED) and this site's version be high enough (SITE_VERSION_TOO_OLD); `authorityUrl` is needed the first time; an exchange starts at once and the answer is the link's status. To files: refused when the token requires the link (CONNECTED_MODE_REQUIRED); a tenant with no OLF gets its first LFR, to carry by hand, in `lfr`.",
        params: TenantParams,
        body: Type.Object(
          {
            mode: Type.Union([Type.Literal('files'), Type.Literal('connected')]),
            authorityUrl: Type.Optional(
              Type.String({ minLength: 1, maxLength: 2_000, description: "the authority's http or https URL, e.g. https://licensing.example.com" }),
            ),
            token: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_DOCUMENT_CHARS, description: 'an enablement token to install first' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: LicensingModeChange, ...refusals },
      },
    },
    async (request) => site.setLicensingMode(request.params.tenant, request.body, request.actor),
  );

  app.get(
    '/v1/tenants/:tenant/link',
    {
      ...admin,
      schema: {
        tags: ['licensing'],
        summary: "The tenant's link to the authority: its state, last exchange, pending answer and next exchange",
        params: TenantParams,
        response: { 200: LinkStatus, ...refusals },
      },
    },
    async (request) => site.link.status(request.params.tenant),
  );

  app.post(
    '/v1/tenants/:tenant/link/exchange',
    {
      ...admin,
      schema: {
        tags: ['licensing'],
        summary: "Exchange with the authority now, and answer the link's status",
        description:
          "NOT_CONNECTED for a tenant in mode files; AUTHORITY_UNREACHABLE (502) when the authority cannot be reached: the problem's detail is the link's status, which says since when.",
        params: TenantParams,
        response: { 200: LinkStatus, ...refusals, 502: Problem },
      },
    },
    async (request) => site.link.exchangeNow(request.params.tenant),
  );
};
