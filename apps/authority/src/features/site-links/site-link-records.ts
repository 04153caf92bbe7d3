import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** How the last exchange of a site tenant over the link ended (docs/connected.md). */
export type SiteLinkStatus = 'answered' | 'pending' | 'refused';

/** One exchange of a site tenant, as its link record keeps the last one. */
export interface SiteExchangeRecord {
  readonly siteGuid: string;
  readonly tenant: string;
  readonly customerId: string;
  /** The version the exchange request states. */
  readonly siteVersion: string;
  readonly status: SiteLinkStatus;
  /** The LFR submitted or awaited, when the exchange got that far. */
  readonly lfrId: string | null;
  /** The code of the refusal, or what the answer waits for (`approval`, or a code a person must decide); null once answered. */
  readonly code: string | null;
  readonly at: Date;
}

/**
 * Records an exchange as the site tenant's last (docs/connected.md, "How the authority
 * answers"): the version, when, how it ended, the LFR and the code. The first exchange creates
 * the record and keeps its time as `first_exchange_at`; the console lists connected sites, and
 * those that are late, from it. An exchange refused before its site was authenticated is never
 * recorded: only a registered site signing with its key writes here.
 *
 * @example
 * ```ts
 * await recordSiteExchange(db, { siteGuid, tenant: 'default', customerId: 'acme', siteVersion: '41.2', status: 'pending', lfrId, code: 'approval', at: now });
 * ```
 */
export async function recordSiteExchange(db: Kysely<Database>, record: SiteExchangeRecord): Promise<void> {
  const last = {
    customer_id: record.customerId,
    site_version: record.siteVersion,
    last_exchange_at: record.at,
    last_status: record.status,
    last_lfr_id: record.lfrId,
    last_code: record.code,
  };
  await db
    .insertInto('site_links')
    .values({ site_guid: record.siteGuid, tenant: record.tenant, first_exchange_at: record.at, ...last })
    .onConflict((conflict) => conflict.columns(['site_guid', 'tenant']).doUpdateSet(last))
    .execute();
}
