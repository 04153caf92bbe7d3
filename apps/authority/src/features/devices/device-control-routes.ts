import { Problem } from '@airlock/http';
import { Type } from '@sinclair/typebox';
import { actorOf, type Principal } from '../../http/permissions.ts';
import type { Feature } from '../feature.ts';
import {
  ActivationOfLicense,
  ActivationParams,
  BlockAnswer,
  BlockedDeviceParams,
  BlockInput,
  DeviceLicense,
  LicenseParams,
  PasswordInput,
  RemovedUserAnswer,
  ResetAnswer,
  SuspendInput,
  UserParams,
} from './device-schemas.ts';
import { removeLicenseUser, setLicenseUserPassword } from './license-user-admin.ts';
import { blockDevice, deactivateActivation, resetDeviceLicense, resumeDeviceLicense, suspendDeviceLicense, unblockDevice } from './vendor-device-control.ts';

const refusals = { 400: Problem, 404: Problem, 409: Problem };

/**
 * The vendor's control over a device license's devices and users (docs/devices.md, "Vendor
 * control over devices"): free one slot or all of them, suspend and resume, block and unblock a
 * device, remove a user or set their password. Each is audited; each refusal changes nothing.
 */
export const deviceControlRoutes: Feature = async (app, { deps }) => {
  const by = (request: { principal: Principal; id: string }) => ({ actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now() });
  const tags = ['device licenses'];
  const write = { access: { permission: 'licenses:write' as const } };

  app.post(
    '/v1/device-licenses/:licenseId/activations/:activationId/deactivate',
    {
      config: write,
      schema: {
        tags,
        summary: "Free one activation's slot (the vendor deactivates it)",
        description:
          'An online device learns it at its next validation or check-in. A device activated offline cannot be told: its slot is freed at once and the activation records that the device may still run (deviceMayStillRun). ACTIVATION_ALREADY_FREED when it is not active.',
        params: ActivationParams,
        response: { 200: ActivationOfLicense, ...refusals },
      },
    },
    async (request) => deactivateActivation(deps.db, request.params.licenseId, request.params.activationId, by(request)),
  );

  app.post(
    '/v1/device-licenses/:licenseId/reset',
    {
      config: write,
      schema: {
        tags,
        summary: 'Free every active activation of the license; answers how many',
        description: 'Each activation is recorded as the single deactivation is. ACTIVATION_ALREADY_FREED when none is active.',
        params: LicenseParams,
        response: { 200: ResetAnswer, ...refusals },
      },
    },
    async (request) => resetDeviceLicense(deps.db, request.params.licenseId, by(request)),
  );

  app.post(
    '/v1/device-licenses/:licenseId/suspend',
    {
      config: write,
      schema: {
        tags,
        summary: 'Suspend the license: activations and refreshes are refused (LICENSE_SUSPENDED), validation and check-in answer suspended',
        description: 'Activations keep their slots. LICENSE_ALREADY_SUSPENDED when it is suspended already.',
        params: LicenseParams,
        body: SuspendInput,
        response: { 200: DeviceLicense, ...refusals },
      },
    },
    async (request) => suspendDeviceLicense(deps.db, request.params.licenseId, request.body, by(request)),
  );

  app.post(
    '/v1/device-licenses/:licenseId/resume',
    {
      config: write,
      schema: {
        tags,
        summary: 'Resume a suspended license',
        description: 'LICENSE_NOT_SUSPENDED when it is not suspended.',
        params: LicenseParams,
        response: { 200: DeviceLicense, ...refusals },
      },
    },
    async (request) => resumeDeviceLicense(deps.db, request.params.licenseId, by(request)),
  );

  app.post(
    '/v1/device-licenses/:licenseId/blocked-devices',
    {
      config: write,
      schema: {
        tags,
        summary: 'Block a device fingerprint on the license: its activations are freed and its activation requests refused (DEVICE_BLOCKED)',
        description: 'Online validation answers it blocked. DEVICE_ALREADY_BLOCKED when it is blocked already.',
        params: LicenseParams,
        body: BlockInput,
        response: { 201: BlockAnswer, ...refusals },
      },
    },
    async (request, reply) => reply.status(201).send(await blockDevice(deps.db, request.params.licenseId, request.body, by(request))),
  );

  app.delete(
    '/v1/device-licenses/:licenseId/blocked-devices/:fingerprint',
    {
      config: write,
      schema: {
        tags,
        summary: 'Unblock a device: it may be activated again',
        params: BlockedDeviceParams,
        response: { 204: Type.Null({ description: 'Unblocked.' }), ...refusals },
      },
    },
    async (request, reply) => {
      await unblockDevice(deps.db, request.params.licenseId, request.params.fingerprint, by(request));
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/v1/device-licenses/:licenseId/users/:userId',
    {
      config: write,
      schema: {
        tags,
        summary: 'Remove a user from a user-based license: the activations the user made are freed',
        params: UserParams,
        response: { 200: RemovedUserAnswer, ...refusals },
      },
    },
    async (request) => removeLicenseUser(deps.db, request.params.licenseId, request.params.userId, by(request)),
  );

  app.post(
    '/v1/device-licenses/:licenseId/users/:userId/password',
    {
      config: write,
      schema: {
        tags,
        summary: "Set a license user's password (at least 12 characters): the old one is refused from now on",
        params: UserParams,
        body: PasswordInput,
        response: { 204: Type.Null({ description: 'Set.' }), ...refusals },
      },
    },
    async (request, reply) => {
      await setLicenseUserPassword(deps.db, request.params.licenseId, request.params.userId, request.body.password, { ...by(request), random: deps.random });
      return reply.status(204).send(null);
    },
  );
};
