import type { LfrCycleState } from '@airlock/core';
import type { StoredCycle } from './site-events.ts';

/** A cycle state as the ledger keeps it (instants as ms). */
export function storeCycle(cycle: LfrCycleState): StoredCycle {
  const open = cycle.open;
  return {
    cycle: cycle.cycle,
    open: open
      ? { firstLfrAt: open.firstLfrAt.getTime(), latestLfrAt: open.latestLfrAt.getTime(), latestLfrId: open.latestLfrId, sequence: open.sequence }
      : null,
    lockedSince: cycle.lockedSince?.getTime() ?? null,
  };
}

/** The cycle state the core's rules read, from its stored form. */
export function loadCycle(stored: StoredCycle): LfrCycleState {
  const open = stored.open;
  return {
    cycle: stored.cycle,
    open: open
      ? { firstLfrAt: new Date(open.firstLfrAt), latestLfrAt: new Date(open.latestLfrAt), latestLfrId: open.latestLfrId, sequence: open.sequence }
      : null,
    lockedSince: stored.lockedSince === null ? null : new Date(stored.lockedSince),
  };
}
