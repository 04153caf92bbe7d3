import { AirlockError, type Outcome } from '@airlock/core';
import { refuse } from '@airlock/core/internal';
import type { DurableExtent, Ledger, LedgerCommit, LedgerHead, LedgerProblem, LedgerRecord, OpenedLedger } from '../ledger/ledger.ts';
import { applyEvent } from '../state/apply-event.ts';
import type { SiteEvent } from '../state/site-events.ts';
import { copyState, stateFromJson, stateToJson } from '../state/site-state-json.ts';
import { emptySiteState, type SiteState } from '../state/site-state.ts';

export interface JournalOptions {
  /** Save a checkpoint after this many durable records (and always at close). */
  readonly checkpointEvery?: number;
  /** Told when a checkpoint could not be saved (the site carries on: the ledger still has every record). */
  readonly onCheckpointError?: (error: unknown) => void;
}

export const DEFAULT_CHECKPOINT_EVERY = 10_000;

/**
 * Events after which a checkpoint is saved at once rather than after `checkpointEvery` records:
 * who the site's tenants, accounts and application keys are. A checkpoint is sealed on its own,
 * so a ledger damaged before it still knows them (`OpenedLedger.salvaged`); these events are rare.
 */
const SITE_CHANGES: ReadonlySet<string> = new Set([
  'tenant-created',
  'tenant-removed',
  'account-created',
  'account-disabled',
  'password-changed',
  'app-key-created',
  'app-key-revoked',
]);

/**
 * The site's state and its ledger, kept in step (event sourcing). The ledger must exist anyway
 * and be verified at every start; making it the one source of truth means no second store can
 * disagree with it, and one fdatasync per batch makes every kind of change durable.
 *
 * Two copies of the state are kept:
 * - `live`: every event applied the moment it is recorded. Decisions read it, synchronously,
 *   so two requests racing for the last seat see each other's assignment: the second is
 *   refused before the first's write has even reached the disk.
 * - `durable`: only events the ledger acknowledged. A ledger write that fails takes every
 *   unacknowledged event with it, so `live` falls back to a copy of `durable` — the undo — and
 *   the journal refuses every later write with `LEDGER_UNAVAILABLE` for as long as the ledger
 *   cannot be written (it tries again by itself: see `LedgerStorage`).
 * Checkpoints save `live` at the ledger's head, which the ledger writes once it is durable.
 */
export class SiteJournal {
  private liveState: SiteState;
  private durableState: SiteState;
  /** Acknowledged records waiting for an earlier one (appends may resolve out of order). */
  private readonly acknowledged = new Map<number, LedgerRecord<SiteEvent>>();
  private readonly pending = new Set<Promise<unknown>>();
  private checkpointedAt: number;
  private checkpointing: Promise<unknown> | null = null;
  /** A checkpoint is owed at the next chance (a site change was acknowledged while one could not be saved). */
  private checkpointDue = false;
  private readonly checkpointEvery: number;
  private closed = false;
  private readonly recordListeners: ((events: number, seconds: number) => void)[] = [];

  private constructor(
    private readonly ledger: Ledger<SiteEvent>,
    /** Why the ledger failed verification at start, or null. */
    readonly problem: LedgerProblem | null,
    state: SiteState,
    private readonly options: JournalOptions,
  ) {
    this.liveState = state;
    this.durableState = copyState(state);
    this.checkpointedAt = state.sequence;
    this.checkpointEvery = options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY;
  }

  /**
   * Rebuilds the state from an opened ledger: its newest checkpoint, then every record after it.
   *
   * @example
   * ```ts
   * const journal = SiteJournal.open(await openLedger<SiteEvent>(options));
   * ```
   */
  static open(opened: OpenedLedger<SiteEvent>, options: JournalOptions = {}): SiteJournal {
    // A broken chain: the state the newest checkpoint past the break saved, read only (see `OpenedLedger.salvaged`).
    const salvaged = opened.verification.ok ? null : (opened.salvaged ?? null);
    const checkpoint = salvaged ?? opened.checkpoint;
    const state = checkpoint ? stateFromJson(checkpoint.state) : emptySiteState();
    if (checkpoint && state.sequence !== checkpoint.head.sequence) {
      throw new Error(`the ledger checkpoint at ${checkpoint.head.sequence} holds the state at ${state.sequence}`);
    }
    for (const record of opened.tail) {
      if (record.sequence <= state.sequence) continue;
      applyEvent(state, record);
    }
    const problem = opened.verification.ok ? null : opened.verification.problem;
    const journal = new SiteJournal(opened.ledger, problem, state, options);
    // A ledger with records and no checkpoint (a new site, or one stopped by a crash): save one now.
    if (problem === null && opened.checkpoint === null && state.sequence > 0) {
      journal.checkpointedAt = 0;
      journal.checkpointDue = true;
      void journal.checkpointSoon(true);
    }
    return journal;
  }

  /** The state every decision reads: all events recorded so far, durable or about to be. */
  get live(): SiteState {
    return this.liveState;
  }

  head(): LedgerHead {
    return this.ledger.head();
  }

  /** Where the durable records end on disk (a backup copies up to it), or null for a ledger that is not files. */
  durableExtent(): DurableExtent | null {
    return this.ledger.durableExtent?.() ?? null;
  }

  /** The latest time stamped on any record (ms; 0 when empty). */
  latestAt(): number {
    return this.ledger.latestAt();
  }

  /** Whether events can be recorded: the ledger verified, and its disk takes writes (`LEDGER_UNAVAILABLE` with the cause otherwise). */
  writable(): Outcome {
    if (this.problem) return refuse(this.problem.code, this.problem.detail);
    if (this.closed) return refuse('LEDGER_UNAVAILABLE', {});
    const storage = this.ledger.storage();
    if (!storage.writable) return refuse('LEDGER_UNAVAILABLE', { cause: storage.cause, since: storage.since });
    return { ok: true, value: undefined };
  }

  /** Whether the ledger's disk takes writes now (see `LedgerStorage`). */
  storage() {
    return this.ledger.storage();
  }

  /**
   * What the site's metrics read: `onRecorded` after each `record` that reached the disk (how
   * many events, and the seconds from the call to their acknowledgement), `onCommit` after each
   * group commit of the ledger (records, bytes and the seconds of write and fdatasync).
   */
  observe(observer: { readonly onRecorded: (events: number, seconds: number) => void; readonly onCommit: (commit: LedgerCommit) => void }): void {
    this.recordListeners.push(observer.onRecorded);
    this.ledger.observeCommits?.(observer.onCommit);
  }

  /**
   * Records events: applies them to `live` at once (synchronously: the caller decided on
   * `live` in the same tick, so nothing came in between), appends them to the ledger, and
   * resolves with their records once they are on disk. Rejects with `LEDGER_UNAVAILABLE` when
   * the write fails; `live` is then back to what is durable.
   */
  record(events: readonly SiteEvent[]): Promise<readonly LedgerRecord<SiteEvent>[]> {
    const writable = this.writable();
    if (!writable.ok) return Promise.reject(new AirlockError(writable.code, writable.detail));
    const first = this.ledger.headSequence() + 1;
    const started = this.recordListeners.length === 0 ? null : performance.now();
    let appended: Promise<readonly LedgerRecord<SiteEvent>[]>;
    try {
      appended = this.ledger.append(events);
    } catch (error) {
      appended = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const at = this.ledger.latestAt();
    events.forEach((event, index) => applyEvent(this.liveState, { sequence: first + index, at, event }));
    const done = appended.then(
      (records) => {
        this.acknowledge(records);
        if (started !== null) for (const listener of this.recordListeners) listener(records.length, (performance.now() - started) / 1000);
        return records;
      },
      (error: unknown) => {
        this.undo();
        throw new AirlockError('LEDGER_UNAVAILABLE', {}, { cause: error });
      },
    );
    this.track(done);
    return done;
  }

  /**
   * Resolves when every event recorded so far is on disk (at once when nothing is under way);
   * rejects with `LEDGER_UNAVAILABLE` when one of them failed. An answer that reads the live
   * state for something another request recorded waits for this before it acknowledges it.
   */
  async durable(): Promise<void> {
    const target = this.liveState.sequence;
    while (this.durableState.sequence < target && this.pending.size > 0) {
      await Promise.all([...this.pending]);
    }
    // Short of the target only when a write failed meanwhile: what the caller read was undone.
    if (this.durableState.sequence < target) throw new AirlockError('LEDGER_UNAVAILABLE', {});
  }

  private acknowledge(records: readonly LedgerRecord<SiteEvent>[]): void {
    for (const record of records) this.acknowledged.set(record.sequence, record);
    let next = this.acknowledged.get(this.durableState.sequence + 1);
    while (next) {
      this.acknowledged.delete(next.sequence);
      applyEvent(this.durableState, next);
      next = this.acknowledged.get(this.durableState.sequence + 1);
    }
    if (records.some((record) => SITE_CHANGES.has(record.event.t))) this.checkpointDue = true;
    void this.checkpointSoon(this.checkpointDue);
  }

  private undo(): void {
    this.acknowledged.clear();
    this.liveState = copyState(this.durableState);
  }

  private track(promise: Promise<unknown>): void {
    const settled = promise.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
  }

  /**
   * Starts saving a checkpoint of the live state when enough records were acknowledged since
   * the last one. The ledger labels a checkpoint with its head at the call — every record
   * appended so far, which `live` holds by construction — and writes it once that head is
   * durable, so a write that fails takes the checkpoint with it.
   */
  private checkpointSoon(force = false): Promise<unknown> | null {
    const state = this.liveState;
    if (this.checkpointing || state.sequence === this.checkpointedAt) return this.checkpointing;
    if (!force && this.durableState.sequence - this.checkpointedAt < this.checkpointEvery) return null;
    const sequence = state.sequence;
    if (sequence !== this.ledger.headSequence()) return null;
    if (force) this.checkpointDue = false;
    this.checkpointing = this.ledger
      .checkpoint(stateToJson(state))
      .then((head) => {
        if (head.sequence !== sequence) throw new Error(`the ledger saved the checkpoint of ${sequence} at ${head.sequence}`);
        this.checkpointedAt = sequence;
      })
      .catch((error: unknown) => this.options.onCheckpointError?.(error))
      .finally(() => {
        this.checkpointing = null;
        // Owed since this one began (a site change acknowledged meanwhile): save it now, if nothing else is under way.
        if (this.checkpointDue && !this.closed) void this.checkpointSoon(true);
      });
    return this.checkpointing;
  }

  /** Waits for every write under way, saves a checkpoint when the ledger is sound, and closes it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    await this.checkpointing;
    if (this.problem === null && this.ledger.storage().writable) await this.checkpointSoon(true);
    await this.ledger.close();
  }
}
