import type { SiteEvent } from './site-events.ts';

/** One line of a tenant's usage audit: the ledger record it comes from. */
export interface HistoryEntry {
  readonly sequence: number;
  readonly at: number;
  readonly event: SiteEvent;
}
