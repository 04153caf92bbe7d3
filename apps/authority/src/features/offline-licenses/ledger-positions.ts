import { type Outcome } from '@airlock/core';
import { accept, refuse } from '@airlock/core/internal';
import { sql } from 'kysely';
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
 * A common table expression `ledger` for the statement that stores the LFR: it moves the
 * position only when that statement stored the LFR (its `stored` expression answers the id).
 * `ledger_positions` (migration 0006) keeps one row per (site, tenant): the highest position
 * reported, and the LFR that reported it first.
 */
export function recordLedgerPositionCte(at: SiteTenant, reported: LedgerPosition & { readonly at: Date }) {
  return sql`ledger as (
      insert into ledger_positions (site_guid, tenant, sequence, head, lfr_id, reported_at)
      select ${at.siteGuid}, ${at.tenant}, ${reported.sequence}::bigint, ${reported.head}, stored.id, ${reported.at}::timestamptz from stored
      on conflict (site_guid, tenant) do update
        set sequence = excluded.sequence, head = excluded.head, lfr_id = excluded.lfr_id, reported_at = excluded.reported_at
        where ledger_positions.sequence < excluded.sequence
    )`;
}
