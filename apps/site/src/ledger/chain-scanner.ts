import type { Hash } from 'node:crypto';
import type { LedgerHead, LedgerRecord } from './ledger.ts';
import {
  BLOCK_HEADER_BYTES,
  EMPTY_HASH,
  digestOf,
  isPlausibleBlockHeader,
  newChain,
  openBlock,
  readBlockHeader,
  readRecordHeader,
  RECORD_HEADER_BYTES,
  SEGMENT_HEADER_BYTES,
  SEGMENT_MAGIC,
  segmentKey,
  type LedgerKeys,
} from './ledger-format.ts';

export interface ScanOptions {
  /** Sequences whose chain hash the caller needs (checkpoints, the witness). */
  readonly wanted: ReadonlySet<number>;
  /** Records after this sequence are decoded (their events parsed); Infinity for none. */
  readonly decodeAfter: number;
  /** At open, the last segment may end in a torn, never-acknowledged block; while running it may not. */
  readonly tornTailAllowed: boolean;
}

/** Where the last segment's valid bytes end; past them is a torn tail. */
export interface LastSegment {
  readonly number: number;
  readonly salt: Buffer;
  readonly validEnd: number;
  readonly length: number;
}

/**
 * Walks segments in order, checking every block and record (the pure half of verification:
 * the caller reads the files). Stops at the first problem, reported with the first sequence
 * that can no longer be trusted. Everything before it stays readable.
 */
export class ChainScanner {
  sequence = 0;
  latestAt = 0;
  problem: { readonly sequence: number; readonly reason: string } | null = null;
  lastSegment: LastSegment | null = null;
  readonly hashes = new Map<number, Buffer>();
  readonly records: LedgerRecord[] = [];
  private readonly running: Hash = newChain();
  private previousHash: Buffer = EMPTY_HASH;

  constructor(
    private readonly keys: LedgerKeys,
    private readonly options: ScanOptions,
  ) {
    if (options.wanted.has(0)) this.hashes.set(0, EMPTY_HASH);
  }

  /** A copy of the running chain, positioned after the last record taken. */
  chain(): Hash {
    return this.running.copy();
  }

  head(): LedgerHead {
    return { sequence: this.sequence, hash: this.previousHash.toString('hex') };
  }

  /** Scans one segment file; false once a problem was found (then scan no further). */
  segment(number: number, bytes: Buffer, isLast: boolean): boolean {
    const tornAllowed = isLast && this.options.tornTailAllowed;
    if (bytes.length < SEGMENT_HEADER_BYTES || !bytes.subarray(0, SEGMENT_MAGIC.length).equals(SEGMENT_MAGIC)) {
      // A segment's header and first block are written together: a short or zeroed last segment is a torn first write.
      if (tornAllowed && (bytes.length < SEGMENT_HEADER_BYTES || isTorn(bytes, 0, null))) return this.endAt(number, Buffer.alloc(0), 0, bytes.length);
      return this.fail(`segment ${number} does not start with a segment header`);
    }
    const salt = Buffer.from(bytes.subarray(SEGMENT_MAGIC.length, SEGMENT_HEADER_BYTES));
    const key = segmentKey(this.keys, salt);
    let offset = SEGMENT_HEADER_BYTES;
    while (offset < bytes.length) {
      const remaining = bytes.length - offset;
      const header = remaining >= BLOCK_HEADER_BYTES ? readBlockHeader(bytes, offset) : null;
      const plausible = header !== null && isPlausibleBlockHeader(header, this.sequence + 1);
      if (!plausible || remaining < BLOCK_HEADER_BYTES + header.sealedBytes) {
        if (tornAllowed && isTorn(bytes, offset, plausible ? header : null)) break;
        return this.fail(plausible ? `the block in ${number} at byte ${offset} is cut short` : `the block in ${number} at byte ${offset} has a broken header`);
      }
      const plaintext = openBlock(key, bytes, offset, header.sealedBytes, this.previousHash);
      if (plaintext === null) return this.fail(`the block in ${number} at byte ${offset} does not decrypt at this place in the chain`);
      if (!this.takeRecords(plaintext, header.count)) return false;
      offset += BLOCK_HEADER_BYTES + header.sealedBytes;
    }
    if (offset === SEGMENT_HEADER_BYTES && !isLast) return this.fail(`segment ${number} holds no block`);
    if (!isLast) return true;
    if (offset === SEGMENT_HEADER_BYTES && this.options.tornTailAllowed) return this.endAt(number, Buffer.alloc(0), 0, bytes.length);
    return this.endAt(number, salt, offset, bytes.length);
  }

  private endAt(number: number, salt: Buffer, validEnd: number, length: number): boolean {
    this.lastSegment = { number, salt, validEnd, length };
    return true;
  }

  private fail(reason: string): false {
    this.problem = { sequence: this.sequence + 1, reason };
    return false;
  }

  /**
   * Checks the records of one authenticated block, then takes them all or none: a block is
   * the unit of trust, so a problem is reported at its first sequence.
   */
  private takeRecords(plaintext: Buffer, count: number): boolean {
    const first = this.sequence + 1;
    const decoded: LedgerRecord[] = [];
    const hashes: [number, Buffer][] = [];
    let latestAt = this.latestAt;
    let offset = 0;
    let hashed = 0;
    for (let index = 0; index < count; index++) {
      if (plaintext.length - offset < RECORD_HEADER_BYTES) return this.fail('a block holds fewer records than it says');
      const record = readRecordHeader(plaintext, offset);
      const end = offset + RECORD_HEADER_BYTES + record.eventBytes;
      if (record.sequence !== first + index || end > plaintext.length || !Number.isSafeInteger(record.at)) {
        return this.fail('a record is out of sequence or malformed');
      }
      if (record.at > latestAt) latestAt = record.at;
      if (record.sequence > this.options.decodeAfter) {
        const event = parseEvent(plaintext, offset + RECORD_HEADER_BYTES, end);
        if (event === undefined) return this.fail('a record does not hold a JSON event');
        decoded.push({ sequence: record.sequence, at: record.at, event: event.value });
      }
      if (this.options.wanted.has(record.sequence) && index < count - 1) {
        this.running.update(plaintext.subarray(hashed, end));
        hashed = end;
        hashes.push([record.sequence, digestOf(this.running)]);
      }
      offset = end;
    }
    if (offset !== plaintext.length) return this.fail('a block holds more than its records');
    this.running.update(plaintext.subarray(hashed));
    this.previousHash = digestOf(this.running);
    this.sequence += count;
    this.latestAt = latestAt;
    for (const record of decoded) this.records.push(record);
    for (const [sequence, hash] of hashes) this.hashes.set(sequence, hash);
    if (this.options.wanted.has(this.sequence)) this.hashes.set(this.sequence, this.previousHash);
    return true;
  }
}

function parseEvent(plaintext: Buffer, start: number, end: number): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(plaintext.toString('utf8', start, end)) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * Whether the bytes from `offset` to the end are what an interrupted write of the next block
 * leaves: fewer bytes than a block header, a plausible header whose block the file ends
 * inside, or only zero bytes (a file extended but not written before a power cut).
 */
function isTorn(bytes: Buffer, offset: number, header: { readonly sealedBytes: number } | null): boolean {
  const remaining = bytes.length - offset;
  if (remaining < BLOCK_HEADER_BYTES) return true;
  if (header !== null && remaining < BLOCK_HEADER_BYTES + header.sealedBytes) return true;
  return bytes.subarray(offset).every((byte) => byte === 0);
}
