import { AirlockError } from '@airlock/core';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { recordAudit, type Actor } from '../../http/audit.ts';
import type { SecretSealer } from './secret-sealer.ts';

/**
 * The identity providers Airlock trusts for single sign-on (README, "Single sign-on (OpenID
 * Connect)"): one for the vendor console, and one per customer for that customer's portal users.
 */

/** The roles an IdP group can grant. Airlock has one kind of administrator, who may do everything (http/permissions.ts). */
export const consoleRoles = ['admin'] as const;
/** What a customer's IdP groups grant: being one of the customer's portal users. */
export const PORTAL_ROLE = 'portal-user';

export type Provisioning = 'just-in-time' | 'existing-accounts';

/** A provider as the API shows it: never its client secret. */
export interface SsoProvider {
  readonly id: string;
  readonly area: 'console' | 'portal';
  readonly customerId: string | null;
  readonly issuer: string;
  readonly clientId: string;
  readonly allowedDomains: readonly string[];
  readonly groupClaim: string;
  /** IdP group → role. For a customer's provider the role is always `portal-user`; no mapping lets any group in. */
  readonly groupRoles: readonly { readonly group: string; readonly role: string }[];
  readonly provisioning: Provisioning;
  /** Whether the accounts this provider signs in may still sign in with a password. */
  readonly passwordSignIn: boolean;
  readonly updatedAt: string;
}

/** A provider with what the sign-in needs and the API never shows. */
export interface SsoProviderWithSecret extends SsoProvider {
  readonly clientSecretSealed: string;
}

export interface SsoProviderInput {
  readonly issuer: string;
  readonly clientId: string;
  /** Required when the provider is new; kept as it is when left out of a change. */
  readonly clientSecret?: string | undefined;
  readonly allowedDomains: readonly string[];
  readonly groupClaim: string;
  readonly groupRoles: readonly { readonly group: string; readonly role: string }[];
  readonly provisioning: Provisioning;
  readonly passwordSignIn: boolean;
}

export const CONSOLE_PROVIDER_ID = 'console';

export function customerProviderId(customerId: string): string {
  return `customer:${customerId}`;
}

/** The label a provider's client secret is sealed under: a sealed secret copied to another provider does not open. */
export function secretLabel(providerId: string): string {
  return `sso/${providerId}/client-secret`;
}

const COLUMNS = [
  'id',
  'area',
  'customer_id',
  'issuer',
  'client_id',
  'client_secret_sealed',
  'allowed_domains',
  'group_claim',
  'group_roles',
  'provisioning',
  'password_sign_in',
  'updated_at',
] as const;

type ProviderRow = {
  id: string;
  area: 'console' | 'portal';
  customer_id: string | null;
  issuer: string;
  client_id: string;
  client_secret_sealed: string;
  allowed_domains: string[];
  group_claim: string;
  group_roles: { group: string; role: string }[];
  provisioning: Provisioning;
  password_sign_in: boolean;
  updated_at: Date;
};

function providerOf(row: ProviderRow): SsoProviderWithSecret {
  return {
    id: row.id,
    area: row.area,
    customerId: row.customer_id,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecretSealed: row.client_secret_sealed,
    allowedDomains: row.allowed_domains,
    groupClaim: row.group_claim,
    groupRoles: row.group_roles,
    provisioning: row.provisioning,
    passwordSignIn: row.password_sign_in,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The provider as the API shows it. */
export function publicProvider(provider: SsoProviderWithSecret): SsoProvider {
  return {
    id: provider.id,
    area: provider.area,
    customerId: provider.customerId,
    issuer: provider.issuer,
    clientId: provider.clientId,
    allowedDomains: provider.allowedDomains,
    groupClaim: provider.groupClaim,
    groupRoles: provider.groupRoles,
    provisioning: provider.provisioning,
    passwordSignIn: provider.passwordSignIn,
    updatedAt: provider.updatedAt,
  };
}

export async function findProvider(db: Pick<Db, 'selectFrom'>, id: string): Promise<SsoProviderWithSecret | undefined> {
  const row = await db.selectFrom('sso_providers').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && providerOf(row);
}

/** Every customer's provider, by customer id. */
export async function listCustomerProviders(db: Db): Promise<SsoProvider[]> {
  const rows = await db.selectFrom('sso_providers').select(COLUMNS).where('area', '=', 'portal').orderBy('customer_id').execute();
  return rows.map((row) => publicProvider(providerOf(row)));
}

/**
 * The customer whose provider accepts this e-mail domain: the portal's single sign-on starts
 * from the address a person types, and a domain belongs to one customer's provider at most.
 */
export async function findProviderForDomain(db: Db, domain: string): Promise<SsoProviderWithSecret | undefined> {
  const row = await db
    .selectFrom('sso_providers')
    .select(COLUMNS)
    .where('area', '=', 'portal')
    .where(sql<boolean>`allowed_domains @> ${JSON.stringify([domain])}::jsonb`)
    .executeTakeFirst();
  return row && providerOf(row);
}

/** Domains compare without case; a leading `@` is tolerated. */
function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/^@/, '');
}

/**
 * Sets (creates or replaces) a provider: the console's or a customer's. The client secret is
 * sealed before it is stored; the audit event records every setting but the secret (only
 * whether it changed). Refused with REQUEST_INVALID when a new provider has no secret, with
 * NOT_FOUND for an unknown customer, and with CONFLICT when another customer's provider
 * already accepts one of the domains.
 */
export async function setProvider(
  db: Db,
  target: { readonly area: 'console' } | { readonly area: 'portal'; readonly customerId: string },
  input: SsoProviderInput,
  by: Actor & { readonly sealer: SecretSealer },
): Promise<SsoProvider> {
  const id = target.area === 'console' ? CONSOLE_PROVIDER_ID : customerProviderId(target.customerId);
  const customerId = target.area === 'console' ? null : target.customerId;
  const allowedDomains = [...new Set(input.allowedDomains.map(normalizeDomain))].sort();
  const groupRoles = target.area === 'console' ? input.groupRoles : input.groupRoles.map(({ group }) => ({ group, role: PORTAL_ROLE }));
  const sealed = input.clientSecret === undefined ? undefined : await by.sealer.seal(input.clientSecret, secretLabel(id));
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('airlock.sso-providers'))`.execute(trx);
    if (customerId !== null) {
      const customer = await trx.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
      if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
      for (const domain of allowedDomains) {
        const other = await trx
          .selectFrom('sso_providers')
          .select('customer_id')
          .where('area', '=', 'portal')
          .where('id', '<>', id)
          .where(sql<boolean>`allowed_domains @> ${JSON.stringify([domain])}::jsonb`)
          .executeTakeFirst();
        if (other) throw new AirlockError('CONFLICT', { domain, reason: 'another customer’s identity provider already accepts this domain' });
      }
    }
    const before = await findProvider(trx, id);
    const clientSecretSealed = sealed ?? before?.clientSecretSealed;
    if (clientSecretSealed === undefined)
      throw new AirlockError('REQUEST_INVALID', { field: 'clientSecret', reason: 'a new identity provider needs its client secret' });
    const values = {
      issuer: input.issuer,
      client_id: input.clientId,
      client_secret_sealed: clientSecretSealed,
      allowed_domains: JSON.stringify(allowedDomains),
      group_claim: input.groupClaim,
      group_roles: JSON.stringify(groupRoles),
      provisioning: input.provisioning,
      password_sign_in: input.passwordSignIn,
      updated_at: by.now,
    };
    if (before) await trx.updateTable('sso_providers').set(values).where('id', '=', id).execute();
    else
      await trx
        .insertInto('sso_providers')
        .values({ id, area: target.area, customer_id: customerId, ...values })
        .execute();
    const after = (await findProvider(trx, id))!;
    await recordAudit(trx, {
      ...by,
      action: before ? 'sso.update' : 'sso.create',
      objectType: 'sso-provider',
      objectId: id,
      ...(before ? { before: publicProvider(before) } : {}),
      after: { ...publicProvider(after), clientSecretChanged: sealed !== undefined },
      at: by.now,
    });
    return publicProvider(after);
  });
}

/**
 * Removes a provider: its sign-ins under way and its links to accounts go with it; the
 * accounts stay (with the password they have, which an administrator may reset).
 */
export async function deleteProvider(db: Db, id: string, by: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await findProvider(trx, id);
    if (!before) throw new AirlockError('NOT_FOUND', { ssoProvider: id });
    await trx.deleteFrom('sso_providers').where('id', '=', id).execute();
    await recordAudit(trx, { ...by, action: 'sso.delete', objectType: 'sso-provider', objectId: id, before: publicProvider(before), at: by.now });
  });
}

/**
 * Whether an account may sign in with its password: not where the provider it belongs to — the
 * console's for administrators, its customer's for portal users — says single sign-on only.
 */
export async function passwordSignInAllowed(
  db: Db,
  account: { readonly kind: 'admin' } | { readonly kind: 'customer-user'; readonly customerId: string },
): Promise<boolean> {
  const id = account.kind === 'admin' ? CONSOLE_PROVIDER_ID : customerProviderId(account.customerId);
  const row = await db.selectFrom('sso_providers').select('password_sign_in').where('id', '=', id).executeTakeFirst();
  return row?.password_sign_in ?? true;
}

/**
 * Lets the accounts of a provider sign in with their password again: the way back in when the
 * console is single sign-on only and its identity provider is down (`airlock authority sso
 * allow-passwords`, run on the server). Audited as `sso.update`. Returns the provider, or
 * undefined when there is none (passwords are allowed then anyway).
 */
export async function allowPasswordSignIn(db: Db, id: string, by: Actor): Promise<SsoProvider | undefined> {
  return db.transaction().execute(async (trx) => {
    const before = await findProvider(trx, id);
    if (!before) return undefined;
    if (before.passwordSignIn) return publicProvider(before);
    await trx.updateTable('sso_providers').set({ password_sign_in: true, updated_at: by.now }).where('id', '=', id).execute();
    const after = { ...publicProvider(before), passwordSignIn: true, updatedAt: by.now.toISOString() };
    await recordAudit(trx, {
      ...by,
      action: 'sso.update',
      objectType: 'sso-provider',
      objectId: id,
      before: publicProvider(before),
      after: { ...after, clientSecretChanged: false },
      at: by.now,
    });
    return after;
  });
}
