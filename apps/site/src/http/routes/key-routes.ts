import { Type } from '@sinclair/typebox';
import { SMALL_BODY_LIMIT } from '@airlock/http';
import { AppKey, CreatedAppKey, KeyId } from '../account-schemas.ts';
import { Name, refusals, TenantId, TenantParams } from '../schemas.ts';
import type { SiteRoutes } from './routes.ts';

const admin = { config: { siteAccess: 'admin' }, bodyLimit: SMALL_BODY_LIMIT } as const;

/**
 * A tenant's application keys: what licensed applications present (`Authorization: Bearer
 * airlock-site-app_…`) to the enforcement API of that tenant, and nothing else. The key is in
 * the answer that creates it only; the site keeps its SHA-256. A revoked key is refused from the
 * next request on.
 */
export const keyRoutes: SiteRoutes = async (app, { site }) => {
  app.get(
    '/v1/tenants/:tenant/keys',
    {
      ...admin,
      schema: {
        tags: ['keys'],
        summary: "The tenant's application keys (never the keys themselves)",
        params: TenantParams,
        response: { 200: Type.Object({ keys: Type.Array(AppKey) }), ...refusals },
      },
    },
    async (request) => ({ keys: site.accounts.appKeys(request.params.tenant) }),
  );

  app.post(
    '/v1/tenants/:tenant/keys',
    {
      ...admin,
      schema: {
        tags: ['keys'],
        summary: "Create an application key for the tenant's enforcement API; the key is in this answer only",
        params: TenantParams,
        body: Type.Object({ name: Name }, { additionalProperties: false }),
        response: { 201: CreatedAppKey, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await site.accounts.createAppKey(request.params.tenant, request.body.name, request.actor)),
  );

  app.post(
    '/v1/tenants/:tenant/keys/:keyId/revoke',
    {
      ...admin,
      schema: {
        tags: ['keys'],
        summary: 'Revoke an application key: refused from the next request on',
        params: Type.Object({ tenant: TenantId, keyId: KeyId }),
        response: { 200: AppKey, ...refusals },
      },
    },
    async (request) => site.accounts.revokeAppKey(request.params.tenant, request.params.keyId, request.actor),
  );
};
