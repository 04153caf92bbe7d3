import { deriveRegistrationKey, type LicenseItem } from '@airlock/core';
import { createTestParty } from '@airlock/core/testing';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../../db/database.ts';
import type { Principal } from '../../../http/permissions.ts';
import type { OrderView } from '../order-reads.ts';

/**
 * Test support for the orders feature: a catalogue and customers made through the API as a
 * vendor makes them, Registration Keys as sites derive them, and a count of every row the
 * feature writes. Never for production.
 */

type Request = (options: InjectOptions & { as?: Principal }) => Promise<LightMyRequestResponse>;

export const acmeUser: Principal = { kind: 'customer-user', id: 'acme-buyer', customerId: 'acme' };
export const globexUser: Principal = { kind: 'customer-user', id: 'globex-buyer', customerId: 'globex' };

/** The product `automation` with two seat types and a meter, a policy, and the customers acme and globex. */
export async function seedOrderCatalogue(request: Request): Promise<void> {
  const calls: { method: 'POST'; url: string; payload: object }[] = [
    { method: 'POST', url: '/v1/products', payload: { id: 'automation', name: 'Automation' } },
    { method: 'POST', url: '/v1/products/automation/license-types', payload: { id: 'bot-runner', name: 'Bot Runner', category: 'seat' } },
    { method: 'POST', url: '/v1/products/automation/license-types', payload: { id: 'bot-creator', name: 'Bot Creator', category: 'seat' } },
    { method: 'POST', url: '/v1/products', payload: { id: 'insight', name: 'Insight' } },
    { method: 'POST', url: '/v1/products/insight/license-types', payload: { id: 'dashboards', name: 'Dashboards', category: 'feature' } },
    { method: 'POST', url: '/v1/policies', payload: { id: 'standard', name: 'Standard' } },
    {
      method: 'POST',
      url: '/v1/customers',
      payload: { id: 'acme', name: 'Acme & Sons <Plant>', contactEmail: 'licenses@acme.test', accountEndsOn: '2028-12-31', policyId: 'standard' },
    },
    {
      method: 'POST',
      url: '/v1/customers',
      payload: { id: 'globex', name: 'Globex', contactEmail: 'it@globex.test', accountEndsOn: '2028-12-31', policyId: 'standard' },
    },
  ];
  for (const call of calls) {
    const response = await request(call);
    if (response.statusCode !== 201) throw new Error(`${call.method} ${call.url}: ${response.statusCode} ${response.body}`);
  }
}

/** Creates an order as the vendor; fails the test unless it is created. */
export async function placeOrder(request: Request, customerId: string, items: readonly LicenseItem[]): Promise<OrderView> {
  const response = await request({ method: 'POST', url: `/v1/customers/${customerId}/orders`, payload: { items } });
  if (response.statusCode !== 201) throw new Error(`order for ${customerId}: ${response.statusCode} ${response.body}`);
  return response.json<OrderView>();
}

/** The RK of the default tenant of a test site, as the site shows it. */
export function registrationKeyOf(seed: string, tenantId = 'default'): string {
  const site = createTestParty(seed);
  return deriveRegistrationKey({ siteGuid: site.guid, tenantId, siteKeyThumbprint: site.signingKey.kid });
}

/** The RK with one character changed to another valid one: what the checksum is there to catch. */
export function mistyped(registrationKey: string, index = 5): string {
  const chars = [...registrationKey];
  chars[index] = chars[index] === 'Q' ? 'R' : 'Q';
  return chars.join('');
}

/** Rows in every table the feature writes, and the audit log: a refusal leaves them as they were. */
export async function orderRowCounts(db: Db): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`
    select (select count(*)::int from orders) as orders,
           (select count(*)::int from registration_keys) as registration_keys,
           (select count(*)::int from activated_licenses) as activated_licenses,
           (select count(*)::int from mail_outbox) as mail_outbox,
           (select count(*)::int from audit_events) as audit_events`.execute(db);
  return rows[0]!;
}
