import { bearer, type HttpCaller } from './http-caller.ts';

/**
 * The headers a licensed application sends to a tenant's enforcement API: an application key
 * of that tenant, created by the site's operator as an administrator would create one.
 */
export async function applicationHeaders(operator: HttpCaller, tenant: string, name = 'licensed-application'): Promise<Record<string, string>> {
  const created = await operator.call<{ key?: unknown }>('POST', `/v1/tenants/${tenant}/keys`, { name });
  if (created.status !== 201 || typeof created.body.key !== 'string')
    throw new Error(`the site made no application key: ${created.status} ${JSON.stringify(created.body)}`);
  return bearer(created.body.key);
}
