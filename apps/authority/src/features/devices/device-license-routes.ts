import { Type } from '@sinclair/typebox';
import { actorOf, type Principal } from '../../http/permissions.ts';
import { Problem, Slug } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import { getDeviceLicense, listCustomerDeviceLicenses, listDeviceLicenses } from './device-license-reads.ts';
import { addLicenseUser, createDeviceLicense, editDeviceLicense } from './device-licenses.ts';
import {
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
import { LIST_BODY_LIMIT } from '../../http/body-limits.ts';

const refusals = { 400: Problem, 404: Problem, 409: Problem, 422: Problem };

/** The vendor's device licenses (SPEC F4): create, edit, read, users, refresh files. */
export const deviceLicenseRoutes: Feature = async (app, { deps }) => {
  const by = (request: { principal: Principal; id: string }) => ({ actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() });
  const tags = ['device licenses'];

  app.post('/v1/device-licenses', {
    bodyLimit: LIST_BODY_LIMIT,
    config: { access: { permission: 'licenses:write' } },
    schema: {
      tags,
      summary: 'Create a device license (key-based: its license key is in this answer only; user-based: with its users)',
      body: NewDeviceLicense,
      response: { 201: CreatedDeviceLicense, ...refusals },
    },
  }, async (request, reply) => reply.status(201).send(await createDeviceLicense(deps.db, request.body, { ...by(request), random: deps.random })));

  app.get('/v1/device-licenses', {
    config: { access: { permission: 'licenses:read' } },
    schema: {
      tags,
      summary: 'List device licenses, newest first, with their activations and usage',
      querystring: Type.Object({ customerId: Type.Optional(Slug), productId: Type.Optional(Slug) }, { additionalProperties: false }),
      response: { 200: Type.Array(DeviceLicense) },
    },
  }, async (request) => listDeviceLicenses(deps.db, request.query));

  app.get('/v1/device-licenses/:licenseId', {
    config: { access: { permission: 'licenses:read' } },
    schema: { tags, summary: 'One device license with its users, activations and recorded usage', params: LicenseParams, response: { 200: DeviceLicense, 404: Problem } },
  }, async (request) => getDeviceLicense(deps.db, request.params.licenseId));

  app.patch('/v1/device-licenses/:licenseId', {
    bodyLimit: LIST_BODY_LIMIT,
    config: { access: { permission: 'licenses:write' } },
    schema: {
      tags,
      summary: "Edit a device license's settings, entitlements or metadata: its revision goes up by one",
      params: LicenseParams,
      body: DeviceLicenseEdit,
      response: { 200: DeviceLicense, ...refusals },
    },
  }, async (request) => editDeviceLicense(deps.db, request.params.licenseId, request.body, by(request)));

  app.post('/v1/device-licenses/:licenseId/users', {
    config: { access: { permission: 'licenses:write' } },
    schema: {
      tags,
      summary: 'Add a user to a user-based device license',
      params: LicenseParams,
      body: LicenseUserInput,
      response: { 201: Type.Object({ id: Type.String(), username: Type.String(), createdAt: Type.String() }), ...refusals },
    },
  }, async (request, reply) => reply.status(201).send(await addLicenseUser(deps.db, request.params.licenseId, request.body, { ...by(request), random: deps.random })));

  app.post('/v1/device-licenses/:licenseId/activations/:activationId/refresh-file', {
    config: { access: { permission: 'licenses:write' } },
    schema: {
      tags,
      summary: "A refresh file carrying the license's current revision to one activated device",
      params: ActivationParams,
      response: { 201: RefreshAnswer, ...refusals },
    },
  }, async (request, reply) => {
    const { licenseId, activationId } = request.params;
    return reply.status(201).send(await issueRefreshForActivation(deps, licenseId, activationId, by(request)));
  });

  app.get('/v1/customers/:customerId/device-licenses', {
    config: { access: { permission: 'licenses:read', customer: true } },
    schema: {
      tags,
      summary: "A customer's device licenses with their activations and usage",
      params: Type.Object({ customerId: Slug }),
      response: { 200: Type.Array(DeviceLicense), 404: Problem },
    },
  }, async (request) => listCustomerDeviceLicenses(deps.db, request.params.customerId));
};
