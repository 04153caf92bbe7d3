import { createHash } from 'node:crypto';
import type { Ledger, LedgerHead, LedgerOptions, LedgerProblem, LedgerRecord, LedgerStorage, LedgerVerification, OpenedLedger } from '../ledger/ledger.ts';

/**
 * An in-memory stand-in for the site's ledger, for unit tests of the site's own logic: it keeps
 * the ledger's contract (sequence numbers and times assigned at once, appends acknowledged
 * later in batches, checkpoints at the durable head, a failed write refusing every later one
 * until the disk takes writes again: `freeSpace`)
 * without a disk. The real ledger is tested on its own and with the site in integration tests.
 */
export class MemoryLedgerStore<E = unknown> {
  records: LedgerRecord<E>[] = [];
  checkpoints: { state: unknown; head: LedgerHead }[] = [];
  /** Set to make the next write fail, as a full disk would. */
  failNextWrite = false;
  /** Set to make the next open report this problem, as a tampered or restored ledger would. */
  problem: LedgerProblem | null = null;
  private opened: MemoryLedger<E> | null = null;

  /** Opens the ledger, as a site start does. */
  async open(options: Pick<LedgerOptions, 'now' | 'onStorageChange'>): Promise<OpenedLedger<E>> {
    const ledger = new MemoryLedger(this, options.now, options.onStorageChange);
    this.opened = ledger;
    const checkpoint = this.checkpoints.at(-1) ?? null;
    const tail = this.records.filter((record) => record.sequence > (checkpoint?.head.sequence ?? 0));
    const verification: LedgerVerification = this.problem
      ? { ok: false, problem: this.problem }
      : { ok: true, head: ledger.head(), records: this.records.length, latestAt: ledger.latestAt() };
    return {
      ledger,
      verification,
      checkpoint: checkpoint ? { state: structuredClone(checkpoint.state), head: checkpoint.head } : null,
      tail: structuredClone(tail),
      restore: null,
    };
  }

  /** What the file ledger does once its trial write succeeds after a failure: the open ledger takes appends again. */
  freeSpace(): void {
    this.opened?.recover();
  }

  /** The `openLedger` a site is given. */
  opener(): (options: LedgerOptions) => Promise<OpenedLedger<E>> {
    return (options) => this.open(options);
  }
}

const ZERO = '0'.repeat(64);

class MemoryLedger<E> implements Ledger<E> {
  private readonly appended: LedgerRecord<E>[];
  private hashes: string[];
  private durable: number;
  /** The latest record time: kept as records are appended, so a site with many records stays quick to test. */
  private latest = 0;
  private failed: Error | null = null;
  private failedSince: string | null = null;
  private flush: Promise<void> | null = null;

  constructor(
    private readonly store: MemoryLedgerStore<E>,
    private readonly now: () => Date,
    private readonly onStorageChange?: (storage: LedgerStorage) => void,
  ) {
    this.appended = [...store.records];
    this.hashes = [];
    for (const record of this.appended) this.hashes.push(chain(this.hashes.at(-1) ?? ZERO, record));
    this.durable = this.appended.length;
    this.latest = latestOf(this.appended);
  }

  head(): LedgerHead {
    return { sequence: this.appended.length, hash: this.hashes.at(-1) ?? ZERO };
  }

  headSequence(): number {
    return this.appended.length;
  }

  durableHead(): LedgerHead {
    return { sequence: this.durable, hash: this.hashes[this.durable - 1] ?? ZERO };
  }

  latestAt(): number {
    return this.latest;
  }

  append(events: readonly E[]): Promise<readonly LedgerRecord<E>[]> {
    if (this.store.problem) return Promise.reject(new Error('LEDGER_TAMPERED'));
    if (this.failed !== null) return Promise.reject(this.failed);
    const at = this.now().getTime();
    const records = events
      .map((event) => ({ sequence: this.appended.length + 1, at, event: structuredClone(event) }))
      .map((record, index) => ({ ...record, sequence: record.sequence + index }));
    for (const record of records) {
      this.appended.push(record);
      this.hashes.push(chain(this.hashes.at(-1) ?? ZERO, record));
      if (record.at > this.latest) this.latest = record.at;
    }
    // One "fsync" for everything appended in the same tick: a batch.
    this.flush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.commit());
    const batch = this.flush;
    return batch.then(() => {
      if (this.failed !== null) throw this.failed;
      return records;
    });
  }

  private commit(): void {
    this.flush = null;
    if (this.store.failNextWrite) {
      this.store.failNextWrite = false;
      this.failed = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      this.failedSince = this.now().toISOString();
      this.appended.length = this.durable;
      this.hashes.length = this.durable;
      this.latest = latestOf(this.appended);
      this.onStorageChange?.(this.storage());
      return;
    }
    // The store holds the durable records: append the new ones (copy all only if a test changed the store meanwhile).
    if (this.store.records.length === this.durable) for (let i = this.durable; i < this.appended.length; i++) this.store.records.push(this.appended[i]!);
    else this.store.records = [...this.appended];
    this.durable = this.appended.length;
  }

  storage(): LedgerStorage {
    return this.failed === null
      ? { writable: true, since: null, cause: null, message: null }
      : { writable: false, since: this.failedSince, cause: 'ENOSPC', message: this.failed.message };
  }

  recover(): void {
    if (this.failed === null) return;
    this.failed = null;
    this.failedSince = null;
    this.onStorageChange?.(this.storage());
  }

  async verify(): Promise<LedgerVerification> {
    return this.store.problem
      ? { ok: false, problem: this.store.problem }
      : { ok: true, head: this.durableHead(), records: this.durable, latestAt: this.latestAt() };
  }

  /** As the file ledger does: labelled with the head at the call, saved once that head is durable. */
  async checkpoint(state: unknown): Promise<LedgerHead> {
    const head = this.head();
    const copy = structuredClone(state);
    while (this.durable < head.sequence) {
      if (this.failed !== null) throw this.failed;
      await this.flush;
    }
    this.store.checkpoints.push({ state: copy, head });
    return head;
  }

  async close(): Promise<void> {
    await this.flush;
  }
}

function chain(previous: string, record: LedgerRecord<unknown>): string {
  return createHash('sha256').update(previous).update(JSON.stringify(record)).digest('hex');
}

function latestOf(records: readonly LedgerRecord<unknown>[]): number {
  let latest = 0;
  for (const record of records) if (record.at > latest) latest = record.at;
  return latest;
}
