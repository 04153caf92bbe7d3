import type { LedgerRestoreGap } from '../ledger/ledger.ts';
import type { SiteJournal } from './site-journal.ts';

/**
 * Records, first thing after a start on a restored ledger, what the restore lost: the head the
 * witness remembers and the head put back, for every tenant the backup holds. From then on the
 * gap lives in the hash-chained ledger (and each tenant's next LFR states it), so the witness
 * may follow the ledger again. A start that finds the gap already recorded (a crash before the
 * witness moved on) records nothing. Resolves to whether it recorded the gap.
 *
 * @example
 * ```ts
 * if (opened.restore) await recordLedgerRestore(journal, opened.restore);
 * ```
 */
export async function recordLedgerRestore(journal: SiteJournal, gap: LedgerRestoreGap): Promise<boolean> {
  const reached = { sequence: gap.reached.sequence, head: gap.reached.hash };
  const restored = { sequence: gap.restored.sequence, head: gap.restored.hash };
  const tenants = [...journal.live.tenants.values()];
  const known = tenants.some((tenant) => tenant.restore?.reached.sequence === reached.sequence && tenant.restore.reached.head === reached.head);
  if (known) return false;
  await journal.record([{ t: 'ledger-restored', reached, restored, tenants: tenants.map((tenant) => tenant.id) }]);
  return true;
}
