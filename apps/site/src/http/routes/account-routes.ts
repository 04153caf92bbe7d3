import { Type } from '@sinclair/typebox';
import { SMALL_BODY_LIMIT } from '@airlock/http';
import { Account, AccountName, AccountWithPassword, Role } from '../account-schemas.ts';
import { refusals, TenantId } from '../schemas.ts';
import type { SiteRoutes } from './routes.ts';

const siteAdmin = { config: { siteAccess: 'site-admin' }, bodyLimit: SMALL_BODY_LIMIT } as const;
const AccountParams = Type.Object({ account: AccountName });

/**
 * The site's accounts, managed by its site administrators: create (with a generated password to
 * be changed at the first sign-in), list, disable, reset a password. Passwords are shown once.
 */
export const accountRoutes: SiteRoutes = async (app, { site }) => {
  app.get(
    '/v1/accounts',
    {
      ...siteAdmin,
      schema: {
        tags: ['accounts'],
        summary: "The site's accounts: role, tenant, whether disabled",
        response: { 200: Type.Object({ accounts: Type.Array(Account) }), ...refusals },
      },
    },
    async () => ({ accounts: site.accounts.list() }),
  );

  app.post(
    '/v1/accounts',
    {
      ...siteAdmin,
      schema: {
        tags: ['accounts'],
        summary: 'Create an account; its generated password is in this answer only',
        description: 'A tenant administrator names its tenant; site administrators and auditors name none.',
        body: Type.Object({ account: AccountName, role: Role, tenant: Type.Optional(TenantId) }, { additionalProperties: false }),
        response: { 201: AccountWithPassword, ...refusals },
      },
    },
    async (request, reply) => {
      const { account, role, tenant } = request.body;
      return reply.status(201).send(await site.accounts.createAccount({ account, role, tenant: tenant ?? null }, request.actor));
    },
  );

  app.post(
    '/v1/accounts/:account/disable',
    {
      ...siteAdmin,
      schema: { tags: ['accounts'], summary: 'Disable an account: its sessions end at once', params: AccountParams, response: { 200: Account, ...refusals } },
    },
    async (request) => site.accounts.disableAccount(request.params.account, request.actor),
  );

  app.post(
    '/v1/accounts/:account/reset-password',
    {
      ...siteAdmin,
      schema: {
        tags: ['accounts'],
        summary: 'Give an account a new generated password (shown once, changed at the next sign-in); its sessions end, a lock is lifted',
        params: AccountParams,
        response: { 200: AccountWithPassword, ...refusals },
      },
    },
    async (request) => site.accounts.resetPassword(request.params.account, request.actor),
  );
};
