import { AirlockError, type LedgerRestore } from '@airlock/core';
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../http/audit.ts';
import type { Actor } from '../../http/audit.ts';
import type { LedgerPosition, ReportedLedgerPosition } from '../offline-licenses/ledger-positions.ts';

export type RebaselineStatus = 'pending' | 'accepted' | 'refused';

/** Migration 0010's table. */
interface SiteRebaselineTable {
  lfr_id: string;
  site_guid: string;
  tenant: string;
  reached_sequence: number;
  reached_head: string;
  restored_sequence: number;
  restored_head: string;
  reported_sequence: number;
  reported_head: string;
  recorded_sequence: number | null;
  recorded_head: string | null;
  status: RebaselineStatus;
  received_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  note: string | null;
}

type Queryable = Kysely<Database>;
const withRebaselines = (db: Queryable) => db.withTables<{ site_rebaselines: SiteRebaselineTable; ledger_positions: LedgerPositionRow }>();

interface LedgerPositionRow {
  site_guid: string;
  tenant: string;
  sequence: number;
  head: string;
  lfr_id: string;
  reported_at: Date;
}

/** A re-baseline as the vendor sees it: what the site says it lost, and what the authority had recorded. */
export interface SiteRebaseline {
  readonly lfrId: string;
  readonly siteGuid: string;
  readonly tenant: string;
  readonly status: RebaselineStatus;
  /** The head the site's ledger once reached (its witness), and the head the backup put back. */
  readonly reached: { readonly sequence: number; readonly head: string };
  readonly restored: { readonly sequence: number; readonly head: string };
  /** Records the restore lost: `reached.sequence - restored.sequence`. */
  readonly lost: number;
  /** Where the LFR's own ledger stands (past the restored head). */
  readonly reported: { readonly sequence: number; readonly head: string };
  /** The highest position the authority had recorded for the site tenant when the LFR came, or null. */
  readonly recorded: { readonly sequence: number; readonly head: string } | null;
  readonly receivedAt: string;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
  readonly note: string | null;
}

/**
 * Records an uploaded LFR that states a ledger restore as a pending re-baseline of its site
 * tenant, inside the upload's transaction, with the position the authority had recorded.
 */
export async function recordPendingRebaseline(
  trx: Transaction<Database>,
  lfr: { readonly id: string; readonly siteGuid: string; readonly tenant: string; readonly ledger: LedgerPosition; readonly restore: LedgerRestore },
  recorded: ReportedLedgerPosition | undefined,
  at: Date,
): Promise<void> {
  await withRebaselines(trx)
    .insertInto('site_rebaselines')
    .values({
      lfr_id: lfr.id,
      site_guid: lfr.siteGuid,
      tenant: lfr.tenant,
      reached_sequence: lfr.restore.reached.sequence,
      reached_head: lfr.restore.reached.head,
      restored_sequence: lfr.restore.restored.sequence,
      restored_head: lfr.restore.restored.head,
      reported_sequence: lfr.ledger.sequence,
      reported_head: lfr.ledger.head,
      recorded_sequence: recorded?.sequence ?? null,
      recorded_head: recorded?.head ?? null,
      status: 'pending',
      received_at: at,
    })
    .onConflict((conflict) => conflict.column('lfr_id').doNothing())
    .execute();
}

/** The re-baselines of a site, newest first (NOT_FOUND for a site the authority does not know). */
export async function listSiteRebaselines(db: Db, siteGuid: string): Promise<SiteRebaseline[]> {
  const guid = siteGuid.toLowerCase();
  const site = await db.selectFrom('sites').select('guid').where('guid', '=', guid).executeTakeFirst();
  if (!site) throw new AirlockError('NOT_FOUND', { site: siteGuid });
  const rows = await withRebaselines(db)
    .selectFrom('site_rebaselines')
    .selectAll()
    .where('site_guid', '=', guid)
    .orderBy('received_at', 'desc')
    .orderBy('lfr_id')
    .execute();
  return rows.map(viewOf);
}

/**
 * The vendor's decision on a pending re-baseline, in one transaction with its audit event
 * (`site.rebaseline-accept` or `site.rebaseline-refuse`, naming who, the heads and the records
 * lost). Accepting resets the site tenant's recorded ledger position to the LFR's own (behind
 * what was recorded, when the restore went back past an earlier LFR), so that LFR's OLF can be
 * issued and the site's next LFRs follow from there. NOT_FOUND for an unknown LFR or site;
 * CONFLICT when it was decided already.
 */
export async function decideRebaseline(
  db: Db,
  input: { readonly siteGuid: string; readonly lfrId: string; readonly decision: 'accept' | 'refuse'; readonly note?: string | undefined },
  by: Actor,
): Promise<SiteRebaseline> {
  const guid = input.siteGuid.toLowerCase();
  return db.transaction().execute(async (trx) => {
    const row = await withRebaselines(trx)
      .selectFrom('site_rebaselines')
      .selectAll()
      .where('lfr_id', '=', input.lfrId)
      .where('site_guid', '=', guid)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new AirlockError('NOT_FOUND', { site: input.siteGuid, lfr: input.lfrId });
    if (row.status !== 'pending')
      throw new AirlockError('CONFLICT', { lfrId: input.lfrId, reason: `the re-baseline was ${row.status} already`, status: row.status });
    const status: RebaselineStatus = input.decision === 'accept' ? 'accepted' : 'refused';
    const decided = await withRebaselines(trx)
      .updateTable('site_rebaselines')
      .set({ status, decided_at: by.now, decided_by: by.actor, note: input.note ?? null })
      .where('lfr_id', '=', row.lfr_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const before = await withRebaselines(trx)
      .selectFrom('ledger_positions')
      .select(['sequence', 'head', 'lfr_id'])
      .where('site_guid', '=', guid)
      .where('tenant', '=', row.tenant)
      .executeTakeFirst();
    if (status === 'accepted') {
      await withRebaselines(trx)
        .insertInto('ledger_positions')
        .values({ site_guid: guid, tenant: row.tenant, sequence: row.reported_sequence, head: row.reported_head, lfr_id: row.lfr_id, reported_at: by.now })
        .onConflict((conflict) =>
          conflict
            .columns(['site_guid', 'tenant'])
            .doUpdateSet({ sequence: row.reported_sequence, head: row.reported_head, lfr_id: row.lfr_id, reported_at: by.now }),
        )
        .execute();
    }
    const view = viewOf(decided);
    await recordAudit(trx, {
      ...by,
      action: status === 'accepted' ? 'site.rebaseline-accept' : 'site.rebaseline-refuse',
      objectType: 'site',
      objectId: guid,
      before: { ledgerPosition: before ? { sequence: Number(before.sequence), head: before.head, lfrId: before.lfr_id } : null },
      after: {
        lfrId: view.lfrId,
        tenant: view.tenant,
        reached: view.reached,
        restored: view.restored,
        lost: view.lost,
        note: view.note,
        ledgerPosition: status === 'accepted' ? { ...view.reported, lfrId: view.lfrId } : null,
      },
      at: by.now,
    });
    return view;
  });
}

function viewOf(row: SiteRebaselineTable): SiteRebaseline {
  const reached = { sequence: Number(row.reached_sequence), head: row.reached_head };
  const restored = { sequence: Number(row.restored_sequence), head: row.restored_head };
  return {
    lfrId: row.lfr_id,
    siteGuid: row.site_guid,
    tenant: row.tenant,
    status: row.status,
    reached,
    restored,
    lost: reached.sequence - restored.sequence,
    reported: { sequence: Number(row.reported_sequence), head: row.reported_head },
    recorded: row.recorded_sequence === null || row.recorded_head === null ? null : { sequence: Number(row.recorded_sequence), head: row.recorded_head },
    receivedAt: row.received_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    decidedBy: row.decided_by,
    note: row.note,
  };
}
