import { AirlockError } from '@airlock/core';
import { accessRuleOf, type AccessModel } from '@airlock/http';
import type { FastifyRequest } from 'fastify';

import { permissions, type Permission } from './permission-names.ts';

export { permissions, type Permission };

export type Principal =
  | { readonly kind: 'admin'; readonly id: string }
  | { readonly kind: 'token'; readonly id: string; readonly scopes: readonly Permission[] }
  | { readonly kind: 'customer-user'; readonly id: string; readonly customerId: string }
  | { readonly kind: 'anonymous' };

/**
 * A route's access rule, declared beside the handler in `config.access`:
 * - `public`: anyone (health, the root key, signing in);
 * - `{ permission }`: vendor staff with that permission;
 * - `{ permission, customer: true }`: also the customer's own users, on routes whose path holds
 *   `:customerId` — another customer's id is answered NOT_FOUND, so ids reveal nothing.
 * A route without one fails the app's build (`authorityAccess`, the shared model of @airlock/http).
 */
export type Access = 'public' | { readonly permission: Permission; readonly customer?: boolean };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal;
  }
}

/** The audit log's name for whoever acts. */
export function actorOf(principal: Principal): string {
  return principal.kind === 'anonymous' ? 'anonymous' : `${principal.kind}:${principal.id}`;
}

const isPermission = (value: unknown): value is Permission => (permissions as readonly unknown[]).includes(value);

/**
 * The authority's access rules as the shared model (@airlock/http) takes them: a route of the
 * authority without one of these in `config.access` fails the app's build.
 */
export const authorityAccess: AccessModel<Access> = {
  server: 'authority',
  configKey: 'access',
  isRule: (value): value is Access => {
    if (value === 'public') return true;
    if (typeof value !== 'object' || value === null) return false;
    const { permission, customer } = value as { permission?: unknown; customer?: unknown };
    return isPermission(permission) && (customer === undefined || typeof customer === 'boolean');
  },
  publicRule: 'public',
  openApi: (access) =>
    access === 'public'
      ? { security: [] }
      : {
          who: `Needs the \`${access.permission}\` permission${access.customer ? ', or a user of this customer' : ''}.`,
          security: [{ apiToken: [] }, { session: [] }],
        },
};

/** Refuses the request unless its principal satisfies the route's access rule. */
export function checkAccess(request: FastifyRequest): void {
  const access = accessRuleOf(authorityAccess, request);
  if (access === 'public') return;
  const principal = request.principal;
  switch (principal.kind) {
    case 'anonymous':
      throw new AirlockError('UNAUTHENTICATED', {});
    case 'admin':
      return;
    case 'token':
      if (!principal.scopes.includes(access.permission)) throw new AirlockError('FORBIDDEN', { needs: access.permission });
      return;
    case 'customer-user': {
      if (!access.customer) throw new AirlockError('FORBIDDEN', { needs: access.permission });
      const { customerId } = request.params as { customerId?: string };
      if (customerId !== principal.customerId) throw new AirlockError('NOT_FOUND', {});
      return;
    }
  }
}
