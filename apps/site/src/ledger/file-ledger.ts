import { randomBytes, type Hash } from 'node:crypto';
import { AirlockError } from '@airlock/core';
import { MAX_CHECKPOINT_BYTES, sealCheckpoint } from './checkpoint-file.ts';
import type { Ledger, LedgerHead, LedgerProblem, LedgerRecord, LedgerVerification } from './ledger.ts';
import { inDirectory, listLedgerDirectory, removeIfPresent, replaceFile } from './ledger-files.ts';
import { checkpointName, encodeRecord, MAX_BLOCK_PLAINTEXT_BYTES, MAX_EVENT_BYTES, NONCE_BYTES, type LedgerKeys } from './ledger-format.ts';
import { readLedger, type DurableSnapshot } from './read-ledger.ts';
import type { SegmentWriter } from './segment-writer.ts';
import type { WitnessWriter } from './witness-writer.ts';

/** Checkpoints kept: the newest, and the one before in case the newest cannot be read. */
const KEEP_CHECKPOINTS = 2;
const DEFAULT_MAX_BATCH_DELAY_MS = 2;

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
  private readonly assigned: Hash;
  /** The chain through every record handed to the writer, and where that is. */
  private readonly formed: Hash;
  private formedHash: Buffer;
  private formedSequence: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly waiters: Waiter[] = [];
  private cachedHead: LedgerHead | null = null;
  private refusal: Error | null;
  private writeFailure: Error | null = null;
  private scheduled = false;
  private draining = false;
  private checkpoints: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | null = null;
  private readonly maxBatchDelayMs: number;

  constructor(private readonly parts: FileLedgerParts) {
    this.sequence = this.formedSequence = parts.head.sequence;
    this.durable = parts.head;
    this.durableEnd = { segment: parts.writer?.number ?? 0, length: parts.writer?.length ?? 0, head: parts.head };
    this.latest = parts.latestAt;
    this.formed = parts.chain;
    this.assigned = parts.chain.copy();
    this.formedHash = Buffer.from(parts.head.hash, 'hex');
    this.refusal = parts.problem ? refusalOf(parts.problem) : parts.writer ? null : new Error('The ledger is open for reading only.');
    this.maxBatchDelayMs = parts.maxBatchDelayMs ?? DEFAULT_MAX_BATCH_DELAY_MS;
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
    const reading = await readLedger({ directory, keys, witnessFile, decode: false, restoredHead: this.parts.restoredHead, ...(writer ? { durable: () => this.durableEnd } : {}) });
    if (!reading.verification.ok) this.refusal ??= refusalOf(reading.verification.problem);
    return reading.verification;
  }

  checkpoint(state: unknown): Promise<LedgerHead> {
    if (this.refusal) return Promise.reject(this.refusal);
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
    try {
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
    if (this.writeFailure) return Promise.reject(this.writeFailure);
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
    if (writer === null) return;
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.takeBatch();
        await writer.write(batch.first, batch.count, batch.previousHash, batch.plaintext);
        this.durable = { sequence: batch.first + batch.count - 1, hash: batch.hash.toString('hex') };
        this.durableEnd = { segment: writer.number, length: writer.length, head: this.durable };
        this.settle();
        this.parts.witness?.note(this.durable);
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

  /** A failed write leaves the file in doubt: nothing pending is acknowledged, nothing more is appended. */
  private failWrites(error: Error): void {
    this.writeFailure = error;
    this.refusal ??= error;
    this.pending = [];
    this.pendingBytes = 0;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }
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
