/**
 * The site's ledger (docs/design.md, F3): every license event and every consumption, appended to an
 * encrypted, hash-chained log on disk. The site's state is rebuilt from it at start (from the
 * newest checkpoint on), so the ledger is the site's one source of truth; it is verified at
 * start and on demand, and its head travels in every LFR.
 *
 * The ledger does not interpret events: the site appends JSON values and reads them back.
 */

import type { OpenFile } from './ledger-files.ts';

/** One record: its position (from 1), when it was appended (ms since the epoch, site clock) and the event. */
export interface LedgerRecord<E = unknown> {
  readonly sequence: number;
  readonly at: number;
  readonly event: E;
}

/** Where the chain ends: the last record's sequence (0 for an empty ledger) and the chain hash there (64 hex digits). */
export interface LedgerHead {
  readonly sequence: number;
  readonly hash: string;
}

/** Why a ledger cannot be trusted. Each maps to an error code of the registry. */
export type LedgerProblem =
  /** A record or checkpoint was edited, deleted, reordered, or does not decrypt with the site's key. */
  | { readonly code: 'LEDGER_TAMPERED'; readonly detail: { readonly sequence: number; readonly reason: string } }
  /** The ledger is behind (or forks from) what the witness kept outside the data directory saw: an older copy was put back. */
  | {
      readonly code: 'LEDGER_ROLLED_BACK';
      readonly detail: { readonly witnessed: LedgerHead; readonly found: LedgerHead };
    };

export type LedgerVerification =
  | { readonly ok: true; readonly head: LedgerHead; readonly records: number; readonly latestAt: number }
  | { readonly ok: false; readonly problem: LedgerProblem };

export interface LedgerOptions {
  /** The ledger's own directory, inside the site's data directory. */
  readonly directory: string;
  /** 32 bytes: encrypts and authenticates every block, checkpoint and the witness. */
  readonly key: Uint8Array;
  /**
   * A small file kept outside the data directory that remembers the newest head the ledger
   * reached, so that putting back an older copy of the whole data directory is seen. Null to
   * run without one (tests of other parts, tools that only read).
   */
  readonly witnessFile: string | null;
  /** The site's clock: stamps each record. */
  readonly now: () => Date;
  /**
   * The head a deliberate restore put back (`airlock site restore`, docs/formats.md "Site
   * backup"), or absent. A ledger behind its witness that still descends from this head opens
   * as sound, with the gap in `OpenedLedger.restore`, instead of failing with LEDGER_ROLLED_BACK;
   * the witness is left at the head it remembers until the next commit, so the site records the
   * gap in the ledger before the witness forgets it.
   */
  readonly restoredHead?: LedgerHead | null;
  /** Group commit: the longest an append waits for others to share its fsync (default a few ms). */
  readonly maxBatchDelayMs?: number;
  /** A new segment file starts when a block would take the current one past this size (default 64 MiB). */
  readonly segmentBytes?: number;
  /** Told when the ledger can no longer be written (and why), and when it can again. */
  readonly onStorageChange?: (storage: LedgerStorage) => void;
  /** After a failed write, how long before the first attempt to write again, and the longest between two (ms; default 500 and 30 000). */
  readonly storageRetry?: { readonly firstMs: number; readonly maxMs: number };
  /** Tests only: how segment files are opened (a file system that fails on demand). */
  readonly openFile?: OpenFile;
}

/**
 * Whether the ledger can be written. A write that fails (a full disk: ENOSPC; a failing one:
 * EIO) makes it unwritable: the records of that commit and every one pending are refused (never
 * acknowledged), and the ledger tries again by itself, with a growing pause, until a repair of
 * the segment and a trial write succeed.
 */
export interface LedgerStorage {
  readonly writable: boolean;
  /** When the first write failed (ISO 8601), null while writable. */
  readonly since: string | null;
  /** The error code of the latest failure (`ENOSPC`, `EIO`, …), null while writable. */
  readonly cause: string | null;
  /** Its message. */
  readonly message: string | null;
}

/** The ledger as opened: verified, with what the site needs to rebuild its state. */
export interface OpenedLedger<E> {
  readonly ledger: Ledger<E>;
  /** The start-up verification. When it failed, `ledger` still reads, but refuses to append. */
  readonly verification: LedgerVerification;
  /** The newest checkpoint that verifies, or null: the site's state as of `head`. */
  readonly checkpoint: { readonly state: unknown; readonly head: LedgerHead } | null;
  /** Every record after the checkpoint (all records when there is none), in order. */
  readonly tail: readonly LedgerRecord<E>[];
  /**
   * Only when the chain is broken (a block edited, cut or missing): the newest checkpoint
   * sealed under the site's key that lies past the break, else null. Blocks are chained (each
   * one's seal covers the chain hash before it), so nothing after a damaged block can be
   * opened; this checkpoint is what the site had reached, kept so that a damaged ledger still
   * knows its tenants, accounts and application keys and can say, for each, that it is
   * tampered. It is never trusted for writing: the ledger refuses every append.
   */
  readonly salvaged?: { readonly state: unknown; readonly head: LedgerHead } | null;
  /** A declared restore the witness confirms: the head the ledger once `reached` and the head it was `restored` to; null otherwise. */
  readonly restore: LedgerRestoreGap | null;
}

/** The end of the durable records on disk: the last segment's number, its length there, and the head. */
export interface DurableExtent {
  readonly segment: number;
  readonly length: number;
  readonly head: LedgerHead;
}

/** What a restore from a backup lost: the records after `restored` up to `reached`. */
export interface LedgerRestoreGap {
  readonly reached: LedgerHead;
  readonly restored: LedgerHead;
}

export interface Ledger<E> {
  /** The head including records appended but not yet durable. */
  head(): LedgerHead;
  /** The sequence of `head()` without computing its hash: what the next record's sequence follows. */
  headSequence(): number;
  /** The head of what is on disk and acknowledged. */
  durableHead(): LedgerHead;
  /**
   * Where what is durable ends on disk, taken at once: segments up to `segment` (that one up to
   * `length` bytes) hold every record up to `head`, and never change below that point. A backup
   * of a running site copies up to it (absent on ledgers that are not files).
   */
  durableExtent?(): DurableExtent;
  /** The latest `at` of any record (0 when empty): the site's clock-rollback reference. */
  latestAt(): number;
  /**
   * Appends events in order. Sequence numbers and times are assigned at once (synchronously,
   * in call order), and the promise resolves when the records are on disk (fdatasync),
   * shared with every append of the same batch. Rejects with LEDGER_TAMPERED when the ledger
   * failed verification, and with the I/O error when the write failed (the records are then
   * not acknowledged, and the ledger refuses further appends until it could write again: see
   * `storage()`).
   */
  append(events: readonly E[]): Promise<readonly LedgerRecord<E>[]>;
  /** Re-reads and verifies everything on disk (blocks, chain, checkpoints, witness). */
  verify(): Promise<LedgerVerification>;
  /**
   * Saves `state` as the site's state at the current durable head, so a restart replays only what follows.
   * Records appended before the call are made durable first, so that head is head() as of the call.
   */
  checkpoint(state: unknown): Promise<LedgerHead>;
  /** Whether the ledger can be written now (see `LedgerStorage`). */
  storage(): LedgerStorage;
  /** Flushes what is pending and closes the files. */
  close(): Promise<void>;
  /**
   * Calls `listener` after each group commit that reached the disk: how many records and bytes
   * it wrote, and how long the write and its fdatasync took (the site's metrics read this).
   * Absent on ledgers that are not files.
   */
  observeCommits?(listener: (commit: LedgerCommit) => void): void;
}

/** One group commit as `observeCommits` reports it. */
export interface LedgerCommit {
  readonly records: number;
  readonly bytes: number;
  readonly seconds: number;
}
