import { BODY_LIMIT, Problem } from '@airlock/http';
import { AirlockError, MINUTE } from '@airlock/core';
import { type Clock } from '@airlock/core/internal';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRateLimiter, limitedBy } from '@airlock/http';
import type { Feature } from '../feature.ts';
import { activateDevice } from './activate-device.ts';
import { deactivateDevice } from './deactivate-device.ts';
import type { DeviceRequestContext } from './device-exchange.ts';
import { activateDeviceByCode } from './activate-device-by-code.ts';
import { deactivateDeviceByCode } from './deactivate-device-by-code.ts';
import {
  ActivationAnswer,
  AnyPassword,
  CodeActivationAnswer,
  CodeActivationBody,
  CodeDeactivationAnswer,
  CodeDeactivationBody,
  DeactivationAnswer,
  DocumentText,
  RefreshAnswer,
  UsageReceipt,
  ValidationAnswer,
} from './device-schemas.ts';
import { refreshForDevice, validateDevice } from './refresh-device.ts';
import { reportDeviceUsage } from './report-device-usage.ts';

/** Requests one client address may make to the portal and device routes per minute. */
export const DEVICE_REQUESTS_PER_ADDRESS_PER_MINUTE = 120;
/** Requests that name one license (any address) per minute: passwords are tried at most this often. */
export const DEVICE_REQUESTS_PER_LICENSE_PER_MINUTE = 60;

const ActivationBody = Type.Object({ request: DocumentText, password: Type.Optional(AnyPassword) }, { additionalProperties: false });
const RequestBody = Type.Object({ request: DocumentText }, { additionalProperties: false });
const FileBody = Type.Object({ file: DocumentText }, { additionalProperties: false });
const refusals = { 400: Problem, 401: Problem, 404: Problem, 409: Problem, 413: Problem, 422: Problem, 429: Problem };

/**
 * The routes end users and devices call, with no vendor login (docs/design.md, F4): the offline portal,
 * where files carried by hand are uploaded, and the device API the SDK calls online. Both take
 * and give the very same documents; what proves the caller is in them (a license key, a user's
 * password, the device's signature). Every request counts against its client address, and
 * every one that names a license against that license, each answered RATE_LIMITED with
 * Retry-After past its limit.
 */
export const deviceApiRoutes: Feature = async (app, { deps }) => {
  const perAddress = createRateLimiter({ limit: DEVICE_REQUESTS_PER_ADDRESS_PER_MINUTE, windowMs: MINUTE, clock: deps.clock });
  const perLicense = createRateLimiter({ limit: DEVICE_REQUESTS_PER_LICENSE_PER_MINUTE, windowMs: MINUTE, clock: deps.clock });
  app.addHook('onRequest', limitedBy(perAddress));
  const context = (request: FastifyRequest, reply: FastifyReply): DeviceRequestContext => requestContext(deps.clock, request, reply, perLicense);
  const portal = { tags: ['offline portal'] };
  const online = { tags: ['device API'] };

  app.post(
    '/v1/portal/activations',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: 'public' },
      schema: {
        ...portal,
        summary: 'Upload a device activation request and receive the device license file',
        description: "A user-based license needs its user's password. Offline rules apply: allowOffline, no subscriptions, expiry, the activation limit.",
        body: ActivationBody,
        response: { 201: ActivationAnswer, ...refusals },
      },
    },
    async (request, reply) => {
      const { request: text, password } = request.body;
      return reply.status(201).send(await activateDevice(deps, { text, password, channel: 'offline' }, context(request, reply)));
    },
  );

  app.post(
    '/v1/portal/deactivations',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: 'public' },
      schema: {
        ...portal,
        summary: 'Upload a deactivation file: frees the activation and counts its consumption, once',
        body: FileBody,
        response: { 200: DeactivationAnswer, ...refusals },
      },
    },
    async (request, reply) => deactivateDevice(deps, { text: request.body.file, channel: 'offline' }, context(request, reply)),
  );

  app.post(
    '/v1/portal/refreshes',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: 'public' },
      schema: {
        ...portal,
        summary: 'Upload a new activation request from an activated device and receive its refresh file',
        body: RequestBody,
        response: { 200: RefreshAnswer, ...refusals },
      },
    },
    async (request, reply) => refreshForDevice(deps, { text: request.body.request }, context(request, reply)),
  );

  app.post(
    '/v1/portal/code-activations',
    {
      config: { access: 'public' },
      schema: {
        ...portal,
        summary: 'Activate a device by typed codes: the license key and the initialization code the device shows in, the activation code to type into it out',
        description:
          'Key-based licenses only. Offline rules apply: allowOffline, no subscriptions, expiry, the activation limit. The same device again keeps its slot.',
        body: CodeActivationBody,
        response: { 201: CodeActivationAnswer, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await activateDeviceByCode(deps, request.body, context(request, reply))),
  );

  app.post(
    '/v1/portal/code-deactivations',
    {
      config: { access: 'public' },
      schema: {
        ...portal,
        summary: 'Free the activation of a device activated by typed codes, with the license key and the deactivation code the device shows',
        body: CodeDeactivationBody,
        response: { 200: CodeDeactivationAnswer, ...refusals },
      },
    },
    async (request, reply) => deactivateDeviceByCode(deps, request.body, context(request, reply)),
  );

  app.post(
    '/v1/devices/activate',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: 'public' },
      schema: {
        ...online,
        summary: 'Activate a device online: the same device license file as the portal gives',
        body: ActivationBody,
        response: { 201: ActivationAnswer, ...refusals },
      },
    },
    async (request, reply) => {
      const { request: text, password } = request.body;
      return reply.status(201).send(await activateDevice(deps, { text, password, channel: 'online' }, context(request, reply)));
    },
  );

  app.post(
    '/v1/devices/validate',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: 'public' },
      schema: {
        ...online,
        summary:
          "A fresh activation request proves the device: its activation's status, with a refresh file when the license is newer or the device's meter allotments changed",
        description:
          'status: active, blocked (the vendor blocked this device), deactivated (its slot was freed, by the device or the vendor), suspended (the vendor suspended the license) or expired; a refresh file comes only with active.',
        body: RequestBody,
        response: { 200: ValidationAnswer, ...refusals },
      },
    },
    async (request, reply) => validateDevice(deps, { text: request.body.request }, context(request, reply)),
  );

  app.post(
    '/v1/devices/check-in',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: 'public' },
      schema: {
        ...online,
        summary: 'Report consumption with a device usage report signed by the device key; each report counts once',
        description:
          "The answer's status tells the device what validation would (active, deactivated, suspended, blocked, expired). A suspended license's reports are counted, and so are those of a device whose slot the vendor freed.",
        body: Type.Object({ report: DocumentText }, { additionalProperties: false }),
        response: { 200: UsageReceipt, ...refusals },
      },
    },
    async (request, reply) => reportDeviceUsage(deps, { text: request.body.report }, context(request, reply)),
  );

  app.post(
    '/v1/devices/deactivate',
    {
      bodyLimit: BODY_LIMIT,
      config: { access: 'public' },
      schema: {
        ...online,
        summary: 'Deactivate a device online with its deactivation file',
        body: FileBody,
        response: { 200: DeactivationAnswer, ...refusals },
      },
    },
    async (request, reply) => deactivateDevice(deps, { text: request.body.file, channel: 'online' }, context(request, reply)),
  );
};

function requestContext(clock: Clock, request: FastifyRequest, reply: FastifyReply, perLicense: ReturnType<typeof createRateLimiter>): DeviceRequestContext {
  return {
    now: clock.now(),
    requestId: request.id,
    admit: (licenseId, limitedBy = 'license') => {
      const verdict = perLicense.take(licenseId);
      if (verdict.allowed) return;
      void reply.header('retry-after', String(verdict.retryAfterSeconds));
      throw new AirlockError('RATE_LIMITED', { retryAfterSeconds: verdict.retryAfterSeconds, limitedBy });
    },
  };
}
