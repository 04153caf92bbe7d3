import { Problem } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../../http/permissions.ts';
import { OneLine, Slug } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import { PRODUCT_LIST, addLicenseType, createProduct, listProductPage, listProducts } from './catalogue.ts';
import { PageOf, PageQuery, readPaging, wantsPage } from '../../http/paging.ts';

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

  app.get(
    '/v1/products',
    {
      config: { access: { permission: 'catalogue:read' } },
      schema: {
        tags: ['catalogue'],
        summary: 'List products with their license types, a page at a time',
        description:
          'With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` by `id` (default) or `name`, searched by a prefix of the id or name. ' +
          'Without any of them: every product by id as a bare array (deprecated; it will be removed).',
        querystring: PageQuery(PRODUCT_LIST),
        response: { 200: Type.Union([PageOf(Product, 'The products matching `q`, counted on every page.'), Type.Array(Product)]), 400: Problem },
      },
    },
    async (request) => (wantsPage(request.query) ? listProductPage(deps.db, readPaging(PRODUCT_LIST, request.query)) : listProducts(deps.db)),
  );

  app.post(
    '/v1/products',
    {
      config: { access: { permission: 'catalogue:write' } },
      schema: {
        tags: ['catalogue'],
        summary: 'Create a product',
        body: Type.Object({ id: Slug, name: OneLine({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 201: Product, 409: Problem },
      },
    },
    async (request, reply) => reply.status(201).send(await createProduct(deps.db, request.body, by(request))),
  );

  app.post(
    '/v1/products/:productId/license-types',
    {
      config: { access: { permission: 'catalogue:write' } },
      schema: {
        tags: ['catalogue'],
        summary: 'Add a license type (seat, meter or feature) to a product',
        params: Type.Object({ productId: Slug }),
        body: Type.Omit(LicenseType, ['productId'], { additionalProperties: false }),
        response: { 201: LicenseType, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const type = await addLicenseType(deps.db, { ...request.body, productId: request.params.productId }, by(request));
      return reply.status(201).send(type);
    },
  );
};
