import { Type } from '@sinclair/typebox';
import { actorOf } from '../../http/permissions.ts';
import { OneLine, Problem, Slug } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import { addLicenseType, createProduct, listProducts } from './catalogue.ts';

const LicenseType = Type.Object({
  id: Slug,
  productId: Slug,
  name: OneLine({ minLength: 1, maxLength: 200 }),
  category: Type.Union([Type.Literal('seat'), Type.Literal('meter'), Type.Literal('feature')]),
});
const Product = Type.Object({ id: Slug, name: Type.String({ minLength: 1, maxLength: 200 }), licenseTypes: Type.Array(LicenseType) });

export const catalogueRoutes: Feature = async (app, { deps }) => {
  const by = (request: { principal: Parameters<typeof actorOf>[0]; id: string }) => ({
    actor: actorOf(request.principal),
    requestId: request.id,
    now: deps.clock.now(),
  });

  app.get('/v1/products', {
    config: { access: { permission: 'catalogue:read' } },
    schema: { tags: ['catalogue'], summary: 'List products with their license types', response: { 200: Type.Array(Product) } },
  }, async () => listProducts(deps.db));

  app.post('/v1/products', {
    config: { access: { permission: 'catalogue:write' } },
    schema: {
      tags: ['catalogue'],
      summary: 'Create a product',
      body: Type.Object({ id: Slug, name: OneLine({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 201: Product, 409: Problem },
    },
  }, async (request, reply) => reply.status(201).send(await createProduct(deps.db, request.body, by(request))));

  app.post('/v1/products/:productId/license-types', {
    config: { access: { permission: 'catalogue:write' } },
    schema: {
      tags: ['catalogue'],
      summary: 'Add a license type (seat, meter or feature) to a product',
      params: Type.Object({ productId: Slug }),
      body: Type.Omit(LicenseType, ['productId'], { additionalProperties: false }),
      response: { 201: LicenseType, 404: Problem, 409: Problem },
    },
  }, async (request, reply) => {
    const type = await addLicenseType(deps.db, { ...request.body, productId: request.params.productId }, by(request));
    return reply.status(201).send(type);
  });
};
