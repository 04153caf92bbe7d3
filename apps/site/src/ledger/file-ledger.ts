import { randomBytes, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { AirlockError } from '@airlock/core';
import { MAX_CHECKPOINT_BYTES, sealCheckpoint } from './checkpoint-file.ts';
import type { Ledger, LedgerCommit, LedgerHead, LedgerProblem, LedgerRecord, LedgerStorage, LedgerVerification } from './ledger.ts';
import { inDirectory, listLedgerDirectory, removeIfPresent, replaceFile, type OpenFile } from './ledger-files.ts';
import { checkpointName, encodeRecord, MAX_BLOCK_PLAINTEXT_BYTES, MAX_EVENT_BYTES, NONCE_BYTES, type LedgerKeys } from './ledger-format.ts';
import { readLedger, type DurableSnapshot } from './read-ledger.ts';
import type { SegmentWriter } from './segment-writer.ts';
import type { WitnessWriter } from './witness-writer.ts';

/** Checkpoints kept: the newest, and the one before in case the newest cannot be read. */
const KEEP_CHECKPOINTS = 2;
const DEFAULT_MAX_BATCH_DELAY_MS = 2;
const DEFAULT_STORAGE_RETRY = { firstMs: 500, maxMs: 30_000 };
/** What a trial write after a failure writes (and fdatasyncs, then removes): a few blocks' worth of a small commit. */
const PROBE_BYTES = 64 * 1024;
const PROBE_NAME = 'storage-probe.tmp';
const WRITABLE: LedgerStorage = { writable: true, since: null, cause: null, message: null };

export interface FileLedgerParts {
  readonly directory: string;
  readonly keys: LedgerKeys;
  readonly witnessFile: string | null;
  readonly now: () => Date;
  readonly maxBatchDelayMs: number | undefined;
  /** Null when the ledger failed verification at open: it then only reads. */
  readonly writer: SegmentWriter | null;
  readonly witness: WitnessWriter | null;
  /** The head a declared restore put back, while the witness still remembers the head before it. */
  readonly restoredHead: LedgerHead | null;
  readonly problem: LedgerProblem | null;
  /** The verified head at open, the chain positioned there, and the latest record time. */
  readonly head: LedgerHead;
  readonly chain: Hash;
  readonly latestAt: number;
  readonly release: () => Promise<void>;
  readonly onStorageChange: ((storage: LedgerStorage) => void) | undefined;
  readonly storageRetry: { readonly firstMs: number; readonly maxMs: number } | undefined;
  readonly openFile: OpenFile | undefined;
}

/** Who waits for `sequence` to be durable, and the value it then receives. */
interface Waiter {
  readonly sequence: number;
  readonly value: unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The ledger as the site uses it. Appends are encoded, numbered and chained at once; a group
 * commit then writes every record pending into one block (up to the block size) and
 * fdatasyncs it, and each append resolves when a commit covers its last record. Records that
 * arrive while a commit runs wait for the next one, so under load one fdatasync serves many.
 */
export class FileLedger<E> implements Ledger<E> {
  private sequence: number;
  private latest: number;
  private durable: LedgerHead;
  private durableEnd: DurableSnapshot;
  /** The chain through every record appended, so that head() costs the same however much is pending. */
  private assigned: Hash;
  /** The chain through every record handed to the writer, and where that is. */
  private formed: Hash;
  /** The chain through every durable record: where a failed write rolls the others back to. */
  private durableChain: Hash;
  private formedHash: Buffer;
  private formedSequence: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly waiters: Waiter[] = [];
  private cachedHead: LedgerHead | null = null;
  private refusal: Error | null;
  /** Since a write failed and until a trial write succeeds: every append is refused (see `LedgerStorage`). */
  private writeFailure: { readonly error: Error; readonly since: string; readonly cause: string } | null = null;
  private retryDelay: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private retrying: Promise<void> | null = null;
  private scheduled = false;
  private draining = false;
  private checkpoints: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | null = null;
  private readonly maxBatchDelayMs: number;
  private readonly commitListeners: ((commit: LedgerCommit) => void)[] = [];

  constructor(private readonly parts: FileLedgerParts) {
    this.sequence = this.formedSequence = parts.head.sequence;
    this.durable = parts.head;
    this.durableEnd = { segment: parts.writer?.number ?? 0, length: parts.writer?.length ?? 0, head: parts.head };
    this.latest = parts.latestAt;
    this.formed = parts.chain;
    this.assigned = parts.chain.copy();
    this.durableChain = parts.chain.copy();
    this.formedHash = Buffer.from(parts.head.hash, 'hex');
    this.refusal = parts.problem ? refusalOf(parts.problem) : parts.writer ? null : new Error('The ledger is open for reading only.');
    this.maxBatchDelayMs = parts.maxBatchDelayMs ?? DEFAULT_MAX_BATCH_DELAY_MS;
    this.retryDelay = this.retryPolicy().firstMs;
  }

  observeCommits(listener: (commit: LedgerCommit) => void): void {
    this.commitListeners.push(listener);
  }

  storage(): LedgerStorage {
    const failure = this.writeFailure;
    return failure ? { writable: false, since: failure.since, cause: failure.cause, message: failure.error.message } : WRITABLE;
  }

  head(): LedgerHead {
    if (this.writeFailure) return this.durable;
    if (this.cachedHead === null) {
      const hash = this.pending.length === 0 ? this.formedHash : this.assigned.copy().digest();
      this.cachedHead = { sequence: this.sequence, hash: hash.toString('hex') };
    }
    return this.cachedHead;
  }

  headSequence(): number {
    return this.writeFailure ? this.durable.sequence : this.sequence;
  }

  durableHead(): LedgerHead {
    return this.durable;
  }

  durableExtent(): DurableSnapshot {
    return this.durableEnd;
  }

  latestAt(): number {
    return this.latest;
  }

  append(events: readonly E[]): Promise<readonly LedgerRecord<E>[]> {
    if (this.refusal) return Promise.reject(this.refusal);
    if (this.writeFailure) return Promise.reject(this.writeFailure.error);
    const at = this.parts.now().getTime();
    if (!Number.isSafeInteger(at)) return Promise.reject(new RangeError('The site clock gave no valid time.'));
    const encoded: { json: string; bytes: number }[] = [];
    for (const event of events) {
      const json = toJson(event);
      if (json === undefined) return Promise.reject(new TypeError('A ledger event must be a JSON value.'));
      const bytes = Buffer.byteLength(json, 'utf8');
      if (bytes > MAX_EVENT_BYTES) return Promise.reject(new RangeError(`A ledger event is at most ${MAX_EVENT_BYTES} bytes of JSON; this one is ${bytes}.`));
      encoded.push({ json, bytes });
    }
    if (events.length === 0) return Promise.resolve([]);
    // A plain loop and no closure per record: this is the hot path of every consumption.
    const records: LedgerRecord<E>[] = [];
    for (let index = 0; index < encoded.length; index++) {
      const { json, bytes } = encoded[index]!;
      const record = encodeRecord(++this.sequence, at, json, bytes);
      this.pending.push(record);
      this.assigned.update(record);
      this.pendingBytes += record.length;
      records.push({ sequence: this.sequence, at, event: events[index]! });
    }
    if (at > this.latest) this.latest = at;
    this.cachedHead = null;
    return this.whenDurable(this.sequence, records);
  }

  async verify(): Promise<LedgerVerification> {
    if (this.closing) throw new Error('The ledger is closed.');
    const { directory, keys, witnessFile, writer } = this.parts;
    // A ledger that failed at open has no writer: nothing moves under it, so it is read whole.
    const reading = await readLedger({
      directory,
      keys,
      witnessFile,
      decode: false,
      restoredHead: this.parts.restoredHead,
      ...(writer ? { durable: () => this.durableEnd } : {}),
    });
    if (!reading.verification.ok) this.refusal ??= refusalOf(reading.verification.problem);
    return reading.verification;
  }

  checkpoint(state: unknown): Promise<LedgerHead> {
    if (this.refusal) return Promise.reject(this.refusal);
    if (this.writeFailure) return Promise.reject(this.writeFailure.error);
    const json = toJson(state);
    if (json === undefined) return Promise.reject(new TypeError('A checkpoint state must be a JSON value.'));
    const target = this.head();
    const written = this.checkpoints.then(() => this.writeCheckpoint(target, json));
    this.checkpoints = written.catch(() => undefined);
    return written;
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    const flushed = this.whenDurable(this.sequence).catch(() => undefined);
    this.refusal = new Error('The ledger is closed.');
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    try {
      await this.retrying;
      await flushed;
      await this.checkpoints;
      await this.parts.witness?.close(this.durable);
    } finally {
      await this.parts.writer?.close();
      await this.parts.release();
    }
  }

  private async writeCheckpoint(target: LedgerHead, json: string): Promise<LedgerHead> {
    await this.whenDurable(target.sequence);
    // Written before a failure rolled the head back: the records it covers never became durable.
    if (target.sequence > this.durable.sequence) throw this.writeFailure?.error ?? new Error('The checkpoint is past the durable head.');
    const file = sealCheckpoint(this.parts.keys.checkpoint, randomBytes(NONCE_BYTES), target.sequence, Buffer.from(target.hash, 'hex'), json);
    if (file.length > MAX_CHECKPOINT_BYTES) throw new RangeError(`A checkpoint is at most ${MAX_CHECKPOINT_BYTES} bytes; this one is ${file.length}.`);
    const { directory } = this.parts;
    await replaceFile(inDirectory(directory, checkpointName(target.sequence)), file, true);
    const { checkpoints } = await listLedgerDirectory(directory);
    for (const sequence of checkpoints.slice(0, -KEEP_CHECKPOINTS)) await removeIfPresent(inDirectory(directory, checkpointName(sequence)));
    return target;
  }

  /** Resolves to `value` once every record up to `sequence` is durable. */
  private whenDurable<T = undefined>(sequence: number, value?: T): Promise<T> {
    if (sequence <= this.durable.sequence) return Promise.resolve(value as T);
    if (this.writeFailure) return Promise.reject(this.writeFailure.error);
    return new Promise<T>((resolve, reject) => {
      this.waiters.push({ sequence, value, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Starts a commit after the batch delay, at once when a block's worth is pending; never while one runs. */
  private schedule(): void {
    if (this.scheduled || this.draining) return;
    this.scheduled = true;
    const start = () => void this.drain();
    if (this.maxBatchDelayMs <= 0 || this.pendingBytes >= MAX_BLOCK_PLAINTEXT_BYTES) setImmediate(start);
    else setTimeout(start, this.maxBatchDelayMs);
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    const writer = this.parts.writer;
    if (writer === null || this.writeFailure) return;
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.takeBatch();
        const started = performance.now();
        await writer.write(batch.first, batch.count, batch.previousHash, batch.plaintext);
        const commit: LedgerCommit = { records: batch.count, bytes: batch.plaintext.length, seconds: (performance.now() - started) / 1000 };
        this.durable = { sequence: batch.first + batch.count - 1, hash: batch.hash.toString('hex') };
        this.durableChain = this.formed.copy();
        this.durableEnd = { segment: writer.number, length: writer.length, head: this.durable };
        this.settle();
        this.parts.witness?.note(this.durable);
        for (const listener of this.commitListeners) listener(commit);
      }
    } catch (error) {
      this.failWrites(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.draining = false;
    }
  }

  /** The pending records, up to one block's plaintext, chained. */
  private takeBatch() {
    let count = 0;
    let bytes = 0;
    while (count < this.pending.length) {
      const size = this.pending[count]!.length;
      if (count > 0 && bytes + size > MAX_BLOCK_PLAINTEXT_BYTES) break;
      bytes += size;
      count++;
    }
    const records = count === this.pending.length ? this.pending : this.pending.slice(0, count);
    this.pending = count === this.pending.length ? [] : this.pending.slice(count);
    this.pendingBytes -= bytes;
    const plaintext = Buffer.concat(records, bytes);
    const previousHash = this.formedHash;
    this.formed.update(plaintext);
    this.formedHash = this.formed.copy().digest();
    const first = this.formedSequence + 1;
    this.formedSequence += count;
    return { first, count, previousHash, plaintext, hash: this.formedHash };
  }

  private settle(): void {
    let ready = 0;
    while (ready < this.waiters.length && this.waiters[ready]!.sequence <= this.durable.sequence) ready++;
    for (const waiter of this.waiters.splice(0, ready)) waiter.resolve(waiter.value);
  }

  /**
   * A failed write leaves the file in doubt: nothing pending is acknowledged, and the chain goes
   * back to the durable head, so the records refused now are never written later. Appends are
   * refused until `retry` repaired the segment and a trial write succeeded.
   */
  private failWrites(error: Error): void {
    this.writeFailure = { error, since: this.writeFailure?.since ?? this.parts.now().toISOString(), cause: causeOf(error) };
    this.pending = [];
    this.pendingBytes = 0;
    this.formed = this.durableChain.copy();
    this.assigned = this.durableChain.copy();
    this.formedHash = Buffer.from(this.durable.hash, 'hex');
    this.sequence = this.formedSequence = this.durable.sequence;
    this.cachedHead = null;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    this.parts.onStorageChange?.(this.storage());
    this.scheduleRetry();
  }

  private retryPolicy() {
    return this.parts.storageRetry ?? DEFAULT_STORAGE_RETRY;
  }

  /** The next attempt to write again, after a pause that doubles up to the policy's longest. */
  private scheduleRetry(): void {
    if (this.closing || this.retryTimer !== null || this.retrying !== null) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(delay * 2, this.retryPolicy().maxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retrying = this.retry().finally(() => {
        this.retrying = null;
        if (this.writeFailure !== null) this.scheduleRetry();
      });
    }, delay);
    this.retryTimer.unref();
  }

  /** Cuts the doubtful bytes off the segment, then tries a write of its own; writable again when both succeed. */
  private async retry(): Promise<void> {
    const failure = this.writeFailure;
    const writer = this.parts.writer;
    if (this.closing || failure === null || writer === null) return;
    try {
      await writer.repair();
      await probeWrite(this.parts.directory, this.parts.openFile ?? open);
    } catch (error) {
      const again = error instanceof Error ? error : new Error(String(error));
      const cause = causeOf(again);
      this.writeFailure = { error: again, since: failure.since, cause };
      if (cause !== failure.cause) this.parts.onStorageChange?.(this.storage());
      return;
    }
    this.writeFailure = null;
    this.retryDelay = this.retryPolicy().firstMs;
    this.parts.onStorageChange?.(WRITABLE);
  }
}

/** Writes and fdatasyncs a file of its own beside the segments, then removes it: whether the disk takes writes again. */
async function probeWrite(directory: string, openFile: OpenFile): Promise<void> {
  const path = inDirectory(directory, PROBE_NAME);
  try {
    const handle = await openFile(path, 'w', 0o600);
    try {
      await handle.write(Buffer.alloc(PROBE_BYTES), 0, PROBE_BYTES, 0);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  } finally {
    await removeIfPresent(path).catch(() => undefined);
  }
}

/** The error's system code (`ENOSPC`, `EIO`, `EDQUOT`, `EROFS`, …), or `EUNKNOWN`. */
function causeOf(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : 'EUNKNOWN';
}

function refusalOf(problem: LedgerProblem): AirlockError {
  return new AirlockError(problem.code, problem.detail);
}

function toJson(value: unknown): string | undefined {
  try {
    // undefined for undefined, functions and symbols, which the type does not say.
    const json: string | undefined = JSON.stringify(value);
    return json;
  } catch {
    return undefined;
  }
}
