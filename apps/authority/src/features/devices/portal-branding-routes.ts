import { Problem, LIST_BODY_LIMIT } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../http/permissions.ts';
import type { Feature } from '../feature.ts';
import { Brand, BrandInput, HostName } from './device-schemas.ts';
import { brandForHost, listPortalBrands, setPortalBrand } from './portal-branding.ts';

/** The customer portal's white-label settings: set per host name by the vendor, read by the portal. */
export const portalBrandingRoutes: Feature = async (app, { deps }) => {
  const tags = ['portal branding'];

  app.put(
    '/v1/branding/:hostName',
    {
      bodyLimit: LIST_BODY_LIMIT,
      config: { access: { permission: 'catalogue:write' } },
      schema: {
        tags,
        summary: 'Set the portal brand shown under a host name: name, logo (an https URL or a data URI), colours, support address',
        params: Type.Object({ hostName: HostName }),
        body: BrandInput,
        response: { 200: Brand, 400: Problem },
      },
    },
    async (request) =>
      setPortalBrand(deps.db, request.params.hostName, request.body, { actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() }),
  );

  app.get(
    '/v1/branding',
    {
      config: { access: { permission: 'catalogue:read' } },
      schema: { tags, summary: "Every host name's portal brand", response: { 200: Type.Array(Brand) } },
    },
    async () => listPortalBrands(deps.db),
  );

  app.get(
    '/v1/portal/branding',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'The brand of the host this request was made to (its Host header), else the default brand',
        response: { 200: Brand },
      },
    },
    async (request) => brandForHost(deps.db, request.hostname),
  );
};
