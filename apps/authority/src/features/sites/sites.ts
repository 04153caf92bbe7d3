import { AirlockError } from '@airlock/core';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../http/audit.ts';
import type { Actor } from '../catalogue/catalogue.ts';

/** One on-premises installation of a customer, known by the GUID it shows its admin. */
export interface Site {
  readonly guid: string;
  readonly customerId: string;
  readonly name: string;
  readonly registeredAt: string;
  /** True once an LFR taught the authority the key this site signs with. */
  readonly siteKeyKnown: boolean;
  /** When its latest enablement token was issued, if ever. */
  readonly latestEnablementTokenAt: string | null;
  /** When its latest LFR was received, if ever. */
  readonly latestLfrAt: string | null;
}

/** GUIDs are compared and stored lower-case: a site may print its GUID either way. */
export function normalizeGuid(guid: string): string {
  return guid.toLowerCase();
}

/**
 * Registers a site GUID to a customer. A GUID already registered — to this customer or to
 * another, which is not said — is CONFLICT; an unknown customer NOT_FOUND. Nothing is written
 * on a refusal, and two registrations of one GUID at once leave exactly one.
 *
 * @example
 * ```ts
 * await registerSite(db, 'acme', { guid: '5C1B…', name: 'Plant 1' }, by); // stored as 5c1b…
 * ```
 */
export async function registerSite(db: Db, customerId: string, input: { guid: string; name: string }, by: Actor): Promise<Site> {
  const guid = normalizeGuid(input.guid);
  return db.transaction().execute(async (trx) => {
    const customer = await trx.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
    if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
    const inserted = await trx
      .insertInto('sites')
      .values({ guid, customer_id: customerId, name: input.name, site_key_thumbprint: null, registered_at: by.now })
      .onConflict((conflict) => conflict.column('guid').doNothing())
      .returning('guid')
      .executeTakeFirst();
    // Whose it is stays unsaid: a GUID must not tell one customer about another.
    if (!inserted) throw new AirlockError('CONFLICT', { site: guid });
    const site: Site = {
      guid,
      customerId,
      name: input.name,
      registeredAt: by.now.toISOString(),
      siteKeyKnown: false,
      latestEnablementTokenAt: null,
      latestLfrAt: null,
    };
    await recordAudit(trx, { ...by, action: 'site.register', objectType: 'site', objectId: guid, after: site, at: by.now });
    return site;
  });
}

/** A customer's sites with what the authority last saw of each, by registration. NOT_FOUND for an unknown customer. */
export async function listSites(db: Db, customerId: string): Promise<Site[]> {
  const customer = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
  return selectSites(db).where('sites.customer_id', '=', customerId).orderBy('sites.registered_at').orderBy('sites.guid').execute().then((rows) => rows.map(siteOf));
}

/**
 * The site with this GUID if it is registered to this customer, else undefined (another
 * customer's site is as absent as one never registered). Accepts a transaction.
 *
 * @example
 * ```ts
 * const site = await findSite(trx, 'acme', lfr.siteGuid);
 * if (!site) throw new AirlockError('SITE_NOT_REGISTERED', { siteGuid: lfr.siteGuid });
 * ```
 */
export async function findSite(db: Db, customerId: string, guid: string): Promise<Site | undefined> {
  const row = await selectSites(db)
    .where('sites.customer_id', '=', customerId)
    .where('sites.guid', '=', normalizeGuid(guid))
    .executeTakeFirst();
  return row ? siteOf(row) : undefined;
}

/** `findSite`, with NOT_FOUND when the customer has no such site. */
export async function getSite(db: Db, customerId: string, guid: string): Promise<Site> {
  const site = await findSite(db, customerId, guid);
  if (!site) throw new AirlockError('NOT_FOUND', { site: normalizeGuid(guid) });
  return site;
}

function selectSites(db: Db) {
  return db.selectFrom('sites').select((eb) => [
    'sites.guid',
    'sites.customer_id',
    'sites.name',
    'sites.registered_at',
    'sites.site_key_thumbprint',
    eb.selectFrom('enablement_tokens').whereRef('enablement_tokens.site_guid', '=', 'sites.guid')
      .select((inner) => inner.fn.max('enablement_tokens.issued_at').as('at')).as('latest_token_at'),
    eb.selectFrom('license_file_requests').whereRef('license_file_requests.site_guid', '=', 'sites.guid')
      .select((inner) => inner.fn.max('license_file_requests.received_at').as('at')).as('latest_lfr_at'),
  ]);
}

function siteOf(row: {
  guid: string;
  customer_id: string;
  name: string;
  registered_at: Date;
  site_key_thumbprint: string | null;
  latest_token_at: Date | null;
  latest_lfr_at: Date | null;
}): Site {
  return {
    guid: row.guid,
    customerId: row.customer_id,
    name: row.name,
    registeredAt: row.registered_at.toISOString(),
    siteKeyKnown: row.site_key_thumbprint !== null,
    latestEnablementTokenAt: row.latest_token_at?.toISOString() ?? null,
    latestLfrAt: row.latest_lfr_at?.toISOString() ?? null,
  };
}
