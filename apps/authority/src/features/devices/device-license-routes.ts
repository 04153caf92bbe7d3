import { Problem, LIST_BODY_LIMIT } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { actorOf, type Principal } from '../../http/permissions.ts';
import { Slug } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import {
  ACTIVATION_LIST,
  CUSTOMER_DEVICE_LICENSE_LIST,
  DEVICE_LICENSE_LIST,
  getDeviceLicense,
  listActivationPage,
  listCustomerDeviceLicensePage,
  listCustomerDeviceLicenses,
  listDeviceLicensePage,
  listDeviceLicenses,
} from './device-license-reads.ts';
import { PageOf, PageQuery, readPaging, wantsPage } from '../../http/paging.ts';
import { addLicenseUser, createDeviceLicense, editDeviceLicense } from './device-licenses.ts';
import {
  ActivationOfLicense,
  ActivationParams,
  CreatedDeviceLicense,
  DeviceLicense,
  DeviceLicenseEdit,
  LicenseParams,
  LicenseUserInput,
  NewDeviceLicense,
  RefreshAnswer,
} from './device-schemas.ts';
import { issueRefreshForActivation } from './refresh-device.ts';

const refusals = { 400: Problem, 404: Problem, 409: Problem, 422: Problem };

/** The vendor's device licenses (docs/design.md, F4): create, edit, read, users, refresh files. */
export const deviceLicenseRoutes: Feature = async (app, { deps }) => {
  const by = (request: { principal: Principal; id: string }) => ({ actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() });
  const tags = ['device licenses'];

  app.post(
    '/v1/device-licenses',
    {
      bodyLimit: LIST_BODY_LIMIT,
      config: { access: { permission: 'licenses:write' } },
      schema: {
        tags,
        summary: 'Create a device license (key-based: its license key is in this answer only; user-based: with its users)',
        body: NewDeviceLicense,
        response: { 201: CreatedDeviceLicense, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await createDeviceLicense(deps.db, request.body, { ...by(request), random: deps.random })),
  );

  app.get(
    '/v1/device-licenses',
    {
      config: { access: { permission: 'licenses:read' } },
      schema: {
        tags,
        summary: 'List device licenses, newest first, with their activations and usage, a page at a time',
        description:
          'Filter by `customerId` and `productId`. With any of `limit`, `after`, `sort` or `q`: a page `{items, next}` (no total: counting every license is not cheap) ' +
          'sorted by `createdAt` (default `-createdAt`) or `id`, searched by a prefix of the license id. Without any of them: every matching license as a bare array (deprecated; it will be removed).',
        querystring: PageQuery(DEVICE_LICENSE_LIST, { customerId: Type.Optional(Slug), productId: Type.Optional(Slug) }),
        response: {
          200: Type.Union([PageOf(DeviceLicense, 'Never given on this list: counting every license is not cheap.'), Type.Array(DeviceLicense)]),
          400: Problem,
        },
      },
    },
    async (request) => {
      const { customerId, productId } = request.query;
      return wantsPage(request.query)
        ? listDeviceLicensePage(deps.db, { customerId, productId }, readPaging(DEVICE_LICENSE_LIST, request.query))
        : listDeviceLicenses(deps.db, { customerId, productId });
    },
  );

  app.get(
    '/v1/device-licenses/:licenseId',
    {
      config: { access: { permission: 'licenses:read' } },
      schema: {
        tags,
        summary: 'One device license with its users, activations and recorded usage',
        params: LicenseParams,
        response: { 200: DeviceLicense, 404: Problem },
      },
    },
    async (request) => getDeviceLicense(deps.db, request.params.licenseId),
  );

  app.get(
    '/v1/device-licenses/:licenseId/activations',
    {
      config: { access: { permission: 'licenses:read' } },
      schema: {
        tags,
        summary: "A device license's activations, active and freed, a page at a time",
        description:
          'Always a page `{items, next, total}` (a list newer than the bare arrays): sorted by `activatedAt` (default `-activatedAt`) or `lastSeenAt`, ' +
          "searched by a prefix of the device's fingerprint or name.",
        params: LicenseParams,
        querystring: PageQuery(ACTIVATION_LIST),
        response: { 200: PageOf(ActivationOfLicense, "The license's activations matching `q`, counted on every page."), 400: Problem, 404: Problem },
      },
    },
    async (request) => listActivationPage(deps.db, request.params.licenseId, readPaging(ACTIVATION_LIST, request.query)),
  );

  app.patch(
    '/v1/device-licenses/:licenseId',
    {
      bodyLimit: LIST_BODY_LIMIT,
      config: { access: { permission: 'licenses:write' } },
      schema: {
        tags,
        summary: "Edit a device license's settings, entitlements or metadata: its revision goes up by one",
        params: LicenseParams,
        body: DeviceLicenseEdit,
        response: { 200: DeviceLicense, ...refusals },
      },
    },
    async (request) => editDeviceLicense(deps.db, request.params.licenseId, request.body, by(request)),
  );

  app.post(
    '/v1/device-licenses/:licenseId/users',
    {
      config: { access: { permission: 'licenses:write' } },
      schema: {
        tags,
        summary: 'Add a user to a user-based device license',
        params: LicenseParams,
        body: LicenseUserInput,
        response: { 201: Type.Object({ id: Type.String(), username: Type.String(), createdAt: Type.String() }), ...refusals },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addLicenseUser(deps.db, request.params.licenseId, request.body, { ...by(request), random: deps.random })),
  );

  app.post(
    '/v1/device-licenses/:licenseId/activations/:activationId/refresh-file',
    {
      config: { access: { permission: 'licenses:write' } },
      schema: {
        tags,
        summary: "A refresh file carrying the license's current revision to one activated device",
        params: ActivationParams,
        response: { 201: RefreshAnswer, ...refusals },
      },
    },
    async (request, reply) => {
      const { licenseId, activationId } = request.params;
      return reply.status(201).send(await issueRefreshForActivation(deps, licenseId, activationId, by(request)));
    },
  );

  app.get(
    '/v1/customers/:customerId/device-licenses',
    {
      config: { access: { permission: 'licenses:read', customer: true } },
      schema: {
        tags,
        summary: "A customer's device licenses with their activations and usage, a page at a time",
        description:
          'With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` sorted by `createdAt` (default `-createdAt`) or `id`, searched by a prefix of the license id. ' +
          'Without any of them: every license of the customer, newest first, as a bare array (deprecated; it will be removed).',
        params: Type.Object({ customerId: Slug }),
        querystring: PageQuery(CUSTOMER_DEVICE_LICENSE_LIST),
        response: {
          200: Type.Union([PageOf(DeviceLicense, "The customer's licenses matching `q`, counted on every page."), Type.Array(DeviceLicense)]),
          400: Problem,
          404: Problem,
        },
      },
    },
    async (request) =>
      wantsPage(request.query)
        ? listCustomerDeviceLicensePage(deps.db, request.params.customerId, readPaging(CUSTOMER_DEVICE_LICENSE_LIST, request.query))
        : listCustomerDeviceLicenses(deps.db, request.params.customerId),
  );
};
