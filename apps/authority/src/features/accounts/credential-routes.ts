import { Problem } from '@airlock/http';
import { AirlockError, MINUTE } from '@airlock/core';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { createRateLimiter, limitedBy } from '@airlock/http';
import { actorOf } from '../../http/permissions.ts';
import { OneLine, Slug, Uuid } from '../../http/schemas.ts';
import type { Feature } from '../feature.ts';
import { Admin, ApiToken, CustomerUser, Email, NewPassword, Scope } from './account-schemas.ts';
import { createAdmin, disableAdmin, enableAdmin, listAdmins, resetAdminPassword } from './admins.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import {
  CUSTOMER_USER_LIST,
  createCustomerUser,
  listCustomerUserPage,
  listCustomerUsers,
  removeCustomerUser,
  resetCustomerUserPassword,
} from './customer-users.ts';
import { PageOf, PageQuery, readPaging, wantsPage } from '../../http/paging.ts';

/** Tokens created per address and minute: automation needs few, a leaked credential should not mint many. */
const TOKEN_CREATIONS_PER_MINUTE = 10;

const NewAccount = Type.Object({ email: Email, password: NewPassword }, { additionalProperties: false });

/** Who holds credentials: administrators, API tokens and customers' portal users. */
export const credentialRoutes: Feature = async (app, { deps }) => {
  const by = (request: FastifyRequest) => ({ actor: actorOf(request.principal), requestId: request.id, now: deps.clock.now(), random: deps.random });
  const tokenLimiter = limitedBy(createRateLimiter({ limit: TOKEN_CREATIONS_PER_MINUTE, windowMs: MINUTE, clock: deps.clock }));

  app.post(
    '/v1/admins',
    {
      config: { access: { permission: 'tokens:write' } },
      schema: {
        tags: ['accounts'],
        summary: 'Add a vendor administrator (administrators only); they change the given password at first sign-in',
        body: NewAccount,
        response: { 201: Admin, 403: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      return reply.status(201).send(await createAdmin(deps.db, request.body, by(request)));
    },
  );

  app.get(
    '/v1/admins',
    {
      config: { access: { permission: 'tokens:write' } },
      schema: {
        tags: ['accounts'],
        summary: 'List vendor administrators, disabled ones included (administrators only)',
        response: { 200: Type.Array(Admin), 403: Problem },
      },
    },
    async (request) => {
      requireAdmin(request);
      return listAdmins(deps.db);
    },
  );

  const AdminParams = Type.Object({ adminId: Uuid });
  app.post(
    '/v1/admins/:adminId/disable',
    {
      config: { access: { permission: 'tokens:write' } },
      schema: {
        tags: ['accounts'],
        summary: 'Disable an administrator (administrators only): no sign-in, sessions and their API tokens end at once',
        description:
          'The administrator can no longer sign in: the right password gets 403 ACCOUNT_DISABLED (a wrong one INVALID_CREDENTIALS, as for anyone). ' +
          'Every session of theirs ends at once on every replica (sessions are checked in the database on each request). ' +
          'The live API tokens they created (an `airlock login` makes one), and the tokens those tokens created, are revoked for good: ' +
          '`revokedTokens` lists them; other replicas refuse them within 5 seconds, as for any revocation. ' +
          'Refused with 409 CANNOT_DISABLE_SELF for your own account and 409 LAST_ADMINISTRATOR when no other administrator is enabled. ' +
          'Disabling a disabled administrator changes nothing. Audited as `admin.disable`.',
        params: AdminParams,
        response: { 200: Type.Object({ ...Admin.properties, revokedTokens: Type.Array(Type.String()) }), 403: Problem, 404: Problem, 409: Problem },
      },
    },
    async (request) => disableAdmin(deps.db, request.params.adminId, { ...by(request), self: requireAdmin(request) }),
  );

  app.post(
    '/v1/admins/:adminId/enable',
    {
      config: { access: { permission: 'tokens:write' } },
      schema: {
        tags: ['accounts'],
        summary: 'Enable a disabled administrator again (administrators only): they sign in with the password they had',
        description: 'API tokens revoked by the disable stay revoked. Enabling an enabled administrator changes nothing. Audited as `admin.enable`.',
        params: AdminParams,
        response: { 200: Admin, 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      requireAdmin(request);
      return enableAdmin(deps.db, request.params.adminId, by(request));
    },
  );

  app.post(
    '/v1/admins/:adminId/password',
    {
      config: { access: { permission: 'tokens:write' } },
      schema: {
        tags: ['accounts'],
        summary: "Reset another administrator's password (administrators only): a generated one-time password, in this answer only",
        description:
          'The administrator must change `password` at their next sign-in; every session of theirs ends at once, and a sign-in lock on their address is lifted. ' +
          'A disabled administrator stays disabled. Your own password is changed with `POST /v1/auth/password` instead (403). ' +
          'Audited as `admin.password-reset`, without the password or its hash. On the server, `airlock authority admin reset-password --email <e>` does the same without signing in.',
        params: AdminParams,
        response: { 200: Type.Object({ ...Admin.properties, password: Type.String() }), 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      if (requireAdmin(request) === request.params.adminId) {
        throw new AirlockError('FORBIDDEN', { reason: 'change your own password with POST /v1/auth/password' });
      }
      return resetAdminPassword(deps.db, request.params.adminId, by(request));
    },
  );

  app.post(
    '/v1/api-tokens',
    {
      config: { access: { permission: 'tokens:write' } },
      onRequest: tokenLimiter,
      schema: {
        tags: ['accounts'],
        summary: 'Create an API token; its secret is in this answer only',
        body: Type.Object(
          { name: OneLine({ minLength: 1, maxLength: 200 }), scopes: Type.Array(Scope, { minItems: 1, uniqueItems: true }) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ ...ApiToken.properties, token: Type.String() }), 403: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      const created = await createApiToken(deps.db, request.body, { ...by(request), principal: request.principal });
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/v1/api-tokens',
    {
      config: { access: { permission: 'tokens:write' } },
      schema: { tags: ['accounts'], summary: 'List API tokens (never their secrets)', response: { 200: Type.Array(ApiToken) } },
    },
    async () => listApiTokens(deps.db),
  );

  app.delete(
    '/v1/api-tokens/:tokenId',
    {
      config: { access: { permission: 'tokens:write' } },
      schema: {
        tags: ['accounts'],
        summary: 'Revoke an API token, effective at once',
        params: Type.Object({ tokenId: Uuid }),
        response: { 204: Type.Null(), 404: Problem },
      },
    },
    async (request, reply) => {
      await revokeApiToken(deps.db, request.params.tokenId, by(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/customers/:customerId/users',
    {
      config: { access: { permission: 'customers:write' } },
      schema: {
        tags: ['accounts'],
        summary: 'Give a customer a portal user, whose password is a one-time password they must replace at their first sign-in',
        params: Type.Object({ customerId: Slug }),
        body: NewAccount,
        response: { 201: CustomerUser, 404: Problem, 409: Problem },
      },
    },
    async (request, reply) => {
      const user = await createCustomerUser(deps.db, { ...request.body, customerId: request.params.customerId }, by(request));
      return reply.status(201).send(user);
    },
  );

  const UserParams = Type.Object({ customerId: Slug, userId: Uuid });
  app.post(
    '/v1/customers/:customerId/users/:userId/password',
    {
      config: { access: { permission: 'customers:write' } },
      schema: {
        tags: ['accounts'],
        summary: "Set a portal user's password for one who forgot it: they must choose their own at the next sign-in, and their sessions end",
        params: UserParams,
        body: Type.Object({ password: NewPassword }, { additionalProperties: false }),
        response: { 200: CustomerUser, 400: Problem, 404: Problem },
      },
    },
    async (request) => resetCustomerUserPassword(deps.db, request.params.customerId, request.params.userId, request.body.password, by(request)),
  );

  app.delete(
    '/v1/customers/:customerId/users/:userId',
    {
      config: { access: { permission: 'customers:write' } },
      schema: {
        tags: ['accounts'],
        summary: 'Remove a portal user: their sessions end at once',
        params: UserParams,
        response: { 204: Type.Null(), 404: Problem },
      },
    },
    async (request, reply) => {
      await removeCustomerUser(deps.db, request.params.customerId, request.params.userId, by(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/customers/:customerId/users',
    {
      config: { access: { permission: 'customers:read', customer: true } },
      schema: {
        tags: ['accounts'],
        summary: "A customer's portal users, a page at a time",
        description:
          'With any of `limit`, `after`, `sort` or `q`: a page `{items, next, total}` sorted by `createdAt` (default) or `email`, searched by a prefix of the e-mail. ' +
          'Without any of them: every user by creation as a bare array (deprecated; it will be removed).',
        params: Type.Object({ customerId: Slug }),
        querystring: PageQuery(CUSTOMER_USER_LIST),
        response: {
          200: Type.Union([PageOf(CustomerUser, "The customer's users matching `q`, counted on every page."), Type.Array(CustomerUser)]),
          400: Problem,
          404: Problem,
        },
      },
    },
    async (request) =>
      wantsPage(request.query)
        ? listCustomerUserPage(deps.db, request.params.customerId, readPaging(CUSTOMER_USER_LIST, request.query))
        : listCustomerUsers(deps.db, request.params.customerId),
  );
};

/**
 * Administrators are all-powerful, so only an administrator (no token, whatever its scopes)
 * manages them. Returns the caller's administrator id.
 */
function requireAdmin(request: FastifyRequest): string {
  if (request.principal.kind !== 'admin') throw new AirlockError('FORBIDDEN', { reason: 'only an administrator manages administrators' });
  return request.principal.id;
}
