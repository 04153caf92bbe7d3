import { dirname } from 'node:path';
import { lockDirectory } from './directory-lock.ts';
import { FileLedger } from './file-ledger.ts';
import type { LedgerOptions, LedgerRecord, OpenedLedger } from './ledger.ts';
import { ensureDirectory, inDirectory, removeIfPresent, replaceFile } from './ledger-files.ts';
import { DEFAULT_SEGMENT_BYTES, deriveLedgerKeys, LOCK_NAME, SEGMENT_HEADER_BYTES } from './ledger-format.ts';
import { readLedger } from './read-ledger.ts';
import { SegmentWriter } from './segment-writer.ts';
import { encodeWitness } from './witness-file.ts';
import { WitnessWriter } from './witness-writer.ts';

/**
 * Opens the site's ledger: takes the directory's lock, reads and verifies everything on disk
 * (blocks, chain, checkpoints, witness), and returns the newest checkpoint with the records
 * after it. A ledger that fails verification is still returned, readable, with the problem in
 * `verification`, and refuses to append; nothing on disk is changed then. A verified ledger
 * first cuts off a torn tail (a commit a crash interrupted, never acknowledged) and brings a
 * missing or lagging witness up to its head.
 *
 * Throws (and holds no lock) only for what is not the ledger's content: a key that is not 32
 * bytes, a lock held by a live process (LedgerLockedError), an I/O error.
 *
 * @example
 * ```ts
 * const { ledger, verification, checkpoint, tail } = await openLedger<SiteEvent>({
 *   directory: join(dataDir, 'ledger'), key, witnessFile: '/var/lib/airlock-witness/site', now: () => new Date(),
 * });
 * if (!verification.ok) reportTampered(verification.problem);
 * let state = tail.reduce(apply, checkpoint?.state ?? emptyState);
 * await ledger.append([{ type: 'consumed', meter: 'bot-runs', amount: 1 }]);
 * ```
 */
export async function openLedger<E>(options: LedgerOptions): Promise<OpenedLedger<E>> {
  const keys = deriveLedgerKeys(options.key);
  const segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
  if (!Number.isSafeInteger(segmentBytes) || segmentBytes <= SEGMENT_HEADER_BYTES)
    throw new RangeError(`segmentBytes must be a whole number above ${SEGMENT_HEADER_BYTES}.`);
  const { maxBatchDelayMs } = options;
  if (maxBatchDelayMs !== undefined && !(maxBatchDelayMs >= 0 && maxBatchDelayMs <= 1_000)) throw new RangeError('maxBatchDelayMs must be between 0 and 1000.');
  const { directory, witnessFile } = options;
  await ensureDirectory(directory);
  if (witnessFile !== null) await ensureDirectory(dirname(witnessFile));
  const release = await lockDirectory(directory);
  try {
    const restoredHead = options.restoredHead ?? null;
    const reading = await readLedger({ directory, keys, witnessFile, decode: true, restoredHead });
    const { verification } = reading;
    let writer: SegmentWriter | null = null;
    let witness: WitnessWriter | null = null;
    if (verification.ok) {
      writer = await SegmentWriter.resume(directory, keys, reading.lastSegment, segmentBytes, options.openFile);
      for (const name of reading.temporary) if (!name.startsWith(`${LOCK_NAME}.`)) await removeIfPresent(inDirectory(directory, name));
      if (witnessFile !== null) {
        witness = new WitnessWriter(witnessFile, keys.witness);
        const witnessed = reading.witness.kind === 'valid' ? reading.witness.head : null;
        // A restore's witness keeps the head it remembers: the gap is the site's to record first.
        if (reading.restore === null && witnessed?.sequence !== reading.head.sequence)
          await replaceFile(witnessFile, encodeWitness(keys.witness, reading.head), true);
      }
    }
    const ledger = new FileLedger<E>({
      directory,
      keys,
      witnessFile,
      now: options.now,
      maxBatchDelayMs,
      writer,
      witness,
      restoredHead: reading.restore ? restoredHead : null,
      problem: verification.ok ? null : verification.problem,
      head: reading.head,
      chain: reading.chain,
      latestAt: reading.latestAt,
      release,
      onStorageChange: options.onStorageChange,
      storageRetry: options.storageRetry,
      openFile: options.openFile,
    });
    return {
      ledger,
      verification,
      checkpoint: reading.checkpoint,
      tail: reading.tail as readonly LedgerRecord<E>[],
      salvaged: reading.salvaged,
      restore: reading.restore,
    };
  } catch (error) {
    await release();
    throw error;
  }
}
