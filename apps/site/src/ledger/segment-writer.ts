import { randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import type { LastSegment } from './chain-scanner.ts';
import { inDirectory, removeIfPresent, syncDirectory, type OpenFile } from './ledger-files.ts';
import {
  BLOCK_HEADER_BYTES,
  encodeSegmentHeader,
  NONCE_BYTES,
  SALT_BYTES,
  SEGMENT_HEADER_BYTES,
  sealBlock,
  segmentKey,
  segmentName,
  TAG_BYTES,
  type LedgerKeys,
} from './ledger-format.ts';

/**
 * Appends blocks to the newest segment, each write followed by fdatasync, and starts a new
 * segment when the block would take the current one past its size. `number` and `length`
 * only ever describe durable bytes, so a verification can read up to them while a write runs.
 *
 * A write or fdatasync that fails (ENOSPC, EIO) leaves the bytes past `length` in doubt: part
 * of a block, or a whole block the disk may not keep. `repair` cuts them off (or removes the
 * new segment a failed start left), so that the next write starts at a durable block boundary
 * and no record is ever written twice or torn; `write` refuses until a repair succeeded.
 */
export class SegmentWriter {
  /** True after a failed write until `repair` succeeds. */
  private doubt = false;

  private constructor(
    private readonly directory: string,
    private readonly keys: LedgerKeys,
    private readonly segmentBytes: number,
    private readonly openFile: OpenFile,
    private handle: FileHandle | null,
    private key: Buffer | null,
    /** The current segment (0 before the first). */
    public number: number,
    /** Its durable length in bytes. */
    public length: number,
  ) {}

  /**
   * Continues after the segment the scan ended in, first cutting off its torn tail (or removing
   * it when not one block of it was whole). Only called once the ledger verified.
   */
  static async resume(directory: string, keys: LedgerKeys, last: LastSegment | null, segmentBytes: number, openFile: OpenFile = open): Promise<SegmentWriter> {
    if (last === null) return new SegmentWriter(directory, keys, segmentBytes, openFile, null, null, 0, 0);
    const path = inDirectory(directory, segmentName(last.number));
    if (last.validEnd === 0) {
      await removeIfPresent(path);
      await syncDirectory(directory);
      return new SegmentWriter(directory, keys, segmentBytes, openFile, null, null, last.number - 1, 0);
    }
    const handle = await openFile(path, 'r+');
    if (last.length > last.validEnd) {
      await handle.truncate(last.validEnd);
      await handle.datasync();
    }
    return new SegmentWriter(directory, keys, segmentBytes, openFile, handle, segmentKey(keys, last.salt), last.number, last.validEnd);
  }

  /** Seals the records into one block and makes it durable; rejects with the I/O error (then `repair` before writing again). */
  async write(firstSequence: number, count: number, previousHash: Buffer, plaintext: Buffer): Promise<void> {
    if (this.doubt) throw new Error('The ledger segment must be repaired after a failed write before it is written again.');
    const blockBytes = BLOCK_HEADER_BYTES + plaintext.length + TAG_BYTES;
    try {
      if (this.handle === null || this.key === null || (this.length > SEGMENT_HEADER_BYTES && this.length + blockBytes > this.segmentBytes)) {
        await this.startSegment(firstSequence, count, previousHash, plaintext);
        return;
      }
      const block = sealBlock(this.key, randomBytes(NONCE_BYTES), firstSequence, count, previousHash, plaintext);
      await writeAll(this.handle, block, this.length);
      await this.handle.datasync();
      this.length += block.length;
    } catch (error) {
      this.doubt = true;
      throw error;
    }
  }

  /**
   * After a failed write: cuts the current segment back to its durable length and makes that
   * durable (a failed new segment was removed when it failed). Rejects with the I/O error when
   * the disk still refuses; call again later.
   */
  async repair(): Promise<void> {
    if (!this.doubt) return;
    // A new segment whose failed start could not even be removed then.
    await removeIfPresent(inDirectory(this.directory, segmentName(this.number + 1)));
    if (this.handle !== null) {
      await this.handle.truncate(this.length);
      await this.handle.datasync();
    }
    this.doubt = false;
  }

  /** A new segment's header and first block go in one write, then the file and its directory entry are synced. */
  private async startSegment(firstSequence: number, count: number, previousHash: Buffer, plaintext: Buffer): Promise<void> {
    const salt = randomBytes(SALT_BYTES);
    const key = segmentKey(this.keys, salt);
    const block = sealBlock(key, randomBytes(NONCE_BYTES), firstSequence, count, previousHash, plaintext);
    const bytes = Buffer.concat([encodeSegmentHeader(salt), block]);
    const path = inDirectory(this.directory, segmentName(this.number + 1));
    const handle = await this.openFile(path, 'wx', 0o600);
    try {
      await writeAll(handle, bytes, 0);
      await handle.datasync();
      await syncDirectory(this.directory);
    } catch (error) {
      // Never acknowledged: the segment goes, so the next attempt starts it afresh (a crash before this leaves a torn tail that open cuts).
      await handle.close().catch(() => undefined);
      await removeIfPresent(path).catch(() => undefined);
      await syncDirectory(this.directory).catch(() => undefined);
      throw error;
    }
    const previous = this.handle;
    [this.handle, this.key, this.number, this.length] = [handle, key, this.number + 1, bytes.length];
    await previous?.close();
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
  }
}

async function writeAll(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    if (bytesWritten === 0) throw new Error('The ledger segment accepted no bytes.');
    written += bytesWritten;
  }
}
