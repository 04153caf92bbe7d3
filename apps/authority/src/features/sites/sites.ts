import { AirlockError } from '@airlock/core';
import { compareVersions, isVersion } from '@airlock/core/internal';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../http/audit.ts';
import { fetchPage, type ListSpec, type Page, type Paging } from '../../http/paging.ts';
import type { Actor } from '../../http/audit.ts';
import { siteModes, tenantMode, type ModePolicy, type SiteMode, type SiteModes } from './site-modes.ts';

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

/** A tenant of a site as the authority saw it: from its LFRs, and its exchanges over the link (docs/connected.md). */
export interface SiteTenant {
  readonly tenant: string;
  /** The mode it uses (`tenantMode`): `files` when its latest LFR was carried by hand after its last exchange. */
  readonly mode: SiteMode;
  /** When its latest LFR was received, if ever. */
  readonly latestLfrAt: string | null;
  /** Its last exchange over the link, if it ever exchanged. */
  readonly lastExchangeAt: string | null;
}

/** A site tenant's link record: the last exchange over the link (the `site_links` row). */
export interface SiteTenantLink {
  readonly tenant: string;
  readonly siteVersion: string;
  readonly firstExchangeAt: string;
  readonly lastExchangeAt: string;
  /** `answered`, `pending` or `refused`. */
  readonly lastStatus: string;
  /** The code of the last refusal or of what the answer waits for, or null. */
  readonly lastCode: string | null;
}

/**
 * A site with what the sites API shows of it besides: its version, its tenants and the mode each
 * uses, its link records, and which modes its customer's policy lets it use (docs/connected.md,
 * "Versions": both consoles show each site's version and whether it may use each mode).
 */
export interface SiteStatus extends Site {
  /** The version its latest LFR or exchange stated, whichever came later; null before either. */
  readonly siteVersion: string | null;
  /** Its tenants that exchanged over the link, with their last exchange. */
  readonly connected: SiteTenantLink[];
  /** Every tenant it sent an LFR for or exchanged for, by name, with the mode it uses. */
  readonly tenants: SiteTenant[];
  readonly modes: SiteModes;
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
export async function registerSite(db: Db, customerId: string, input: { guid: string; name: string }, by: Actor): Promise<SiteStatus> {
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
    const [status] = await withStatus(trx, customerId, [site]);
    return status!;
  });
}

/**
 * A customer's sites with what the authority last saw of each (its version, its tenants and their
 * modes, its link records) and the modes its policy allows it, by registration. NOT_FOUND for an
 * unknown customer.
 */
export async function listSites(db: Db, customerId: string): Promise<SiteStatus[]> {
  const customer = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
  const sites = await selectSites(db)
    .where('sites.customer_id', '=', customerId)
    .orderBy('sites.registered_at')
    .orderBy('sites.guid')
    .execute()
    .then((rows) => rows.map(siteOf));
  return withStatus(db, customerId, sites);
}

/**
 * The sites list's sorts and search (README, "Lists: pages, sorts and search"): by
 * registration (the default) or name; `q` is a prefix of the name or GUID. A customer's sites
 * are few, so the total is counted.
 */
export const SITE_LIST: ListSpec<'registeredAt' | 'name'> = {
  id: 'sites.guid',
  idType: 'text',
  sorts: {
    registeredAt: { expression: 'sites.registered_at', type: 'timestamptz' },
    name: { expression: 'lower(sites.name) collate "C"', type: 'text' },
  },
  defaultSort: 'registeredAt',
  search: ['lower(sites.name) collate "C"', 'lower(sites.guid)'],
  total: true,
};

/** One page of a customer's sites with what the authority last saw of each; NOT_FOUND for an unknown customer. */
export async function listSitePage(db: Db, customerId: string, paging: Paging): Promise<Page<SiteStatus>> {
  const customer = await db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new AirlockError('NOT_FOUND', { customer: customerId });
  const { rows, next, total } = await fetchPage(selectSites(db).where('sites.customer_id', '=', customerId), SITE_LIST, paging);
  return { items: await withStatus(db, customerId, rows.map(siteOf)), next, ...(total === undefined ? {} : { total }) };
}

/**
 * Adds to a customer's sites their versions, tenants, link records and allowed modes: three
 * reads for all of them (the policy, the latest LFR of each site tenant, the link records).
 */
async function withStatus(db: Db, customerId: string, sites: readonly Site[]): Promise<SiteStatus[]> {
  // One after another: `db` may be a transaction, which has one connection.
  const policy = await modePolicyOf(db, customerId);
  // The latest LFR of each site tenant: the way it came, and the version it stated.
  const lfrs = await db
    .selectFrom('license_file_requests')
    .distinctOn(['site_guid', 'tenant'])
    .select(['site_guid', 'tenant', 'via', 'received_at', sql<string | null>`claims->>'siteVersion'`.as('site_version')])
    .where('customer_id', '=', customerId)
    .orderBy('site_guid')
    .orderBy('tenant')
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const links = await db.selectFrom('site_links').selectAll().where('customer_id', '=', customerId).orderBy('site_guid').orderBy('tenant').execute();
  return sites.map((site) => {
    const ownLfrs = lfrs.filter((lfr) => lfr.site_guid === site.guid);
    const ownLinks = links.filter((link) => link.site_guid === site.guid);
    const names = [...new Set([...ownLfrs.map((lfr) => lfr.tenant), ...ownLinks.map((link) => link.tenant)])].sort();
    const tenants = names.map((tenant): SiteTenant => {
      const lfr = ownLfrs.find((candidate) => candidate.tenant === tenant);
      const link = ownLinks.find((candidate) => candidate.tenant === tenant);
      return {
        tenant,
        mode: tenantMode(lfr ? { via: lfr.via, receivedAt: lfr.received_at } : undefined, link?.last_exchange_at),
        latestLfrAt: lfr?.received_at.toISOString() ?? null,
        lastExchangeAt: link?.last_exchange_at.toISOString() ?? null,
      };
    });
    const siteVersion = latestVersion([
      ...ownLfrs.map((lfr) => ({ at: lfr.received_at, version: lfr.site_version })),
      ...ownLinks.map((link) => ({ at: link.last_exchange_at, version: link.site_version })),
    ]);
    const connected = ownLinks.map((link): SiteTenantLink => ({
      tenant: link.tenant,
      siteVersion: link.site_version,
      firstExchangeAt: link.first_exchange_at.toISOString(),
      lastExchangeAt: link.last_exchange_at.toISOString(),
      lastStatus: link.last_status,
      lastCode: link.last_code,
    }));
    return { ...site, siteVersion, connected, tenants, modes: siteModes(policy, siteVersion) };
  });
}

/**
 * The version stated last, by when it was stated (a later statement of a lower version wins: a
 * site may be reinstalled at an older version); of two stated at once, the higher.
 */
function latestVersion(statements: readonly { at: Date; version: string | null }[]): string | null {
  let latest: { at: Date; version: string } | undefined;
  for (const { at, version } of statements) {
    if (version === null) continue;
    const later =
      latest === undefined ||
      at.getTime() > latest.at.getTime() ||
      (at.getTime() === latest.at.getTime() && isVersion(version) && isVersion(latest.version) && compareVersions(version, latest.version) > 0);
    if (later) latest = { at, version };
  }
  return latest?.version ?? null;
}

/**
 * The settings of a customer's policy that decide which modes its sites may use, read from the
 * policies table (docs/connected.md, "The policy"). NOT_FOUND for an unknown customer.
 */
async function modePolicyOf(db: Db, customerId: string): Promise<ModePolicy> {
  const row = await db
    .selectFrom('customers')
    .innerJoin('policies', 'policies.id', 'customers.policy_id')
    .select(['policies.site_licensing', 'policies.minimum_site_version', 'policies.minimum_connected_site_version'])
    .where('customers.id', '=', customerId)
    .executeTakeFirst();
  if (!row) throw new AirlockError('NOT_FOUND', { customer: customerId });
  return { siteLicensing: row.site_licensing, minimumSiteVersion: row.minimum_site_version, minimumConnectedSiteVersion: row.minimum_connected_site_version };
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
  const row = await selectSites(db).where('sites.customer_id', '=', customerId).where('sites.guid', '=', normalizeGuid(guid)).executeTakeFirst();
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
    eb
      .selectFrom('enablement_tokens')
      .whereRef('enablement_tokens.site_guid', '=', 'sites.guid')
      .select((inner) => inner.fn.max('enablement_tokens.issued_at').as('at'))
      .as('latest_token_at'),
    eb
      .selectFrom('license_file_requests')
      .whereRef('license_file_requests.site_guid', '=', 'sites.guid')
      .select((inner) => inner.fn.max('license_file_requests.received_at').as('at'))
      .as('latest_lfr_at'),
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
