import { type Outcome } from '@airlock/core';
import { accept, refuse } from '@airlock/core/internal';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { SiteTenant } from './offline-license-queries.ts';

/** A place in a site tenant's hash-chained usage ledger, as an LFR reports it (`usage.ledger`). */
export interface LedgerPosition {
  /** How many records the ledger holds. */
  readonly sequence: number;
  /** The SHA-256 head of the chain after them (64 hex). */
  readonly head: string;
}

/** The highest position a site tenant reported, and the LFR that first reported it. */
export interface ReportedLedgerPosition extends LedgerPosition {
  readonly lfrId: string;
}

/** Migration 0006's table: one row per (site, tenant), the highest ledger position reported. */
interface LedgerPositionTable {
  site_guid: string;
  tenant: string;
  sequence: number;
  head: string;
  lfr_id: string;
  reported_at: Date;
}

type Queryable = Kysely<Database>;
const withLedgerPositions = (db: Queryable) => db.withTables<{ ledger_positions: LedgerPositionTable }>();

/**
 * Decides whether an LFR's ledger position can follow the highest one its site tenant reported
 * before (docs/design.md, F3: the chain head travels in each LFR so the authority detects rollback too). A
 * site's ledger only grows, so an LFR reporting fewer records than an earlier LFR, or another head
 * at the same count, was made from an older copy of the site's data: LEDGER_ROLLED_BACK. The same
 * position with the same head is a site that recorded nothing since (a regenerated LFR).
 *
 * @example
 * ```ts
 * checkLedgerPosition({ sequence: 3, head }, { sequence: 5, head: other, lfrId: 'lfr-1' });
 * // { ok: false, code: 'LEDGER_ROLLED_BACK', detail: { sequence: 3, head, highestSequence: 5, ... } }
 * ```
 */
export function checkLedgerPosition(reported: LedgerPosition, highest: ReportedLedgerPosition | undefined): Outcome {
  if (highest === undefined) return accept();
  const behind = reported.sequence < highest.sequence;
  const forked = reported.sequence === highest.sequence && reported.head !== highest.head;
  if (!behind && !forked) return accept();
  return refuse('LEDGER_ROLLED_BACK', {
    sequence: reported.sequence,
    head: reported.head,
    highestSequence: highest.sequence,
    highestHead: highest.head,
    reportedByLfrId: highest.lfrId,
  });
}

/**
 * Remembers the position an accepted LFR reported when it is past the highest one: the upload's
 * transaction holds the site's row lock, so positions of one site move one upload at a time.
 */
export async function recordLedgerPosition(
  db: Queryable,
  at: SiteTenant,
  reported: LedgerPosition & { readonly lfrId: string; readonly at: Date },
): Promise<void> {
  await withLedgerPositions(db)
    .insertInto('ledger_positions')
    .values({ site_guid: at.siteGuid, tenant: at.tenant, sequence: reported.sequence, head: reported.head, lfr_id: reported.lfrId, reported_at: reported.at })
    .onConflict((conflict) =>
      conflict
        .columns(['site_guid', 'tenant'])
        .doUpdateSet((eb) => ({
          sequence: eb.ref('excluded.sequence'),
          head: eb.ref('excluded.head'),
          lfr_id: eb.ref('excluded.lfr_id'),
          reported_at: eb.ref('excluded.reported_at'),
        }))
        .where('ledger_positions.sequence', '<', reported.sequence),
    )
    .execute();
}
