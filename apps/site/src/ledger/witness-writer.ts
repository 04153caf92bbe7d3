import type { LedgerHead } from './ledger.ts';
import { replaceFile } from './ledger-files.ts';
import { encodeWitness } from './witness-file.ts';

/**
 * Keeps the witness file at the newest durable head, off the path of acknowledgements: it is
 * told each head after its batch is fdatasync'd (so it never leads the ledger), writes the
 * newest one it was told (heads told while a write runs are skipped) by an atomic rename, and
 * does not fsync it. A crash may leave it behind the ledger, which open accepts; the machine's
 * crash may even leave it empty, which reads as missing. Only `close` makes it durable.
 */
export class WitnessWriter {
  private target: LedgerHead | null = null;
  private written: LedgerHead | null = null;
  private running: Promise<void> | null = null;
  /** The last write's failure; the next head retries, and `close` throws it if it persists. */
  private failure: Error | null = null;

  constructor(
    private readonly file: string,
    private readonly key: Buffer,
  ) {}

  note(head: LedgerHead): void {
    this.target = head;
    this.running ??= this.run();
  }

  private async run(): Promise<void> {
    try {
      while (this.target !== null && this.target !== this.written) {
        const head = this.target;
        await replaceFile(this.file, encodeWitness(this.key, head), false);
        this.written = head;
      }
      this.failure = null;
    } catch (error) {
      this.failure = error instanceof Error ? error : new Error(String(error));
    } finally {
      this.running = null;
    }
  }

  /** Waits for the write under way, then writes `head` durably (fdatasync, rename, directory sync). */
  async close(head: LedgerHead | null): Promise<void> {
    await this.running;
    if (head !== null) await replaceFile(this.file, encodeWitness(this.key, head), true);
    else if (this.failure !== null) throw this.failure;
  }
}
